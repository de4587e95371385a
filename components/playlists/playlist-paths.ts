/** Query keys and page URLs of playlists, shared by the project page, the playlist page and the room. */
export const playlistKeys = {
  project: (projectId: string) => ["playlists", projectId] as const,
  playlist: (playlistId: string) => ["playlist", playlistId] as const,
};

export function playlistPagePath(projectId: string, playlistId: string): string {
  return `/projects/${projectId}/playlists/${playlistId}`;
}

/** The room playing a playlist at its `item`-th shot (1-based in the URL, as people count shots). */
export function playlistPlayPath(projectId: string, playlistId: string, itemIndex: number): string {
  return `${playlistPagePath(projectId, playlistId)}/play?item=${itemIndex + 1}`;
}

/** The 0-based item an `item` query value names, clamped into the playlist (anything else: the first). */
export function parsePlaylistItemIndex(value: unknown, itemCount: number): number {
  const n = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) - 1 : 0;
  return Math.max(0, Math.min(Math.max(0, itemCount - 1), n));
}
