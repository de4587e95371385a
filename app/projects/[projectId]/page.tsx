import Link from "next/link";
import { Suspense } from "react";
import { AppShell } from "@/components/app-shell";
import { AssetListProblem, AssetListSkeleton } from "@/components/assets/asset-browse-states";
import { AssetBrowser } from "@/components/assets/asset-browser";
import { AssetFilterBar } from "@/components/assets/asset-filter-bar";
import { ProjectReviewCounts } from "@/components/assets/project-review-counts";
import { ProjectLiveRefresh } from "@/components/events/project-live-refresh";
import { ProjectPlaylists } from "@/components/playlists/project-playlists";
import { ProjectReviewLinks } from "@/components/review-links/project-review-links";
import { Providers } from "@/components/providers";
import { UploadPanel } from "@/components/upload/upload-panel";
import { getDb } from "@/db";
import { getProjectAccessForPage } from "@/lib/api/page-access";
import { assetBrowseParams, parseAssetBrowseParams } from "@/lib/assets/asset-list-url";
import { countLatestVersionStates } from "@/lib/assets/list-assets-page";
import { can } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { listProjectMembers } from "@/lib/members/list-project-members";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

/** A project: its counts, uploads, playlists and its assets in the view the URL names (docs/browsing.md). */
export default async function ProjectPage(props: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId } = await props.params;
  const user = await requirePageUser(`/projects/${projectId}`);
  const db = getDb();
  const { project, role } = await getProjectAccessForPage(db, user, projectId);
  const parsed = parseAssetBrowseParams(await props.searchParams);
  const state = parsed.ok ? parsed.state : assetBrowseParams.parse({});
  const [counts, members] = await Promise.all([countLatestVersionStates(db, project.id), listProjectMembers(db, { projectId: project.id })]);
  const canUpload = can(user, role, "asset.upload") && !project.archivedAt;
  return (
    <AppShell user={user}>
      {/* One query client for the page: the playlists section, the rows' menus and the grid's sprites share its cache. */}
      <Providers>
        <div className="p-6">
          <ProjectLiveRefresh projectId={project.id} />
          <div className="mb-4 flex flex-wrap items-baseline gap-3">
            <h1 className="text-lg font-semibold">{project.name}</h1>
            <span className="font-mono text-ink-400">{project.code}</span>
            {project.archivedAt && <span className="rounded bg-ink-800 px-2 py-0.5 text-xs text-ink-300">Archived</span>}
            <div className="ml-auto flex flex-wrap items-baseline gap-3">
              <ProjectReviewCounts projectId={project.id} counts={counts} state={state} />
              {can(user, role, "audit.view") && (
                <Link href={`/projects/${project.id}/audit`} className="text-accent-400 hover:underline">
                  Audit trail
                </Link>
              )}
            </div>
          </div>
          {canUpload && (
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
          <h2 className="sr-only">Assets</h2>
          <AssetFilterBar
            projectId={project.id}
            state={state}
            uploaders={members.filter((m) => m.role !== "viewer").map((m) => ({ id: m.userId, name: m.name }))}
          />
          {parsed.ok ? (
            // Keyed by the view: a new filter or page shows the skeleton while it loads, not the old rows.
            <Suspense key={JSON.stringify(state)} fallback={<AssetListSkeleton view={state.view} />}>
              <AssetBrowser projectId={project.id} state={state} canUpload={canUpload} />
            </Suspense>
          ) : (
            <AssetListProblem
              title="This address does not name a view of the list"
              detail={parsed.message}
              actionHref={`/projects/${project.id}`}
              actionLabel="Show every asset"
            />
          )}
        </div>
      </Providers>
    </AppShell>
  );
}
