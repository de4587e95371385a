import { z } from "zod";

export const projectNameSchema = z.string().trim().min(1, "is required").max(200, "is too long");

/** Production codes are short and shouty ("DEMO", "NGT_S01"); lower-case input is upper-cased. */
export const projectCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_]{2,16}$/, "must be 2–16 letters, digits or underscores");
