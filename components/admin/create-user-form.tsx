"use client";

import { UserPlus } from "lucide-react";
import { useRef, useState } from "react";
import { createUserAction } from "@/lib/admin/admin-actions";
import { ActionError, useAdminAction } from "./admin-action";

type Created = { email: string };

/**
 * Inline "new user" row. The new user gets an invitation e-mail with a set-password link: the
 * admin never sees a password. Without SMTP_URL the e-mail is kept and listed under "Unsent e-mails".
 */
export function CreateUserForm() {
  const { run, isPending, error } = useAdminAction(createUserAction);
  const [created, setCreated] = useState<Created | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await run({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      isAdmin: form.get("isAdmin") === "on",
    });
    setCreated(null);
    if (result.ok) {
      formRef.current?.reset();
      setCreated(result.data);
    }
  }

  return (
    <>
      <form ref={formRef} onSubmit={onSubmit} aria-label="Create user" className="flex flex-wrap items-end gap-2" noValidate>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Email</span>
          <input name="email" type="email" required autoComplete="off" className="input w-64 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Name</span>
          <input name="name" type="text" required autoComplete="off" className="input w-48 py-1.5" />
        </label>
        <label className="flex items-center gap-2 py-1.5 text-ink-300">
          <input name="isAdmin" type="checkbox" className="accent-accent-500" />
          Admin
        </label>
        <button type="submit" className="btn" disabled={isPending}>
          <UserPlus aria-hidden size={14} />
          {isPending ? "Creating…" : "Create user"}
        </button>
      </form>
      <div className="mt-2">
        <ActionError message={error} />
      </div>
      {created && (
        <p role="status" className="mt-2 text-ink-300" data-testid="invitation-sent">
          Invitation sent to <span className="text-ink-100">{created.email}</span>: a link to choose their password,
          valid 72 hours.
        </p>
      )}
    </>
  );
}
