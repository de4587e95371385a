"use client";

import { Pencil } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { renameProjectAction, setProjectArchivedAction } from "@/lib/admin/admin-actions";
import { ActionError, useAdminAction } from "./admin-action";
import { formatDate } from "@/lib/format-date";
import { TableHead } from "@/components/table-head";

export type AdminProjectRow = {
  id: string;
  code: string;
  name: string;
  archivedAt: Date | null;
  createdAt: Date;
  memberCount: number;
};

export function ProjectsTable({ projects }: { projects: AdminProjectRow[] }) {
  const archive = useAdminAction(setProjectArchivedAction);
  const rename = useAdminAction(renameProjectAction);
  const [renamingId, setRenamingId] = useState<string | null>(null);

  async function onRename(event: React.FormEvent<HTMLFormElement>, projectId: string) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    if ((await rename.run({ projectId, name })).ok) setRenamingId(null);
  }

  return (
    <div className="space-y-2">
      <ActionError message={archive.error ?? rename.error} />
      <table className="w-full border-collapse" aria-label="Projects">
        <TableHead columns={["Code", "Name", "Members", "Status", "Created", { label: "Actions", isHidden: true }]} />
        <tbody>
          {projects.map((p) => {
            const archived = p.archivedAt !== null;
            return (
              <tr key={p.id} className="border-b border-ink-850 hover:bg-ink-900">
                <td className="py-1.5 pr-4 font-mono text-ink-300">{p.code}</td>
                <td className="py-1.5 pr-4">
                  {renamingId === p.id ? (
                    <form onSubmit={(e) => onRename(e, p.id)} className="flex items-center gap-2">
                      <input
                        name="name"
                        defaultValue={p.name}
                        aria-label={`New name for ${p.code}`}
                        autoFocus
                        required
                        className="input w-56 py-1"
                        onKeyDown={(e) => e.key === "Escape" && setRenamingId(null)}
                      />
                      <button type="submit" className="btn" disabled={rename.isPending}>
                        Save
                      </button>
                      <button type="button" className="btn" onClick={() => setRenamingId(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <span className="flex items-center gap-2">
                      <Link href={`/projects/${p.id}`} className="text-accent-400 hover:underline">
                        {p.name}
                      </Link>
                      <button
                        type="button"
                        className="text-ink-400 hover:text-ink-100"
                        aria-label={`Rename ${p.code}`}
                        title="Rename"
                        onClick={() => {
                          rename.clearError();
                          setRenamingId(p.id);
                        }}
                      >
                        <Pencil aria-hidden size={13} />
                      </button>
                    </span>
                  )}
                </td>
                <td className="py-1.5 pr-4">
                  <Link
                    href={`/admin/projects/${p.id}`}
                    className="text-accent-400 hover:underline"
                    aria-label={`Members of ${p.code} (${p.memberCount})`}
                  >
                    {p.memberCount} {p.memberCount === 1 ? "member" : "members"}
                  </Link>
                </td>
                <td className="py-1.5 pr-4 text-ink-300">{archived ? "Archived" : "Active"}</td>
                <td className="py-1.5 pr-4 text-ink-400">{formatDate(p.createdAt)}</td>
                <td className="py-1.5 text-right">
                  <button
                    type="button"
                    className="btn"
                    disabled={archive.isPending}
                    aria-label={`${archived ? "Unarchive" : "Archive"} ${p.code}`}
                    onClick={() => archive.run({ projectId: p.id, archived: !archived })}
                  >
                    {archived ? "Unarchive" : "Archive"}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
