"use client";

import { useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { setPasswordFromLink } from "@/lib/api-client/endpoints";
import { FormError, FormField, SubmitButton } from "./form-parts";

const MIN_LENGTH = 10; // lib/auth/passwords.ts MIN_PASSWORD_LENGTH (the server checks it again)

/** Chooses a password from an invitation or reset link (the token in the URL), then on to sign-in. */
export function SetPasswordForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError("The two passwords differ.");
      return;
    }
    if (password.length < MIN_LENGTH) {
      setError(`At least ${MIN_LENGTH} characters.`);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await setPasswordFromLink({ token, password });
      window.location.assign("/signin?passwordSet=1");
    } catch (err) {
      setError(errorMessage(err));
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormField label="New password" name="password" type="password" autoComplete="new-password" required autoFocus />
      <FormField label="Repeat it" name="confirm" type="password" autoComplete="new-password" required />
      <FormError message={error} />
      <SubmitButton isPending={pending} label="Set password" pendingLabel="Saving…" isFullWidth />
    </form>
  );
}
