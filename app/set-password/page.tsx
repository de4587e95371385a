import type { Metadata } from "next";
import { SetPasswordForm } from "@/components/account/set-password-form";
import { passwordTokenSchema } from "@/lib/auth/password-tokens";

export const metadata: Metadata = { title: "Choose a password" };

/**
 * Public: the target of invitation and reset links (`?token=…`). The page only checks the token's
 * shape; whether it is valid, unexpired and unused is decided once, when it is used.
 */
export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { token } = await searchParams;
  const parsed = passwordTokenSchema.safeParse(token);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-ink-700 bg-ink-900 p-8 shadow-xl">
        <h1 className="mb-1 text-xl font-semibold tracking-tight">Choose a password</h1>
        {parsed.success ? (
          <>
            <p className="mb-6 text-ink-400">At least 10 characters. The link works once.</p>
            <SetPasswordForm token={parsed.data} />
          </>
        ) : (
          <p role="alert" className="text-red-200">
            This link is incomplete. Open it again from the e-mail, or <a href="/forgot-password">ask for a new one</a>.
          </p>
        )}
      </div>
    </main>
  );
}
