import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/sign-out-button";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign out" };

/** next-auth's sign-out page (pages.signOut): one button; signing out lands on /signin. */
export default async function SignOutPage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-ink-700 bg-ink-900 p-8 shadow-xl">
        <h1 className="mb-1 text-xl font-semibold tracking-tight">Sign out</h1>
        <p className="mb-6 text-ink-400">
          You are signed in as <span className="text-ink-200">{user.email}</span>.
        </p>
        <SignOutButton className="btn-primary w-full" />
      </div>
    </main>
  );
}
