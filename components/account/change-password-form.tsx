"use client";

import { useRef, useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { changeOwnPassword } from "@/lib/api-client/endpoints";

/** Current password + new one (twice); the server checks the current one and the length. */
export function ChangePasswordForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword") ?? "");
    setDone(false);
    if (newPassword !== String(form.get("confirm") ?? "")) {
      setError("The two new passwords differ.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      await changeOwnPassword({ currentPassword: String(form.get("currentPassword") ?? ""), newPassword });
      formRef.current?.reset();
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} aria-label="Change password" className="max-w-sm space-y-4" noValidate>
      <label className="block">
        <span className="mb-1 block text-ink-300">Current password</span>
        <input name="currentPassword" type="password" autoComplete="current-password" required className="input" />
      </label>
      <label className="block">
        <span className="mb-1 block text-ink-300">New password</span>
        <input name="newPassword" type="password" autoComplete="new-password" required className="input" />
      </label>
      <label className="block">
        <span className="mb-1 block text-ink-300">Repeat the new password</span>
        <input name="confirm" type="password" autoComplete="new-password" required className="input" />
      </label>
      {error && (
        <p role="alert" className="rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
          {error}
        </p>
      )}
      {done && <p role="status" className="text-ink-200">Password changed.</p>}
      <button type="submit" disabled={pending} className="btn-primary">
        {pending ? "Saving…" : "Change password"}
      </button>
    </form>
  );
}
