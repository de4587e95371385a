import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/session";
import { API_TOKEN_PATTERN, hashApiToken } from "./api-token-secret";

/** `last_used_at` is refreshed when older than this: a busy script must not write a row per request. */
export const LAST_USED_RESOLUTION_SECONDS = 60;

/**
 * The enabled user a bearer token stands for, or null: malformed, unknown, revoked or expired
 * token, or a disabled user. Read from the database on every request (like sessions), so a
 * revocation or a disabled account takes effect at once. Records the use at most once a minute.
 */
export async function authenticateApiToken(db: DbOrTx, token: string): Promise<SessionUser | null> {
  if (!API_TOKEN_PATTERN.test(token)) return null;
  const [row] = await db
    .select({
      tokenId: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      email: users.email,
      name: users.name,
      isAdmin: users.isAdmin,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashApiToken(token)),
        isNull(apiTokens.revokedAt),
        gt(apiTokens.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return null;
  const resolution = sql`now() - make_interval(secs => ${LAST_USED_RESOLUTION_SECONDS})`;
  if (!row.lastUsedAt || row.lastUsedAt.getTime() < Date.now() - LAST_USED_RESOLUTION_SECONDS * 1000) {
    // Conditional, so that concurrent requests of one token write it once.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiTokens.id, row.tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, resolution))));
  }
  return { id: row.id, email: row.email, name: row.name, isAdmin: row.isAdmin };
}
