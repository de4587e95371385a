"use client";

import { useRef, useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { changeOwnPassword } from "@/lib/api-client/endpoints";
import { FormError, FormField, SubmitButton } from "./form-parts";

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
      <FormField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required />
      <FormField label="New password" name="newPassword" type="password" autoComplete="new-password" required />
      <FormField label="Repeat the new password" name="confirm" type="password" autoComplete="new-password" required />
      <FormError message={error} />
      {done && <p role="status" className="text-ink-200">Password changed.</p>}
      <SubmitButton isPending={pending} label="Change password" pendingLabel="Saving…" />
    </form>
  );
}
