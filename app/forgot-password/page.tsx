import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/account/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

/** Public: asks for a reset link by e-mail (docs/security.md, "Account e-mails"). */
export default function ForgotPasswordPage() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-ink-700 bg-ink-900 p-8 shadow-xl">
        <h1 className="mb-1 text-xl font-semibold tracking-tight">Forgot password</h1>
        <p className="mb-6 text-ink-400">We e-mail you a link to choose a new one (valid 1 hour).</p>
        <ForgotPasswordForm />
        <p className="mt-4 text-center text-sm">
          <a href="/signin" className="text-ink-400 hover:text-ink-100">
            Back to sign-in
          </a>
        </p>
      </div>
    </main>
  );
}
