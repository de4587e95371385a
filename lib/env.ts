import { z } from "zod";
import { DEFAULT_STALE_AFTER_SECONDS } from "@/lib/processing/stale-window";

/**
 * The only module that reads `process.env`. Everything else asks `getEnv()` (or receives
 * the values it needs as parameters), so a misconfiguration fails once, early, with the
 * name of the variable — not as an `undefined` deep inside a request.
 *
 * Parsing is lazy: `next build` imports route modules without a runtime environment.
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),

  // The app role the web app and the worker connect as (no DDL; audit_events append-only).
  DATABASE_URL: z.string().url(),
  // The owner role `npm run db:migrate` connects as (DDL). Unset: migrations run as DATABASE_URL,
  // which then owns the tables — as before, with a warning (docs/security.md, "Database roles").
  DATABASE_OWNER_URL: z.string().url().optional(),

  // Object storage (any S3-compatible endpoint). S3_ENDPOINT unset means AWS S3 itself.
  S3_ENDPOINT: z.string().url().optional(),
  // Endpoint the *browser* uses for presigned URLs, when it differs from the server's view
  // (e.g. the worker reaches MinIO at http://minio:9000 but browsers at https://s3.example.com).
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).default("axiom"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),

  // Auth
  // Required by the web app (lib/auth/auth-options.ts checks it); workers do not sign sessions.
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  // Reverse proxies in front of the web app that append to X-Forwarded-For: the client's address
  // is this many entries from the end (0 and 1 both mean the last). lib/auth/client-ip.ts.
  AXIOM_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),

  // Audit trail HMAC keys (lib/audit): read on their own by getAuditKeys() below.
  AUDIT_HMAC_KEY: z.string().optional(),
  AUDIT_HMAC_PREVIOUS_KEYS: z.string().optional(),

  // Upload limits
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(200 * GiB),
  UPLOAD_SINGLE_PUT_MAX_BYTES: z.coerce.number().int().positive().default(64 * MiB),
  UPLOAD_PART_BYTES: z.coerce.number().int().min(5 * MiB).default(16 * MiB),
  UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(3600),
  UPLOAD_ABANDON_AFTER_HOURS: z.coerce.number().positive().default(24),
  // Parts each browser sends at once per file. 4 fills a typical uplink without starving the page;
  // more helps on long fat links (high latency), 16 keeps a tab from opening dozens of sockets.
  UPLOAD_PARALLEL_PARTS: z.coerce.number().int().min(1).max(16).default(4),

  // Worker
  // Unset: chosen from the cores the worker may run on (lib/processing/worker-scaling.ts).
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // 0: FFmpeg decides. Unset: cores / concurrency when several jobs run at once, else 0.
  FFMPEG_THREADS: z.coerce.number().int().min(0).max(256).optional(),
  WORKER_SCRATCH_DIR: z.string().optional(),
  // Tests use a few seconds (see docs/processing.md, "Crash recovery").
  WORKER_STALE_AFTER_SECONDS: z.coerce.number().int().min(2).default(DEFAULT_STALE_AFTER_SECONDS),
  // Wall-clock limit of one processing attempt: base + factor × media duration (docs/processing.md).
  WORKER_JOB_TIMEOUT_BASE_SECONDS: z.coerce.number().positive().default(60),
  WORKER_JOB_TIMEOUT_PER_MEDIA_SECOND: z.coerce.number().positive().default(20),
  // Sum of every rendition of one version; a bigger result is refused, not uploaded.
  WORKER_MAX_OUTPUT_BYTES: z.coerce.number().int().positive().default(50 * GiB),
  // Claims of one version before a transient failure (storage, database, timeout) becomes ERROR.
  WORKER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(5),
  // Who FFmpeg/ffprobe run as (they parse untrusted uploads): "auto" = nobody (65534:65534) when the
  // worker runs as root, else the worker's own user; "off" = always the worker's user; "UID:GID".
  WORKER_FFMPEG_USER: z
    .string()
    .regex(/^(auto|off|\d+:\d+)$/, 'expected "auto", "off" or "UID:GID"')
    .default("auto"),
  // Virtual-memory cap of each FFmpeg/ffprobe (RLIMIT_AS). Generous: threads reserve far more than they use.
  WORKER_FFMPEG_MAX_MEMORY_BYTES: z.coerce.number().int().min(512 * MiB).default(32 * GiB),
  MEDIA_X264_PRESET: z.enum(["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"]).default("veryfast"),
  MEDIA_MAX_DURATION_SECONDS: z.coerce.number().positive().default(6 * 3600),
  MEDIA_MAX_WIDTH: z.coerce.number().int().positive().default(8192),
  MEDIA_MAX_HEIGHT: z.coerce.number().int().positive().default(4320),

  // Events (docs/events.md). Days the outbox keeps events: a live stream reconnecting, or a consumer
  // catching up, within this window misses nothing. 30: a month, at roughly 1 kB per event with its indexes.
  EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Deliveries the worker's events runner makes at once: consumers that are slow each hold one slot.
  EVENTS_RELAY_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  // Webhooks (docs/webhooks.md). Endpoints on loopback, link-local or private addresses are
  // refused unless this is "true" (a receiver on the same host or LAN, development, tests).
  WEBHOOK_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  // Encrypts endpoints' signing secrets at rest (docs/security.md, "Webhook secrets"); without
  // it no endpoint can be created or delivered to. At least 32 characters: `openssl rand -base64 32`.
  WEBHOOK_SECRETS_KEY: z.string().min(32, "WEBHOOK_SECRETS_KEY must be at least 32 characters").optional(),

  // Review links (docs/review-links.md): lifetime of the presigned URLs of a guest's segments and
  // images, and of a guest's playlists in the browser cache. At most 60 s, so a revoked link stops
  // playing on an open page within a minute; tests shorten it.
  REVIEW_LINK_MEDIA_URL_SECONDS: z.coerce.number().int().min(2).max(60).default(60),

  // E-mail (docs/notifications.md, "E-mail"): read on their own by getMailSettings() below.
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache(): void {
  cached = undefined;
  cachedAuditKeys = undefined;
  cachedMailSettings = undefined;
}

// ---------------------------------------------------------------------------------------
// Audit keys, parsed on their own: every process that writes audit events needs them (web,
// worker, seed, tests), some of which have no full environment (tests set no DATABASE_URL).

const auditKeysSchema = z.object({
  // Signs the audit chain (HMAC-SHA-256); keep it outside the database and its backups.
  AUDIT_HMAC_KEY: z.string().min(32, "AUDIT_HMAC_KEY must be at least 32 characters").optional(),
  // Earlier keys, oldest first, comma-separated: verification only (key rotation, docs/security.md).
  AUDIT_HMAC_PREVIOUS_KEYS: z.string().optional(),
});

export type AuditKeys = {
  /** Signs new audit events; null: none configured (events are chained unkeyed, with a warning). */
  current: Buffer | null;
  /** Oldest first, then `current`: the keys a chain may have been signed with, in order of use. */
  all: Buffer[];
};

