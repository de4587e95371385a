import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { MembersPanel } from "@/components/admin/members-panel";
import { WebhooksPanel } from "@/components/admin/webhooks-panel";
import { getDb } from "@/db";
import { loadForPageOrNotFound } from "@/lib/api/page-access";
import { requirePageUser } from "@/lib/auth/session";
import { listProjectMembers } from "@/lib/members/list-project-members";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { listUsers } from "@/lib/users/list-users";
import { listWebhookEndpoints } from "@/lib/webhooks/manage-webhook-endpoints";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members" };

export default async function AdminProjectMembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const user = await requirePageUser(`/admin/projects/${projectId}`);
  // Non-admins get the same 404 as a page that does not exist.
  if (!user.isAdmin) notFound();
  const db = getDb();
  const project = await loadForPageOrNotFound({ projectId }, (ids) => getProjectOrThrow(db, ids.projectId));
  const [members, users, webhookEndpoints] = await Promise.all([
    listProjectMembers(db, { projectId: project.id }),
    listUsers(db),
    listWebhookEndpoints(db, { projectId: project.id }),
  ]);
  const memberIds = new Set(members.map((m) => m.userId));
  const candidateEmails = users.filter((u) => !u.disabledAt && !memberIds.has(u.id)).map((u) => u.email);

  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-6xl space-y-6 p-6">
        <nav aria-label="Breadcrumb" className="text-ink-400">
          <Link href="/admin" className="hover:text-ink-100">
            Admin
          </Link>
          <span aria-hidden> / </span>
          <span>Projects</span>
        </nav>
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">{project.name}</h1>
          <span className="font-mono text-ink-400">{project.code}</span>
          {project.archivedAt && <span className="rounded bg-ink-800 px-2 py-0.5 text-xs text-ink-300">Archived</span>}
          <Link href={`/admin/audit?project=${project.id}`} className="ml-auto text-accent-400 hover:underline">
            Audit trail
          </Link>
          <Link href={`/projects/${project.id}`} className="text-accent-400 hover:underline">
            Open project
          </Link>
        </div>
        <section aria-labelledby="members-heading" className="space-y-3">
          <h2 id="members-heading" className="text-base font-semibold">
            Members <span className="font-normal text-ink-400">({members.length})</span>
          </h2>
          <MembersPanel projectId={project.id} members={members} candidateEmails={candidateEmails} />
        </section>
        <section aria-labelledby="webhooks-heading" className="space-y-3">
          <h2 id="webhooks-heading" className="text-base font-semibold">
            Webhooks <span className="font-normal text-ink-400">({webhookEndpoints.length})</span>
          </h2>
          <WebhooksPanel projectId={project.id} endpoints={webhookEndpoints} eventTypes={WEBHOOK_EVENT_TYPES} />
        </section>
      </div>
    </AppShell>
  );
}
