import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";
import { getDummyPasswordHash, verifyPassword } from "./passwords";
import { normalizeEmail, recordSignInAttempt } from "./sign-in-rate-limit";

export type CredentialsResult = { ok: true; user: User } | { ok: false };

/**
 * Checks an email and password. Unknown email, wrong password and disabled user all give the
 * same `{ ok: false }` so the sign-in page can only say "wrong email or password".
 * Every attempt is recorded for the rate limit.
 */
export async function verifyCredentials(db: DbOrTx, email: string, password: string): Promise<CredentialsResult> {
  const normalized = normalizeEmail(email);
  const [user] = await db.select().from(users).where(eq(users.email, normalized)).limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyPasswordHash()), password);
  const ok = Boolean(user && passwordOk && !user.disabledAt);
  await recordSignInAttempt(db, normalized, ok);
  return ok && user ? { ok: true, user } : { ok: false };
}
