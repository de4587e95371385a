import { z } from "zod";

/** `POST /api/versions/:id/retry` → 202: the version is PENDING again; follow it at `statusUrl`. */
export const retriedVersionAnswerSchema = z.strictObject({
  version: z.strictObject({ id: z.string(), processingState: z.literal("PENDING") }),
  statusUrl: z.string(),
});
export type RetriedVersionAnswer = z.infer<typeof retriedVersionAnswerSchema>;
