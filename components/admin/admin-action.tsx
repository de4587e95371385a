"use client";

import { useState, useTransition } from "react";

type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * Runs a server action from a control: tracks pending, keeps the last error's message for an
 * inline alert, and resolves to `{ ok: true, data }` or `{ ok: false }` (many actions return null).
 */
export function useAdminAction<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
  const [isPending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function run(input: I): Promise<{ ok: true; data: T } | { ok: false }> {
    setError(null);
    return new Promise((resolve) => {
      startTransition(async () => {
        try {
          const result = await action(input);
          if (result.ok) return resolve({ ok: true, data: result.data });
          setError(result.error.message);
        } catch {
          setError("The server could not be reached. Check your connection and try again.");
        }
        resolve({ ok: false });
      });
    });
  }

  return { run, isPending, error, clearError: () => setError(null) };
}

export function ActionError({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="rounded border border-red-900 bg-red-950/60 px-3 py-1.5 text-red-200">
      {message}
    </p>
  );
}
