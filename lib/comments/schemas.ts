import { z } from "zod";

/** Comment text: plain text, trimmed, 1..5000 characters (the database checks the same bound). */
export const commentBodySchema = z
  .string()
  // PostgreSQL text cannot hold NUL; nobody means to type one.
  .transform((s) => s.replaceAll("\u0000", ""))
  .pipe(z.string().trim().min(1, "must not be empty").max(5000, "must be at most 5000 characters"));

/** A frame number of the source timeline (0-based). */
export const frameSchema = z.int().min(0).max(2_147_483_647);
