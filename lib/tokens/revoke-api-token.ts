import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { toApiTokenView } from "./list-api-tokens";
import type { ApiTokenView } from "./schemas";

/**
 * Revokes one of the actor's own tokens: it stops working with the next request (audited once;
 * revoking a revoked token changes nothing). Another user's token answers `not_found`, like an
 * unknown one: whether it exists must not show.
 */
export async function revokeApiToken(db: DbOrTx, input: { actor: Actor; tokenId: string }): Promise<ApiTokenView> {
  return db.transaction(async (tx) => {
    const [token] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.userId, input.actor.id)))
      .for("update");
    if (!token) throw notFound("No such token.");
    if (token.revokedAt) return toApiTokenView(token);
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.id, token.id), isNull(apiTokens.revokedAt)))
      .returning();
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "api_token.revoked",
      entityType: "api_token",
      entityId: token.id,
      data: { name: token.name, prefix: token.prefix },
    });
    return toApiTokenView(revoked!);
  });
}
