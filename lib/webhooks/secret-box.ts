import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

/**
 * Endpoint signing secrets at rest (docs/security.md, "Webhook secrets"). Signing needs the raw
 * secret, so it cannot be hashed like a password: it is encrypted with AES-256-GCM under a key
 * from WEBHOOK_SECRETS_KEY (SHA-256 of the variable: any string of 32+ characters works). A
 * database dump alone then does not let anyone forge AXIOM's webhooks. Stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url); the version leaves room for a key rotation.
 */

const PREFIX = "v1";

function keyOf(secretsKey: string | undefined): Buffer {
  if (!secretsKey) {
    throw new AppError("conflict", "Webhooks are not configured on this server: set WEBHOOK_SECRETS_KEY (docs/webhooks.md).");
  }
  return createHash("sha256").update(secretsKey, "utf8").digest();
}

/** A new endpoint secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function sealWebhookSecret(secret: string, secretsKey: string | undefined): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secretsKey), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [PREFIX, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** Throws when the key is missing or is not the one that sealed it (GCM's tag does not match). */
export function openWebhookSecret(sealed: string, secretsKey: string | undefined): string {
  const [prefix, iv, tag, ciphertext] = sealed.split(".");
  if (prefix !== PREFIX || !iv || !tag || ciphertext === undefined) throw new Error("webhook secret: unknown format");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secretsKey), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
