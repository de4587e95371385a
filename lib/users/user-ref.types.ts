import { z } from "zod";

/** A person as the API names them beside what they did (author, decider, resolver, uploader). */
export const userRefSchema = z.strictObject({ id: z.string(), name: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;
