import { z } from "zod";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { MEDIA_FORMATS } from "@/lib/media/media-formats";

/**
 * What AXIOM accepts as an upload and how it is cut into parts. Pure functions: the limits
 * come in as a parameter (`uploadLimitsFromEnv` builds them at the edge), so tests and the
 * bench choose their own.
 */

const MiB = 1024 * 1024;

export type UploadLimits = {
  /** Largest accepted master (413 above). */
  maxBytes: number;
  /** Up to this size the browser sends one presigned PUT; above it, a multipart upload. */
  singlePutMaxBytes: number;
  /** Preferred part size; grows for huge files so the part count stays within S3's 10,000. */
  partBytes: number;
  /** Lifetime of every presigned URL. Expiry is enforced by the object store, not by us. */
  urlTtlSeconds: number;
};

export function uploadLimitsFromEnv(env: Env): UploadLimits {
  return {
    maxBytes: env.UPLOAD_MAX_BYTES,
    singlePutMaxBytes: env.UPLOAD_SINGLE_PUT_MAX_BYTES,
    partBytes: env.UPLOAD_PART_BYTES,
    urlTtlSeconds: env.UPLOAD_URL_TTL_SECONDS,
  };
}

// S3's own multipart rules (AWS, MinIO and s3rver agree): parts 1..10,000, every part but the
// last at least 5 MiB, at most 5 GiB each.
export const S3_MAX_PARTS = 10_000;
export const S3_MIN_PART_BYTES = 5 * MiB;
export const S3_MAX_PART_BYTES = 5 * 1024 * MiB;
/** Presigned part URLs handed out per request: 100 URLs ≈ 60 KB of JSON, 1.6 GB of 16 MiB parts. */
export const MAX_PARTS_PER_REQUEST = 100;

/** How a multipart upload is cut: every part `partSize` bytes but the last, which holds the rest. */
export type PartPlan = { partSize: number; partCount: number };

export type UploadPlan = { mode: "single" } | ({ mode: "multipart" } & PartPlan);

/** Part size for a file: the configured size, grown in whole MiB when the file needs > 10,000 parts. */
export function choosePartSize(size: number, partBytes: number): number {
  const minForCount = Math.ceil(size / S3_MAX_PARTS);
  const partSize = Math.max(partBytes, S3_MIN_PART_BYTES, Math.ceil(minForCount / MiB) * MiB);
  if (partSize > S3_MAX_PART_BYTES) throw new AppError("payload_too_large", "File is too large for a multipart upload.");
  return partSize;
}

function partPlan(size: number, partSize: number): PartPlan {
  return { partSize, partCount: Math.ceil(size / partSize) };
}

export function planUpload(size: number, limits: UploadLimits): UploadPlan {
  if (size <= limits.singlePutMaxBytes) return { mode: "single" };
  return { mode: "multipart", ...partPlan(size, choosePartSize(size, limits.partBytes)) };
}

/**
 * The part plan a multipart upload was started with. The part size is stored on the version at
 * creation (`upload_part_bytes`), so changing UPLOAD_PART_BYTES later cannot move the part
 * boundaries of an upload in flight. Rows created before that column existed fall back to the
 * current setting. Only for multipart uploads (see `requireOpenMultipart`).
 */
export function storedPartPlan(
  version: { sizeBytes: number; uploadPartBytes: number | null },
  limits: Pick<UploadLimits, "partBytes">,
): PartPlan {
  return partPlan(version.sizeBytes, version.uploadPartBytes ?? choosePartSize(version.sizeBytes, limits.partBytes));
}

/** Bytes part `partNumber` (1-based) must hold: the part size, except the last, which holds the rest. */
export function expectedPartBytes(size: number, partSize: number, partNumber: number): number {
  return Math.min(partSize, size - (partNumber - 1) * partSize);
}

// ---------------------------------------------------------------------------------------
// File names

// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A file name is metadata (it is shown and offered as the download name, never used as a
 * key), but one that looks like a path is refused rather than silently cut: `a/b.mov`,
 * `..\x.mov`, names with control characters, `.` and `..`, and names above 255 characters
 * (the common file-system limit).
 */
export const fileNameSchema = z
  .string()
  .min(1, "file name is empty")
  .refine((n) => [...n].length <= 255, "file name is longer than 255 characters")
  .refine((n) => !n.includes("/") && !n.includes("\\"), "file name must not contain / or \\")
  .refine((n) => !CONTROL_CHARS.test(n), "file name must not contain control characters")
  .refine((n) => n.trim() === n && n !== "." && n !== "..", "file name must not be . or .. or start/end with spaces");

/** Asset names: what the team calls the shot; shown everywhere, so the same hygiene. */
export const assetNameSchema = z
  .string()
  .trim()
  .min(1, "asset name is empty")
  .max(200, "asset name is longer than 200 characters")
  .refine((n) => !CONTROL_CHARS.test(n), "asset name must not contain control characters");

// ---------------------------------------------------------------------------------------
// Media types

// Browsers send "" or application/octet-stream when they do not know an extension
// (Chromium does for .mxf and often .mts); the extension decides then.
const GENERIC_CONTENT_TYPES = new Set(["", "application/octet-stream", "binary/octet-stream"]);
// Media types some browsers and OSes give without a video/ or audio/ prefix.
const MEDIA_APPLICATION_TYPES = new Set(["application/mxf", "application/ogg", "application/vnd.ms-asf"]);
const CONTENT_TYPE_SYNTAX = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export function fileExtension(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
}

/**
 * The content type to store (and sign into the PUT URL) for a file, or a 415.
 * The extension decides whether a file is accepted. The declared type is the browser's guess from
 * the OS's MIME database and is kept only when it is a well-formed media type: anything else is
 * the extension's type. Refusing it would blame the producer for their desktop's guess — Linux
 * maps `.ts` to Qt Linguist (`text/vnd.trolltech.linguist`), some systems `.mts` to text. Nothing
 * rides on the declared type: the server signs the type it chose, the browser sends that, and the
 * worker probes the bytes.
 */
export function resolveContentType(fileName: string, declared: string): string {
  const ext = fileExtension(fileName);
  const byExtension = MEDIA_FORMATS[ext]?.contentType;
  if (!byExtension) {
    throw new AppError(
      "unsupported_media_type",
      `${ext ? `.${ext}` : "Files without an extension"} cannot be uploaded. Accepted: ${Object.keys(MEDIA_FORMATS).join(", ")}.`,
      { field: "fileName" },
    );
  }
  const type = declared.split(";")[0]!.trim().toLowerCase();
  if (GENERIC_CONTENT_TYPES.has(type)) return byExtension;
  const isMedia = type.startsWith("video/") || type.startsWith("audio/") || MEDIA_APPLICATION_TYPES.has(type);
  return isMedia && CONTENT_TYPE_SYNTAX.test(type) ? type : byExtension;
}

/** 422 for an empty file, 413 above the limit. */
export function assertAcceptableSize(size: number, limits: UploadLimits): void {
  if (size < 1) throw new AppError("validation_failed", "size: the file is empty", { field: "size" });
  if (size > limits.maxBytes) {
    throw new AppError("payload_too_large", `The file is larger than the ${formatBytes(limits.maxBytes)} limit.`, {
      field: "size",
    });
  }
}

export const sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "sha256 must be 64 hexadecimal characters")
  .transform((s) => s.toLowerCase());

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
