import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { AppShell } from "@/components/app-shell";
import { requirePageUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

/** The signed-in user's own account: for now, changing the password. */
export default async function AccountPage() {
  const user = await requirePageUser("/account");
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-6xl space-y-6 p-6">
        <h1 className="text-lg font-semibold">Account</h1>
        <p className="text-ink-400">
          Signed in as {user.name} ({user.email}).
        </p>
        <section aria-labelledby="password-heading" className="space-y-3">
          <h2 id="password-heading" className="text-base font-semibold">
            Password
          </h2>
          <ChangePasswordForm />
        </section>
      </div>
    </AppShell>
  );
}
