import { z } from "zod";

/** `POST /api/versions/:id/urgency` → 200: whether the version now jumps the processing queue. */
export const versionUrgencyAnswerSchema = z.strictObject({
  version: z.strictObject({ id: z.string(), isUrgent: z.boolean() }),
});
export type VersionUrgencyAnswer = z.infer<typeof versionUrgencyAnswerSchema>;
