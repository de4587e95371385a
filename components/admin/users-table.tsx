"use client";

import { setUserDisabledAction } from "@/lib/admin/admin-actions";
import { ActionError, useAdminAction } from "./admin-action";
import { formatDate } from "@/lib/format-date";
import { TableHead } from "@/components/table-head";

export type AdminUserRow = {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabledAt: Date | null;
  createdAt: Date;
};

export function UsersTable({ users, currentUserId }: { users: AdminUserRow[]; currentUserId: string }) {
  const { run, isPending, error } = useAdminAction(setUserDisabledAction);
  return (
    <div className="space-y-2">
      <ActionError message={error} />
      <table className="w-full border-collapse" aria-label="Users">
        <TableHead columns={["Email", "Name", "Role", "Status", "Created", { label: "Actions", isHidden: true }]} />
        <tbody>
          {users.map((u) => {
            const isSelf = u.id === currentUserId;
            const disabled = u.disabledAt !== null;
            return (
              <tr key={u.id} className="border-b border-ink-850 hover:bg-ink-900">
                <td className="py-1.5 pr-4 font-mono text-ink-100">{u.email}</td>
                <td className="py-1.5 pr-4">{u.name}</td>
                <td className="py-1.5 pr-4 text-ink-300">{u.isAdmin ? "Admin" : "User"}</td>
                <td className={`py-1.5 pr-4 ${disabled ? "text-red-300" : "text-ink-300"}`}>
                  {disabled ? "Disabled" : "Active"}
                </td>
                <td className="py-1.5 pr-4 text-ink-400">{formatDate(u.createdAt)}</td>
                <td className="py-1.5 text-right">
                  <button
                    type="button"
                    className={disabled ? "btn" : "btn-danger"}
                    disabled={isPending || (isSelf && !disabled)}
                    title={isSelf ? "You cannot disable your own account." : undefined}
                    aria-label={`${disabled ? "Enable" : "Disable"} ${u.email}`}
                    onClick={() => run({ userId: u.id, disabled: !disabled })}
                  >
                    {disabled ? "Enable" : "Disable"}
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
