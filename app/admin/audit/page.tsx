import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { VerifyAuditChain } from "@/components/admin/verify-audit-chain";
import { AuditFilterForm } from "@/components/audit/audit-filter-form";
import { AuditPager } from "@/components/audit/audit-pager";
import { AuditTrailList } from "@/components/audit/audit-trail-list";
import { getDb } from "@/db";
import { SYSTEM_ACTOR } from "@/lib/audit/audit-trail.types";
import { parseAuditTrailSearch } from "@/lib/audit/audit-trail-url";
import { listAuditTrail } from "@/lib/audit/list-audit-trail";
import { requirePageUser } from "@/lib/auth/session";
import { listAllProjects } from "@/lib/projects/list-all-projects";
import { listUsers } from "@/lib/users/list-users";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit trail" };

type Search = Record<string, string | string[] | undefined>;

/**
 * Every project's audit trail, and the events of none (sign-ins, accounts), for admins (admin.audit),
 * with the "Verify chain" button (docs/audit.md). `?project=` narrows it to one project.
 */
export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const basePath = "/admin/audit";
  const user = await requirePageUser(basePath);
  // Non-admins get the same 404 as a page that does not exist.
  if (!user.isAdmin) notFound();
  const db = getDb();
  const { query, invalid } = parseAuditTrailSearch(await searchParams);
  const { before, after, version: _version, project, ...filters } = query;
  const [page, projects, users] = await Promise.all([
    listAuditTrail(db, { scope: project ? { projectId: project } : { projectId: null }, filters, before, after }),
    listAllProjects(db),
    listUsers(db),
  ]);
  const viewQuery = { ...query, version: undefined };

  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-6xl space-y-6 p-6">
        <nav aria-label="Breadcrumb" className="text-ink-400">
          <Link href="/admin" className="hover:text-ink-100">
            Admin
          </Link>
          <span className="px-2">/</span>
          <span className="text-ink-100">Audit trail</span>
        </nav>
        <h1 className="text-lg font-semibold">Audit trail</h1>
        <section aria-labelledby="verify-heading" className="space-y-2">
          <h2 id="verify-heading" className="text-base font-semibold">
            Integrity
          </h2>
          <VerifyAuditChain />
        </section>
        <section aria-labelledby="events-heading" className="space-y-3">
          <h2 id="events-heading" className="text-base font-semibold">
            Events{" "}
            <span className="font-normal text-ink-400">(every project, and sign-ins and accounts; times in UTC)</span>
          </h2>
          {invalid.length > 0 && (
            <p role="status" className="rounded border border-amber-700 bg-amber-950 px-3 py-2 text-amber-200">
              Ignored what this page cannot read: {invalid.join(", ")}.
            </p>
          )}
          <AuditFilterForm
            basePath={basePath}
            query={viewQuery}
            projects={projects.map((p) => ({ value: p.id, label: `${p.code} — ${p.name}` }))}
            actors={[
              { value: SYSTEM_ACTOR, label: "The system (worker)" },
              ...users.map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` })),
            ]}
          />
          <AuditPager basePath={basePath} query={viewQuery} page={page} />
          <AuditTrailList entries={page.entries} showProject emptyText="No audit events match these filters." />
          {page.entries.length > 10 && (
            <AuditPager basePath={basePath} query={viewQuery} page={page} label="Audit trail pages (bottom)" />
          )}
        </section>
      </div>
    </AppShell>
  );
}
