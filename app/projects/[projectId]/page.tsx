import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { ProjectLiveRefresh } from "@/components/events/project-live-refresh";
import { AddToPlaylistMenu } from "@/components/playlists/add-to-playlist-menu";
import { ProjectPlaylists } from "@/components/playlists/project-playlists";
import { ProjectReviewLinks } from "@/components/review-links/project-review-links";
import { Providers } from "@/components/providers";
import { ReviewStanding } from "@/components/review/review-standing";
import { UploadPanel } from "@/components/upload/upload-panel";
import { getDb } from "@/db";
import { getProjectAccessForPage } from "@/lib/api/page-access";
import { can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { requirePageUser } from "@/lib/auth/session";
import { listProjectAssets } from "@/lib/assets/list-project-assets";
import { summarizeDecisions } from "@/lib/decisions/summarize-decisions";
import { reviewRoomPath } from "@/lib/review/room-path";

export const dynamic = "force-dynamic";

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const user = await requirePageUser(`/projects/${projectId}`);
  const db = getDb();
  const { project, role } = await getProjectAccessForPage(db, user, projectId);
  const assets = await listProjectAssets(db, project.id);
  const decisions = await summarizeDecisions(
    db,
    assets.flatMap((a) => (a.latest ? [a.latest.id] : [])),
  );
  return (
    <AppShell user={user}>
      {/* One query client for the page: the playlists section and the rows' menus share its cache. */}
      <Providers>
        <div className="p-6">
          <ProjectLiveRefresh projectId={project.id} />
          <div className="mb-4 flex items-baseline gap-3">
            <h1 className="text-lg font-semibold">{project.name}</h1>
            <span className="font-mono text-ink-400">{project.code}</span>
            {project.archivedAt && (
              <span className="rounded bg-ink-800 px-2 py-0.5 text-xs text-ink-300">Archived</span>
            )}
            {can(user, role, "audit.view") && (
              <Link href={`/projects/${project.id}/audit`} className="ml-auto text-accent-400 hover:underline">
                Audit trail
              </Link>
            )}
          </div>
          {can(user, role, "asset.upload") && !project.archivedAt && (
            <div className="mb-4">
              <UploadPanel
                projectId={project.id}
                concurrency={getEnv().UPLOAD_PARALLEL_PARTS}
                canMarkUrgent={can(user, role, "version.prioritize")}
              />
            </div>
          )}
          <ProjectPlaylists projectId={project.id} />
          {can(user, role, "review_link.manage") && !project.archivedAt && <ProjectReviewLinks projectId={project.id} />}
          {assets.length === 0 ? (
            <p className="text-ink-400">No assets yet.</p>
          ) : (
            <table className="w-full border-collapse">
              <thead className="text-left text-xs uppercase tracking-wide text-ink-400">
                <tr className="border-b border-ink-800">
                  <th className="py-2 pr-4 font-medium">Asset</th>
                  <th className="py-2 pr-4 font-medium">Latest</th>
                  <th className="py-2 pr-4 font-medium">State</th>
                  <th className="py-2 pr-4 font-medium">Review</th>
                  <th className="py-2 pr-4 font-medium">Last activity</th>
                  <th className="py-2 font-medium">
                    <span className="sr-only">Playlists</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {assets.map((a) => (
                  <tr
                    key={a.id}
                    className="border-b border-ink-850 hover:bg-ink-900"
                    data-testid="asset-row"
                    data-asset-id={a.id}
                  >
                    <td className="py-2 pr-4">
                      <Link href={`/projects/${project.id}/assets/${a.id}`} className="text-accent-400 hover:underline">
                        {a.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-4 font-mono">{a.latest ? `v${a.latest.number}` : "—"}</td>
                    <td className="py-2 pr-4">{a.latest?.processingState ?? "uploading"}</td>
                    <td className="py-2 pr-4" data-testid="asset-review">
                      {a.latest ? (
                        <ReviewStanding
                          reviewState={a.latest.reviewState}
                          summary={decisions.get(a.latest.id) ?? null}
                          historyHref={reviewRoomPath(project.id, a.id, a.latest.id, { tab: "decisions" })}
                        />
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="py-2 pr-4 text-ink-400">
                      {a.lastActivityAt.toISOString().slice(0, 16).replace("T", " ")}
                    </td>
                    <td className="py-2">
                      {a.latest && (
                        <AddToPlaylistMenu
                          projectId={project.id}
                          versionId={a.latest.id}
                          label={`Add ${a.name} v${a.latest.number} to a playlist`}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </Providers>
    </AppShell>
  );
}
