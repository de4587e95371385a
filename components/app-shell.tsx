import Link from "next/link";
import type { SessionUser } from "@/lib/auth/session";
import { InboxMenu } from "./notifications/inbox-menu";
import { Providers } from "./providers";
import { SignOutButton } from "./sign-out-button";

/** Header + main for every signed-in page. */
export function AppShell({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-11 items-center gap-6 border-b border-ink-800 bg-ink-900 px-4">
        <Link href="/" className="font-semibold tracking-[0.2em] text-ink-100">
          AXIOM
        </Link>
        <nav aria-label="Main" className="flex items-center gap-4 text-ink-300">
          <Link href="/" className="hover:text-ink-100">
            Projects
          </Link>
          <Link href="/settings/tokens" className="hover:text-ink-100">
            API tokens
          </Link>
          {user.isAdmin && (
            <Link href="/admin" className="hover:text-ink-100">
              Admin
            </Link>
          )}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-ink-300">
          <Providers>
            <InboxMenu />
          </Providers>
          <Link href="/account" title={`${user.email}: account`} className="hover:text-ink-100">
            {user.name}
          </Link>
          <SignOutButton />
        </div>
      </header>
      <main className="flex-1">{children}</main>
    </div>
  );
}
