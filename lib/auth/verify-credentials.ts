import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";
import { getDummyPasswordHash, verifyPassword } from "./passwords";
import { normalizeEmail } from "./sign-in-rate-limit";

/**
 * `userId` on a failure names the account that was tried (null: no such email), for the audit
 * trail only: callers must answer every failure alike so the sign-in page can only say
 * "wrong email or password".
 */
export type CredentialsResult = { ok: true; user: User } | { ok: false; userId: string | null };

/**
 * Checks an email and password. Unknown email, wrong password and disabled user all fail, in
 * about the same time (an unknown email is checked against a dummy hash). Records nothing:
 * `signInWithPassword` wraps it with the rate limit and the audit trail.
 */
export async function verifyCredentials(db: DbOrTx, email: string, password: string): Promise<CredentialsResult> {
  const [user] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyPasswordHash()), password);
  return user && passwordOk && !user.disabledAt ? { ok: true, user } : { ok: false, userId: user?.id ?? null };
}
