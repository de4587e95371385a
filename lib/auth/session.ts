import "server-only";
import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getAuthOptions } from "./auth-options";

export type SessionUser = Pick<User, "id" | "email" | "name" | "isAdmin">;

/** What a session carries: only the user id (see the jwt/session callbacks in auth-options.ts). */
export type Session = { userId?: string };

/**
 * Where the current request's session comes from. In the app it is next-auth's cookie
 * (`readNextAuthSession`); the wrappers in lib/api accept another reader so integration tests
 * can act as a real user row without a browser, a cookie or a mocked database.
 */
export type SessionReader = () => Promise<Session | null>;

export const readNextAuthSession: SessionReader = async () =>
  (await getServerSession(getAuthOptions())) as Session | null;

/**
 * The signed-in, enabled user, or null (no session, malformed id, deleted or disabled user).
 * Reloaded from the database on every call.
 */
export async function getSessionUser(
  readSession: SessionReader = readNextAuthSession,
  db: DbOrTx = getDb(),
): Promise<SessionUser | null> {
  const userId = (await readSession())?.userId;
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin };
}

/** For pages: the user, or a redirect to the sign-in page. */
export async function requirePageUser(callbackPath?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(callbackPath ? `/signin?callbackUrl=${encodeURIComponent(callbackPath)}` : "/signin");
  return user;
}

/** For route handlers and server actions: the user, or a 401 AppError. */
export async function requireApiUser(
  readSession: SessionReader = readNextAuthSession,
  db: DbOrTx = getDb(),
): Promise<SessionUser> {
  const user = await getSessionUser(readSession, db);
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}
