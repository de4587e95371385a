import { z } from "zod";

/** A playlist's name as a body field: trimmed, NULs dropped, 1–200 characters (the table's check). */
export const playlistNameSchema = z
  .string()
  .transform((s) => s.replaceAll("\u0000", "").trim())
  .pipe(z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"));
