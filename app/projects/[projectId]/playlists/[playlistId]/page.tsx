import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { PlaylistEditor } from "@/components/playlists/playlist-editor";
import { Providers } from "@/components/providers";
import { ShareDialog } from "@/components/review-links/share-dialog";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/db";
import { getProjectAccessForPage, loadForPageOrNotFound } from "@/lib/api/page-access";
import { requirePageUser } from "@/lib/auth/session";
import { isPlaylistOfProject } from "@/lib/playlists/playlist-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Playlist" };

/** A playlist: its shots in order with their decisions (docs/playlists.md). The editor loads through the API. */
export default async function PlaylistPage({ params }: { params: Promise<{ projectId: string; playlistId: string }> }) {
  const { projectId, playlistId } = await params;
  const user = await requirePageUser(`/projects/${projectId}/playlists/${playlistId}`);
  const db = getDb();
  const { project, role } = await getProjectAccessForPage(db, user, projectId);
  await loadForPageOrNotFound({ playlistId }, (ids) => isPlaylistOfProject(db, { projectId: project.id, ...ids }));
  const canShare = can(user, role, "review_link.manage") && !project.archivedAt;
  return (
    <AppShell user={user}>
      <Providers>
        <div className="p-6">
          <nav aria-label="Breadcrumb" className="mb-2 text-sm text-ink-300">
            <Link href={`/projects/${project.id}`} className="hover:text-ink-100">
              {project.name}
            </Link>{" "}
            / Playlists
          </nav>
          {canShare && (
            <div className="float-right">
              <ShareDialog projectId={project.id} target={{ playlistId }} defaultName={`Playlist review ${new Date().toISOString().slice(0, 10)}`} />
            </div>
          )}
          <PlaylistEditor projectId={project.id} playlistId={playlistId} />
        </div>
      </Providers>
    </AppShell>
  );
}
