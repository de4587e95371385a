import { createHmac } from "node:crypto";
import { normalizeEmail } from "./sign-in-rate-limit";

/**
 * The audit trail's name for an email that names no account: failed sign-ins and lockouts on
 * such emails are audited as entity `sign_in` with this id (lib/auth/sign-in-with-password.ts).
 *
 * Why not the email itself: `audit_events` is append-only and never deleted, and what people type
 * into the email field of a sign-in form is not always an email — sometimes it is their password,
 * sometimes a colleague's address with a typo. Kept in clear, it would sit in every backup for
 * good. Why not a nullable `entity_id`: attempts on one unknown email could then not be told
 * apart or grouped, and the hashed fields of the chain (lib/audit/audit-hash.ts) would change.
 *
 * So the id is a keyed hash of the normalised email (trimmed, lower-cased, as the rate limit
 * counts it), shaped as a UUID to fit `entity_id`: HMAC-SHA-256 under a key derived from
 * AUDIT_HMAC_KEY (a key the database never sees), first 128 bits, with the version-8 ("custom")
 * and RFC 9562 variant bits set. Whoever holds the key can answer "was x@y tried?" and group the
 * attempts on one email (`npm run audit:sign-in-subject -- x@y` prints the ids); whoever holds only
 * the database or a backup cannot run a dictionary of emails against it. The derivation is
 * domain-separated from the chain's HMAC, so a subject id is never a chain hash of anything.
 *
 * A rotated key gives the same email a new id: look an email up under every key
 * (`signInSubjectIds`). Without AUDIT_HMAC_KEY (a development setup; the trail is then unkeyed and
 * `audit:verify` says so) the email is not recorded at all: the id is the nil UUID, since an
 * unkeyed hash of an email is as good as the email to anyone with a list of addresses.
 */
export const UNRECORDED_SIGN_IN_SUBJECT = "00000000-0000-0000-0000-000000000000";

const SUBJECT_KEY_LABEL = "axiom-sign-in-subject-v1";

export function signInSubjectId(email: string, auditKey: Buffer | null): string {
  if (!auditKey) return UNRECORDED_SIGN_IN_SUBJECT;
  const subjectKey = createHmac("sha256", auditKey).update(SUBJECT_KEY_LABEL, "utf8").digest();
  const bytes = createHmac("sha256", subjectKey).update(normalizeEmail(email), "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8: custom
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant: RFC 9562
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The ids an email may have been recorded under: one per key, oldest key first (AuditKeys.all). */
export function signInSubjectIds(email: string, auditKeys: Buffer[]): string[] {
  return auditKeys.map((key) => signInSubjectId(email, key));
}
