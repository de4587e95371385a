import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { forbidden } from "@/lib/errors";

/**
 * Admin domain functions check their actor themselves, not only at the edge: the worker,
 * scripts and tests call the very same functions, and a stale session must not be enough.
 * `null` is the system (seed and CLI scripts), which runs with the operator's authority.
 * Throws `forbidden` unless the actor exists, is enabled and is a global admin — as the database
 * says now, not as `actor.isAdmin` (made from the session) said.
 */
export async function assertAdminActorOrThrow(tx: DbOrTx, actor: Actor | null): Promise<void> {
  if (actor === null) return;
  const [row] = await tx
    .select({ isAdmin: users.isAdmin, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, actor.id))
    .limit(1);
  if (!row || row.disabledAt || !row.isAdmin) throw forbidden("Only admins can do this.");
}
