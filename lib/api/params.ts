import { z } from "zod";
import type { Db } from "@/db/client";
import { findProjectIdOfPlaylist } from "@/lib/playlists/playlist-access";
import { findProjectIdOfReviewLink } from "@/lib/review-links/revoke-review-link";
import { findProjectIdOfAsset, findProjectIdOfComment, findProjectIdOfVersion } from "@/lib/projects/authorize-project";

/**
 * The route params of app/api and the project each one belongs to, in one place: every route
 * (and every page, through lib/api/page-access.ts) parses its ids with these, and `apiRoute`
 * authorises against the project the resolver returns. A malformed id answers 404 like an
 * unknown one (`apiRoute`), so these schemas only need to say what an id looks like.
 */

export const uuidParam = z.uuid();

export const projectParams = z.object({ projectId: uuidParam });
export const assetParams = z.object({ assetId: uuidParam });
export const versionParams = z.object({ versionId: uuidParam });
export const commentParams = z.object({ commentId: uuidParam });
export const userParams = z.object({ userId: uuidParam });
export const playlistParams = z.object({ playlistId: uuidParam });
export const reviewLinkParams = z.object({ linkId: uuidParam });
export const playlistItemParams = z.object({ playlistId: uuidParam, itemId: uuidParam });
export const memberParams = z.object({ projectId: uuidParam, userId: uuidParam });
/** `media/[...path]`: the file's path below the version's derived folder, one segment per element. */
export const mediaFileParams = versionParams.extend({ path: z.array(z.string()).min(1) });

/**
 * `GET /api/events/stream?project=<id>` or `?version=<id>` (one of the two): the live updates of a
 * project or of one version. `lastEventId` (a seq) is the first connection's resume point; a
 * reconnecting EventSource sends the `Last-Event-ID` header instead.
 */
export const eventStreamQuery = z
  .object({ project: uuidParam.optional(), version: uuidParam.optional(), lastEventId: z.string().optional() })
  .refine((q) => (q.project === undefined) !== (q.version === undefined), { message: "give project or version" });

type ProjectResolverInput<P> = { db: Db; params: P };

/** The project named in the URL itself (`/api/projects/:projectId/...`). */
export const projectOfProjectParams = async ({ params }: ProjectResolverInput<{ projectId: string }>) => params.projectId;
/** The project owning the asset, or null when there is no such asset. */
export const projectOfAssetParams = ({ db, params }: ProjectResolverInput<{ assetId: string }>) =>
  findProjectIdOfAsset(db, params.assetId);
/** The project owning the version, or null when there is no such version. */
export const projectOfVersionParams = ({ db, params }: ProjectResolverInput<{ versionId: string }>) =>
  findProjectIdOfVersion(db, params.versionId);
/** The project owning the comment's version, or null when there is no such comment. */
export const projectOfCommentParams = ({ db, params }: ProjectResolverInput<{ commentId: string }>) =>
  findProjectIdOfComment(db, params.commentId);
/** The project owning the playlist, or null when there is no such playlist. */
export const projectOfPlaylistParams = ({ db, params }: ProjectResolverInput<{ playlistId: string }>) =>
  findProjectIdOfPlaylist(db, params.playlistId);
/** The project a live stream is about: named, or owning the version (null: no such version). */
export const projectOfEventStreamQuery = async ({ db, query }: { db: Db; query: z.infer<typeof eventStreamQuery> }) =>
  query.project ?? (query.version ? findProjectIdOfVersion(db, query.version) : null);
/** The project of the review link, or null when there is no such link. */
export const projectOfReviewLinkParams = ({ db, params }: ProjectResolverInput<{ linkId: string }>) =>
  findProjectIdOfReviewLink(db, params.linkId);
