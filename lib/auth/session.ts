import "server-only";
import { eq } from "drizzle-orm";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { users, type User } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getAuthOptions } from "./auth-options";

export type SessionUser = Pick<User, "id" | "email" | "name" | "isAdmin">;

/** The signed-in, enabled user, or null. Reloaded from the database on every call. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = (await getServerSession(getAuthOptions())) as { userId?: string } | null;
  const userId = session?.userId;
  if (!userId || !/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const [user] = await getDb()
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
export async function requireApiUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  return user;
}
