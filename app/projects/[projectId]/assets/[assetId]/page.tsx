import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { Providers } from "@/components/providers";
import { UploadPanel } from "@/components/upload/upload-panel";
import { VersionList } from "@/components/upload/version-list";
import { getDb } from "@/db";
import { getProjectAccessForPage, loadForPageOrNotFound } from "@/lib/api/page-access";
import { can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { requirePageUser } from "@/lib/auth/session";
import { summarizeDecisions } from "@/lib/decisions/summarize-decisions";
import { listAssetVersions } from "@/lib/versions/list-asset-versions";

export const dynamic = "force-dynamic";

/** An asset: its versions, newest first, with their processing and review state, and (for producers) a drop zone for the next one. */
export default async function AssetPage({ params }: { params: Promise<{ projectId: string; assetId: string }> }) {
  const { projectId, assetId } = await params;
  const user = await requirePageUser(`/projects/${projectId}/assets/${assetId}`);
  const db = getDb();
  const { project, role } = await getProjectAccessForPage(db, user, projectId);
  const found = await loadForPageOrNotFound({ assetId }, (ids) => listAssetVersions(db, { projectId: project.id, ...ids }));
  const decisions = Object.fromEntries(await summarizeDecisions(db, found.versions.map((v) => v.id)));
  const canUpload = can(user, role, "asset.upload") && !project.archivedAt;

  return (
    <AppShell user={user}>
      <div className="space-y-4 p-6">
        <nav aria-label="Breadcrumb" className="text-ink-400">
          <Link href={`/projects/${project.id}`} className="hover:text-ink-100">
            {project.name}
          </Link>
          <span className="px-2">/</span>
          <span className="text-ink-100">{found.asset.name}</span>
        </nav>
        <h1 className="text-lg font-semibold">{found.asset.name}</h1>
        <Providers>
          {canUpload && (
            <UploadPanel
              projectId={project.id}
              assetId={found.asset.id}
              concurrency={getEnv().UPLOAD_PARALLEL_PARTS}
              canMarkUrgent={can(user, role, "version.prioritize")}
            />
          )}
          <VersionList projectId={project.id} versions={found.versions} decisions={decisions} />
        </Providers>
      </div>
    </AppShell>
  );
}
