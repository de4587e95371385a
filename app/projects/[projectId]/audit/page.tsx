import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { AuditPager } from "@/components/audit/audit-pager";
import { AuditTrailList } from "@/components/audit/audit-trail-list";
import { getDb } from "@/db";
import { getProjectAccessForPage } from "@/lib/api/page-access";
import { SYSTEM_ACTOR } from "@/lib/audit/audit-trail.types";
import { auditTrailHref, parseAuditTrailSearch } from "@/lib/audit/audit-trail-url";
import { listAuditTrail } from "@/lib/audit/list-audit-trail";
import { requirePageUser } from "@/lib/auth/session";
import { listProjectMembers } from "@/lib/members/list-project-members";
import { reviewRoomPath } from "@/lib/review/room-path";
import { findVersionInProject } from "@/lib/versions/find-version-in-project";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit trail" };

type Search = Record<string, string | string[] | undefined>;

/**
 * A project's audit trail (docs/audit.md): who did what, when, from → to; filters and keyset pages
 * in the URL; `?version=` narrows it to one version. audit.view (producers and admins), the rule
 * of /api/v1's list; anyone else gets the 404 of a page that does not exist.
 */
export default async function ProjectAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Search>;
}) {
  const { projectId } = await params;
  const basePath = `/projects/${projectId}/audit`;
  const user = await requirePageUser(basePath);
  const db = getDb();
  const { project } = await getProjectAccessForPage(db, user, projectId, "audit.view");
  const { query, invalid } = parseAuditTrailSearch(await searchParams);
  const version = query.version
    ? await findVersionInProject(db, { projectId: project.id, versionId: query.version })
    : null;
  const { before, after, version: _version, project: _project, ...filters } = query;
  const [page, members] = await Promise.all([
    listAuditTrail(db, {
      scope: { projectId: project.id, ...(version ? { versionId: version.id } : {}) },
      filters,
      before,
      after,
    }),
    listProjectMembers(db, { projectId: project.id }),
  ]);
  const actors = [
    { value: SYSTEM_ACTOR, label: "The system (worker)" },
    ...members.map((m) => ({ value: m.userId, label: `${m.name} (${m.role})` })),
  ];
  const viewQuery = { ...query, version: version?.id };

  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-6xl space-y-4 p-6">
        <nav aria-label="Breadcrumb" className="text-ink-400">
          <Link href={`/projects/${project.id}`} className="hover:text-ink-100">
            {project.name}
          </Link>
          <span className="px-2">/</span>
          <span className="text-ink-100">Audit trail</span>
        </nav>
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-lg font-semibold">Audit trail</h1>
          {version && (
            <p className="text-ink-300">
              of{" "}
              <Link
                href={reviewRoomPath(project.id, version.assetId, version.id)}
                className="text-accent-400 underline decoration-accent-400/40 underline-offset-2 hover:decoration-accent-400"
              >
                {version.assetName} {version.number === null ? "(upload)" : `v${version.number}`}
              </Link>{" "}
              <Link
                href={auditTrailHref(basePath, {
                  ...viewQuery,
                  version: undefined,
                  before: undefined,
                  after: undefined,
                })}
                className="text-sm text-accent-400 underline decoration-accent-400/40 underline-offset-2 hover:decoration-accent-400"
              >
                (whole project)
              </Link>
            </p>
          )}
          <p className="ml-auto text-sm text-ink-400">Append-only and hash-chained; times in UTC.</p>
        </div>
        {(invalid.length > 0 || (query.version && !version)) && (
          <p role="status" className="rounded border border-amber-700 bg-amber-950 px-3 py-2 text-amber-200">
            Ignored what this page cannot read:{" "}
            {[...invalid, ...(query.version && !version ? ["version"] : [])].join(", ")}.
          </p>
        )}
        <AuditFilterForm basePath={basePath} query={viewQuery} actors={actors} />
        <AuditPager basePath={basePath} query={viewQuery} page={page} />
        <AuditTrailList entries={page.entries} emptyText="No audit events match these filters." />
        {page.entries.length > 10 && (
          <AuditPager basePath={basePath} query={viewQuery} page={page} label="Audit trail pages (bottom)" />
        )}
      </div>
    </AppShell>
  );
}
