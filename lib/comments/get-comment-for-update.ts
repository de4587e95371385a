import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { comments, type Comment } from "@/db/schema";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { authorizeProjectOrThrow, findProjectIdOfComment, type ProjectAccess } from "@/lib/projects/authorize-project";

/**
 * Authorises `actor` for `permission` on the comment's project, then locks the comment row for
 * the rest of the transaction. Unknown comment or non-member: `not_found`, alike.
 */
export async function getCommentForUpdateOrThrow(
  tx: Tx,
  actor: Actor,
  commentId: string,
  permission: Permission,
): Promise<{ comment: Comment; access: ProjectAccess }> {
  const projectId = await findProjectIdOfComment(tx, commentId);
  // Same message as a non-member gets: whether the id exists must not show.
  if (!projectId) throw notFound("Project not found");
  const access = await authorizeProjectOrThrow(tx, actor, projectId, permission);
  const [comment] = await tx.select().from(comments).where(eq(comments.id, commentId)).for("update");
  if (!comment) throw notFound("Comment not found");
  return { comment, access };
}
