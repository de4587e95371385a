import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { projectMembers, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { MAX_MENTIONS_PER_COMMENT, mentionedUserIds } from "./mention-tokens";

/**
 * The user ids `body` mentions, checked: each must be a member of the project now, and not
 * disabled (a mention notifies, and only members may be told about the project). `validation_failed` on `body`
 * otherwise, without saying who is or is not a member beyond what the caller sent; also for more
 * than MAX_MENTIONS_PER_COMMENT people. `kept`: the mentions an edited comment already had, which
 * are not checked again (their member may have left since; the edit should not fail for that).
 * Run inside the comment's transaction.
 */
export async function resolveMentionsOrThrow(
  tx: DbOrTx,
  projectId: string,
  body: string,
  kept: readonly string[] = [],
): Promise<string[]> {
  const userIds = mentionedUserIds(body);
  if (userIds.length > MAX_MENTIONS_PER_COMMENT) {
    throw new AppError("validation_failed", `body: mention at most ${MAX_MENTIONS_PER_COMMENT} people`, {
      field: "body",
    });
  }
  const added = userIds.filter((id) => !kept.includes(id));
  if (added.length === 0) return userIds;
  const members = await tx
    .select({ userId: projectMembers.userId })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(
      and(eq(projectMembers.projectId, projectId), inArray(projectMembers.userId, added), isNull(users.disabledAt)),
    );
  if (members.length !== added.length) {
    throw new AppError("validation_failed", "body: you can only mention members of this project", { field: "body" });
  }
  return userIds;
}
