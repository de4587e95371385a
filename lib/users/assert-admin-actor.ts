import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { forbidden } from "@/lib/errors";

/**
 * Admin domain functions check their actor themselves, not only at the edge: the worker,
 * scripts and tests call the very same functions, and a stale session must not be enough.
 * `null` is the system (seed and CLI scripts), which runs with the operator's authority.
 * Throws `forbidden` unless the actor exists, is enabled and is a global admin.
 */
export async function assertAdminActorOrThrow(tx: DbOrTx, actorId: string | null): Promise<void> {
  if (actorId === null) return;
  const [actor] = await tx
    .select({ isAdmin: users.isAdmin, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, actorId))
    .limit(1);
  if (!actor || actor.disabledAt || !actor.isAdmin) throw forbidden("Only admins can do this.");
}
