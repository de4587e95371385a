"use client";

import { useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { requestPasswordReset } from "@/lib/api-client/endpoints";

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
      <label className="block">
        <span className="mb-1 block text-ink-300">Email</span>
        <input name="email" type="email" autoComplete="username" required autoFocus className="input" />
      </label>
      {error && (
        <p role="alert" className="rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="btn-primary w-full">
        {pending ? "Sending…" : "Send a reset link"}
      </button>
    </form>
  );
}
