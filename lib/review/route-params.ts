import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session";
import type { Actor } from "@/lib/auth/permissions";
import { findProjectIdOfComment, findProjectIdOfVersion } from "@/lib/projects/authorize-project";
import type { Db } from "@/db/client";

/** Route params and project resolvers shared by the review routes (for `apiRoute`). */
export const versionRouteParams = z.object({ versionId: z.uuid() });
export const commentRouteParams = z.object({ commentId: z.uuid() });

export const versionProject = ({ db, params }: { db: Db; params: { versionId: string } }) =>
  findProjectIdOfVersion(db, params.versionId);
export const commentProject = ({ db, params }: { db: Db; params: { commentId: string } }) =>
  findProjectIdOfComment(db, params.commentId);

export const toActor = (user: SessionUser): Actor => ({ id: user.id, isAdmin: user.isAdmin });
