import { z } from "zod";
import { processingStateSchema, reviewStateSchema } from "@/lib/versions/version-status.types";

/**
 * The JSON answers of the playlist API (docs/playlists.md), shared by the server that builds them
 * (lib/playlists/*) and the browser that parses them (lib/api-client). zod and enums only.
 */

/** One entry of a project's playlists. */
export const playlistSummarySchema = z.strictObject({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  itemCount: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PlaylistSummary = z.infer<typeof playlistSummarySchema>;

/** One shot of a playlist: the version it names and where that version stands (its own decision). */
export const playlistItemViewSchema = z.strictObject({
  id: z.string(),
  position: z.number().int().nonnegative(),
  versionId: z.string(),
  versionNumber: z.number().int().nullable(),
  assetId: z.string(),
  assetName: z.string(),
  processingState: processingStateSchema,
  /** The version's review state: what was decided on it, in a playlist or anywhere else. */
  reviewState: reviewStateSchema.nullable(),
  durationSeconds: z.number().nullable(),
  hasProxy: z.boolean(),
});
export type PlaylistItemView = z.infer<typeof playlistItemViewSchema>;

/** `GET /api/playlists/:id` and the answer of every change: the playlist in order, and what the caller may do. */
export const playlistViewSchema = z.strictObject({
  playlist: playlistSummarySchema,
  items: z.array(playlistItemViewSchema),
  permissions: z.strictObject({ canEdit: z.boolean(), canDownloadProxies: z.boolean() }),
});
export type PlaylistView = z.infer<typeof playlistViewSchema>;

/** `GET /api/projects/:id/playlists`. */
export const projectPlaylistsSchema = z.strictObject({
  playlists: z.array(playlistSummarySchema),
  canEdit: z.boolean(),
});
export type ProjectPlaylists = z.infer<typeof projectPlaylistsSchema>;
