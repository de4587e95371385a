import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/safe-callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { callbackUrl, error } = await searchParams;
  const target = safeCallbackPath(callbackUrl);
  if (await getSessionUser()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-ink-700 bg-ink-900 p-8 shadow-xl">
        <h1 className="mb-1 text-xl font-semibold tracking-tight">AXIOM</h1>
        <p className="mb-6 text-ink-400">Sign in to review media.</p>
        <SignInForm callbackUrl={target} initialError={error} />
      </div>
    </main>
  );
}
