import type { DbOrTx } from "@/db/client";
import { apiTokens } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { generateApiToken } from "./api-token-secret";
import type { CreateApiTokenInput } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Creates a token for the actor themselves (audited). The secret is returned this once; the
 * database keeps its SHA-256 and its first characters.
 */
export async function createApiToken(
  db: DbOrTx,
  input: CreateApiTokenInput & { actor: Actor; now?: Date },
): Promise<{ id: string; token: string; expiresAt: string }> {
  const { token, hash, prefix } = generateApiToken();
  const expiresAt = new Date((input.now ?? new Date()).getTime() + input.expiresInDays * DAY_MS);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: input.actor.id, name: input.name, tokenHash: hash, prefix, expiresAt })
      .returning({ id: apiTokens.id });
    await recordAuditEvent(tx, {
      actorId: input.actor.id,
      action: "api_token.created",
      entityType: "api_token",
      entityId: row!.id,
      data: { name: input.name, prefix, expiresAt: expiresAt.toISOString() },
    });
    return row!.id;
  });
  return { id, token, expiresAt: expiresAt.toISOString() };
}
