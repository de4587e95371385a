import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppShell } from "@/components/app-shell";
import { CreateProjectForm } from "@/components/admin/create-project-form";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { ProcessingQueuePanel } from "@/components/admin/processing-queue-panel";
import { ProjectsTable } from "@/components/admin/projects-table";
import { UnsentEmailsTable } from "@/components/admin/unsent-emails-table";
import { UsersTable } from "@/components/admin/users-table";
import { getDb } from "@/db";
import { requirePageUser } from "@/lib/auth/session";
import { listUnsentEmails } from "@/lib/email/list-outgoing-emails";
import { readProcessingQueue } from "@/lib/processing/read-processing-queue";
import { listAllProjects } from "@/lib/projects/list-all-projects";
import { listUsers } from "@/lib/users/list-users";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser("/admin");
  // Non-admins get the same 404 as a page that does not exist.
  if (!user.isAdmin) notFound();
  const db = getDb();
  const [users, projects, unsentEmails, queue] = await Promise.all([
    listUsers(db),
    listAllProjects(db),
    listUnsentEmails(db),
    readProcessingQueue(db),
  ]);
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-6xl space-y-10 p-6">
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">Admin</h1>
          <Link href="/admin/audit" className="ml-auto text-accent-400 hover:underline">
            Audit trail
          </Link>
        </div>

        <section aria-labelledby="queue-heading" className="space-y-3">
          <h2 id="queue-heading" className="text-base font-semibold">
            Processing queue
          </h2>
          <p className="text-ink-400">
            Urgent first, then the projects holding the fewest workers, then the smallest files. Reload to refresh.
          </p>
          <ProcessingQueuePanel queue={queue} />
        </section>

        <section aria-labelledby="users-heading" className="space-y-3">
          <h2 id="users-heading" className="text-base font-semibold">
            Users <span className="font-normal text-ink-400">({users.length})</span>
          </h2>
          <CreateUserForm />
          <UsersTable users={users} currentUserId={user.id} />
        </section>

        <section aria-labelledby="projects-heading" className="space-y-3">
          <h2 id="projects-heading" className="text-base font-semibold">
            Projects <span className="font-normal text-ink-400">({projects.length})</span>
          </h2>
          <CreateProjectForm />
          {projects.length === 0 ? <p className="text-ink-400">No projects yet.</p> : <ProjectsTable projects={projects} />}
        </section>

        <section aria-labelledby="emails-heading" className="space-y-3">
          <h2 id="emails-heading" className="text-base font-semibold">
            Unsent e-mails <span className="font-normal text-ink-400">({unsentEmails.length})</span>
          </h2>
          <p className="text-ink-400">Kept (no SMTP_URL configured) or failed after every retry; newest first.</p>
          <UnsentEmailsTable emails={unsentEmails} />
        </section>
      </div>
    </AppShell>
  );
}
