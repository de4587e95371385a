import { hash, verify } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~30 ms here, cheap enough for
// sign-in, expensive enough for offline guessing.
// `algorithm: 2` is Argon2id (the package exports it as a const enum, unusable with isolatedModules).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // malformed hash: treat like a wrong password
  }
}

/** A password for a new user, shown once to the admin who created them. */
export function generatePassword(): string {
  // 18 random bytes -> 24 base64url characters, ~144 bits.
  return randomBytes(18).toString("base64url");
}

// Verifying against this when the user does not exist keeps timing alike for known and
// unknown emails (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;
export function getDummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-" + randomBytes(8).toString("hex"));
  return dummyHash;
}
