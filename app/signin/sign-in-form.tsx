"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  RateLimited: "Too many failed sign-in attempts. Try again in 15 minutes.",
  SessionRequired: "Sign in to continue.",
};

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialError ? (MESSAGES[initialError] ?? "Sign-in failed.") : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    }).catch(() => undefined);
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Please try again.");
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <label className="block">
        <span className="mb-1 block text-ink-300">Email</span>
        <input name="email" type="email" autoComplete="username" required autoFocus className="input" />
      </label>
      <label className="block">
        <span className="mb-1 block text-ink-300">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="input" />
      </label>
      {error && (
        <p role="alert" className="rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="btn-primary w-full">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
