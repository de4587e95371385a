import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The two ways an audit row's hash is computed (column `hash_version`), in plain JS so that
 * `npm run audit:verify` trusts nothing the database computes — an owner who can replace a SQL
 * function could make any check done in SQL pass.
 *
 * - 1: SHA-256 of `seq|prev_hash|µs|actor|action|entity_type|entity_id|project|data::text`, as
 *   `axiom_audit_hash` (migration 0001) computes it. Unkeyed: anyone who can write the table
 *   can recompute a whole forged chain. Rows from before AUDIT_HMAC_KEY, or written without it.
 * - 2: HMAC-SHA-256 with AUDIT_HMAC_KEY over a JSON array of the same fields (unambiguous, unlike
 *   a `|`-joined string) with the data in canonical JSON. The key never reaches the database.
 */
export const AUDIT_GENESIS_HASH = "0".repeat(64);

/** One row's hashed fields, as read back from or written to the database. */
export type AuditHashFields = {
  seq: string; // bigint as decimal text
  prevHash: string;
  occurredAtMicros: string; // whole microseconds since the Unix epoch, decimal text
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  projectId: string | null;
};

export function auditHashV1(fields: AuditHashFields, dataText: string): string {
  const text = [
    fields.seq,
    fields.prevHash,
    fields.occurredAtMicros,
    fields.actorId ?? "",
    fields.action,
    fields.entityType,
    fields.entityId,
    fields.projectId ?? "",
    dataText,
  ].join("|");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function auditHashV2(key: Buffer, fields: AuditHashFields, data: unknown): string {
  const message = JSON.stringify([
    "axiom-audit-v2",
    fields.seq,
    fields.prevHash,
    fields.occurredAtMicros,
    fields.actorId,
    fields.action,
    fields.entityType,
    fields.entityId,
    fields.projectId,
    canonicalJson(data),
  ]);
  return createHmac("sha256", key).update(message, "utf8").digest("hex");
}

/** HMAC of an arbitrary JSON value (the bucket checkpoint). */
export function macOf(key: Buffer, value: unknown): string {
  return createHmac("sha256", key).update(canonicalJson(value), "utf8").digest("hex");
}

export function isSameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every level. What `jsonb` stores does
 * not keep key order or spacing, but parses back to the same values: the canonical text of the
 * value written equals the canonical text of the value read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

/** What a value becomes once stored as JSON (undefined dropped, Dates as ISO strings…). */
export function asStoredJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}));
}
