import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { parsePlaylistItemIndex } from "@/components/playlists/playlist-paths";
import { PlaylistRoom } from "@/components/playlists/playlist-room";
import { Providers } from "@/components/providers";
import { getDb } from "@/db";
import { getProjectAccessForPage, loadForPageOrNotFound } from "@/lib/api/page-access";
import { requirePageUser } from "@/lib/auth/session";
import { isPlaylistOfProject } from "@/lib/playlists/playlist-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Playlist review" };

/**
 * A playlist played in the review room, at the shot `?item=N` (1-based). The server checks access
 * only; the room loads the playlist and each shot's review through the API.
 */
export default async function PlaylistPlayPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string; playlistId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { projectId, playlistId } = await params;
  const query = await searchParams;
  const user = await requirePageUser(`/projects/${projectId}/playlists/${playlistId}/play`);
  const db = getDb();
  const { project } = await getProjectAccessForPage(db, user, projectId);
  await loadForPageOrNotFound({ playlistId }, (ids) => isPlaylistOfProject(db, { projectId: project.id, ...ids }));
  return (
    <AppShell user={user}>
      <Providers>
        <PlaylistRoom
          projectId={project.id}
          projectName={project.name}
          playlistId={playlistId}
          itemIndex={parsePlaylistItemIndex(query.item, Number.MAX_SAFE_INTEGER)}
        />
      </Providers>
    </AppShell>
  );
}
