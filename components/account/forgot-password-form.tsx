"use client";

import { useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { requestPasswordReset } from "@/lib/api-client/endpoints";
import { FormError, FormField, SubmitButton } from "./form-parts";

/** Asks for a reset link; the answer is the same whether the e-mail has an account or not. */
export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    setPending(true);
    setError(null);
    try {
      setDone((await requestPasswordReset({ email })).message);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <p role="status" className="text-ink-200" data-testid="reset-requested">
        {done}
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <FormError message={error} />
      <SubmitButton isPending={pending} label="Send a reset link" pendingLabel="Sending…" isFullWidth />
    </form>
  );
}
