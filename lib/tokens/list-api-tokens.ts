import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens, type ApiToken } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import type { ApiTokenView } from "./schemas";

/** The actor's own tokens, newest first, revoked and expired ones included (a user has a handful). */
export async function listApiTokens(db: DbOrTx, input: { actor: Actor }): Promise<ApiTokenView[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, input.actor.id)).orderBy(desc(apiTokens.createdAt));
  return rows.map(toApiTokenView);
}

export function toApiTokenView(row: ApiToken): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
