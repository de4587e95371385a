import type { Metadata } from "next";
import { AppShell } from "@/components/app-shell";
import { Providers } from "@/components/providers";
import { ReviewRoom } from "@/components/review/review-room";
import { getDb } from "@/db";
import { getProjectAccessForPage, isUuid, loadForPageOrNotFound } from "@/lib/api/page-access";
import { can } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { parseReviewPanelTab } from "@/lib/review/room-path";
import { isVersionOfAsset } from "@/lib/versions/is-version-of-asset";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review" };

type Params = { projectId: string; assetId: string; versionId: string };

/**
 * The review room. The server only checks access (member of the project, version of this asset of
 * this project — anything else is the same 404); the room itself loads through the review API.
 */
export default async function ReviewPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { projectId, assetId, versionId } = await params;
  const query = await searchParams;
  const path = `/projects/${projectId}/assets/${assetId}/versions/${versionId}`;
  const user = await requirePageUser(path);
  const db = getDb();
  const { project, role } = await getProjectAccessForPage(db, user, projectId);
  await loadForPageOrNotFound({ assetId, versionId }, (ids) => isVersionOfAsset(db, { projectId: project.id, ...ids }));
  // The compare side is checked by the review API like any other version (404 if not visible).
  const compare = isUuid(query.compare) ? query.compare : null;

  return (
    <AppShell user={user}>
      <Providers>
        <ReviewRoom
          projectId={project.id}
          projectName={project.name}
          assetId={assetId}
          versionId={versionId}
          compareId={compare}
          initialTab={parseReviewPanelTab(query.tab)}
          canShare={can(user, role, "review_link.manage") && !project.archivedAt}
        />
      </Providers>
    </AppShell>
  );
}
