import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { getDb } from "@/db";
import { requirePageUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/list-projects-for-user";
import { TableHead } from "@/components/table-head";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requirePageUser("/");
  const projects = await listProjectsForUser(getDb(), user);
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-5xl p-6">
        <h1 className="mb-4 text-lg font-semibold">Projects</h1>
        {projects.length === 0 ? (
          <p className="text-ink-400">
            You are not a member of any project yet. Ask an admin to add you.
          </p>
        ) : (
          <table className="w-full border-collapse">
            <TableHead columns={["Code", "Name", "Your role", "Status"]} />
            <tbody>
              {projects.map((p) => (
                <tr key={p.id} className="border-b border-ink-850 hover:bg-ink-900">
                  <td className="py-2 pr-4 font-mono text-ink-300">{p.code}</td>
                  <td className="py-2 pr-4">
                    <Link href={`/projects/${p.id}`} className="text-accent-400 hover:underline">
                      {p.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-4 text-ink-300">{p.role ?? (user.isAdmin ? "admin" : "")}</td>
                  <td className="py-2 text-ink-400">{p.archivedAt ? "Archived" : "Active"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </AppShell>
  );
}
