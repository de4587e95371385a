import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/app-shell";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { getDb } from "@/db";
import { actorOf } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listApiTokens } from "@/lib/tokens/list-api-tokens";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

/** Settings → API tokens: every signed-in user manages their own (permission `token.manage`). */
export default async function ApiTokensPage() {
  const user = await requirePageUser("/settings/tokens");
  const tokens = await listApiTokens(getDb(), { actor: actorOf(user) });
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-5xl space-y-4 p-6">
        <h1 className="text-lg font-semibold">API tokens</h1>
        <p className="max-w-3xl text-ink-300">
          A token lets a script act as you on the <Link href="/api/docs" className="underline">AXIOM API</Link> (
          <code>Authorization: Bearer axm_…</code>), with exactly your permissions. Only a fingerprint is stored: the
          token is shown once. Revoke a token you no longer use.
        </p>
        <ApiTokensPanel tokens={tokens} now={new Date().toISOString()} />
      </div>
    </AppShell>
  );
}
