import { z } from "zod";

/** Emails are stored lower-cased and trimmed (the database checks the lower-casing). */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, "is too long")
  .pipe(z.email("must be a valid email address"));

export const userNameSchema = z.string().trim().min(1, "is required").max(200, "is too long");

