"use client";

import { getCsrfToken } from "next-auth/react";
import { useState } from "react";
import { z } from "zod";
import { FormError, FormField, SubmitButton } from "@/components/account/form-parts";

const GENERIC_FAILURE = "Sign-in failed. Please try again.";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  // Only when the page is opened with ?error=RateLimited; a refused attempt shows the server's
  // message, which says how many minutes are left.
  RateLimited: "Too many failed sign-in attempts. Try again later.",
  SessionRequired: "Sign in to continue.",
};

// next-auth answers `{ url }` (with ?error= when refused); our rate-limit gate adds `error`.
const callbackAnswer = z.object({
  url: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

type SignInOutcome = { ok: true } | { ok: false; message: string };

/**
 * Posts the credentials the way next-auth's client `signIn()` does (its documented REST endpoint,
 * `json: "true"` for a JSON answer instead of a redirect), but keeps the whole answer: `signIn()`
 * drops the body, and with it the 429's "try again in N minutes".
 */
async function postCredentials(email: string, password: string, callbackUrl: string): Promise<SignInOutcome> {
  const csrfToken = (await getCsrfToken()) ?? "";
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl, json: "true" }),
  });
  const parsed = callbackAnswer.safeParse(await response.json().catch(() => null));
  const answer = parsed.success ? parsed.data : {};
  if (answer.error) return { ok: false, message: answer.error.message };
  const errorCode = answer.url ? new URL(answer.url, window.location.href).searchParams.get("error") : null;
  if (response.ok && !errorCode) return { ok: true };
  return { ok: false, message: MESSAGES[errorCode ?? ""] ?? GENERIC_FAILURE };
}

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [error, setError] = useState<string | null>(initialError ? (MESSAGES[initialError] ?? GENERIC_FAILURE) : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const outcome = await postCredentials(
      String(form.get("email") ?? ""),
      String(form.get("password") ?? ""),
      callbackUrl,
    ).catch((): SignInOutcome => ({ ok: false, message: GENERIC_FAILURE }));
    if (outcome.ok) {
      // A full page load, so every part of the app starts with the new session.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(outcome.message);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormError message={error} />
      <SubmitButton isPending={pending} label="Sign in" pendingLabel="Signing in…" isFullWidth />
      <p className="text-center text-sm">
        <a href="/forgot-password" className="text-ink-400 hover:text-ink-100">
          Forgot password?
        </a>
      </p>
    </form>
  );
}