let cachedAuditKeys: AuditKeys | undefined;

export function parseAuditKeys(source: Record<string, string | undefined>): AuditKeys {
  const result = auditKeysSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const previous = (result.data.AUDIT_HMAC_PREVIOUS_KEYS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const current = result.data.AUDIT_HMAC_KEY ? Buffer.from(result.data.AUDIT_HMAC_KEY, "utf8") : null;
  const all = previous.map((k) => Buffer.from(k, "utf8"));
  if (current) all.push(current);
  return { current, all };
}

export function getAuditKeys(): AuditKeys {
  cachedAuditKeys ??= parseAuditKeys(process.env);
  return cachedAuditKeys;
}

// ---------------------------------------------------------------------------------------
// E-mail settings, parsed on their own: the worker sends, the web and the worker's consumers
// write links, and tests set only these.

const mailSettingsSchema = z.object({
  // smtp://user:pass@host:587 or smtps://… (nodemailer's URL form). Unset: e-mails are kept, not sent.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  EMAIL_FROM: z.string().min(3).default("AXIOM <axiom@localhost>"),
  // Links in e-mails are absolute: the address people reach the app at.
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
});

export type MailSettings = { smtpUrl: string | null; from: string; appUrl: string };

let cachedMailSettings: MailSettings | undefined;

export function parseMailSettings(source: Record<string, string | undefined>): MailSettings {
  const result = mailSettingsSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const { SMTP_URL, EMAIL_FROM, NEXTAUTH_URL } = result.data;
  return { smtpUrl: SMTP_URL ?? null, from: EMAIL_FROM, appUrl: NEXTAUTH_URL.replace(/\/+$/, "") };
}

export function getMailSettings(): MailSettings {
  cachedMailSettings ??= parseMailSettings(process.env);
  return cachedMailSettings;
}
