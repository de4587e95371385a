"use client";

import { useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { setPasswordFromLink } from "@/lib/api-client/endpoints";

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
      <label className="block">
        <span className="mb-1 block text-ink-300">New password</span>
        <input name="password" type="password" autoComplete="new-password" required autoFocus className="input" />
      </label>
      <label className="block">
        <span className="mb-1 block text-ink-300">Repeat it</span>
        <input name="confirm" type="password" autoComplete="new-password" required className="input" />
      </label>
      {error && (
        <p role="alert" className="rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="btn-primary w-full">
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
