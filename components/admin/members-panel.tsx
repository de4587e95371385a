"use client";

import { UserPlus } from "lucide-react";
import { useRef } from "react";
import { MEMBER_ROLES, type MemberRole } from "@/db/enums";
import { addMemberAction, changeMemberRoleAction, removeMemberAction } from "@/lib/admin/admin-actions";
import { ActionError, useAdminAction } from "./admin-action";
import { formatDate } from "@/lib/format-date";
import { TableHead } from "@/components/table-head";

export type AdminMemberRow = {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
  disabledAt: Date | null;
  addedAt: Date;
};

/** Add form (pick a user by email) and the members table with inline role change and removal. */
export function MembersPanel({
  projectId,
  members,
  candidateEmails,
}: {
  projectId: string;
  members: AdminMemberRow[];
  candidateEmails: string[];
}) {
  const add = useAdminAction(addMemberAction);
  const change = useAdminAction(changeMemberRoleAction);
  const remove = useAdminAction(removeMemberAction);
  const formRef = useRef<HTMLFormElement>(null);

  async function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await add.run({ projectId, email: String(form.get("email") ?? ""), role: String(form.get("role")) as MemberRole });
    if (result.ok) formRef.current?.reset();
  }

  return (
    <div className="space-y-4">
      <form ref={formRef} onSubmit={onAdd} aria-label="Add member" className="flex flex-wrap items-end gap-2" noValidate>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">User email</span>
          <input
            name="email"
            type="email"
            list="member-candidates"
            required
            autoComplete="off"
            placeholder="Start typing an email"
            className="input w-72 py-1.5"
          />
          <datalist id="member-candidates">
            {candidateEmails.map((email) => (
              <option key={email} value={email} />
            ))}
          </datalist>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Role</span>
          <select name="role" defaultValue="viewer" className="input w-36 py-1.5">
            {MEMBER_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn" disabled={add.isPending}>
          <UserPlus aria-hidden size={14} />
          {add.isPending ? "Adding…" : "Add member"}
        </button>
      </form>
      <ActionError message={add.error ?? change.error ?? remove.error} />

      {members.length === 0 ? (
        <p className="text-ink-400">No members yet.</p>
      ) : (
        <table className="w-full border-collapse" aria-label="Members">
          <TableHead columns={["Email", "Name", "Role", "Added", { label: "Actions", isHidden: true }]} />
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} className="border-b border-ink-850 hover:bg-ink-900">
                <td className="py-1.5 pr-4 font-mono">
                  {m.email}
                  {m.disabledAt && <span className="ml-2 text-xs text-red-300">(disabled)</span>}
                </td>
                <td className="py-1.5 pr-4">{m.name}</td>
                <td className="py-1.5 pr-4">
                  <select
                    aria-label={`Role of ${m.email}`}
                    value={m.role}
                    disabled={change.isPending}
                    onChange={(e) => change.run({ projectId, userId: m.userId, role: e.target.value as MemberRole })}
                    className="input w-36 py-1"
                  >
                    {MEMBER_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="py-1.5 pr-4 text-ink-400">{formatDate(m.addedAt)}</td>
                <td className="py-1.5 text-right">
                  <button
                    type="button"
                    className="btn-danger"
                    disabled={remove.isPending}
                    aria-label={`Remove ${m.email}`}
                    onClick={() => remove.run({ projectId, userId: m.userId })}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
