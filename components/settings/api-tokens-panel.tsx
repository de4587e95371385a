"use client";

import { Check, Copy, KeyRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/api-client/api-error";
import { createApiToken, revokeApiToken, type CreatedApiToken } from "@/lib/api-client/endpoints";
import { formatDate } from "@/lib/format-date";
import type { ApiTokenView } from "@/lib/tokens/schemas";
import { TableHead } from "@/components/table-head";

const EXPIRY_CHOICES = [7, 30, 90, 365] as const;

/**
 * The user's API tokens (docs/api.md): create one (its secret shown once, to copy), see when each
 * was last used, revoke. Calls /api/v1/tokens with the session; the list is the server's, reloaded
 * after each change.
 */
export function ApiTokensPanel({ tokens, now }: { tokens: ApiTokenView[]; now: string }) {
  const router = useRouter();
  const [created, setCreated] = useState<(CreatedApiToken & { name: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, setPending] = useState(false);

  async function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get("name") ?? "");
    setPending(true);
    setError(null);
    try {
      const token = await createApiToken({ name, expiresInDays: Number(form.get("expiresInDays")) });
      setCreated({ ...token, name });
      formElement.reset();
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not create the token.");
    } finally {
      setPending(false);
    }
  }

  async function onRevoke(token: ApiTokenView) {
    if (!window.confirm(`Revoke "${token.name}"? Scripts using it stop working at once.`)) return;
    setError(null);
    try {
      await revokeApiToken(token.id);
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not revoke the token.");
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onCreate} aria-label="Create API token" className="flex flex-wrap items-end gap-2" noValidate>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Name</span>
          <input name="name" type="text" required maxLength={100} autoComplete="off" placeholder="render farm ingest" className="input w-64 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Expires after</span>
          <select name="expiresInDays" defaultValue="90" className="input py-1.5">
            {EXPIRY_CHOICES.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn" disabled={isPending}>
          <KeyRound aria-hidden size={14} />
          {isPending ? "Creating…" : "Create token"}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-red-400">
          {error}
        </p>
      )}
      {created && <NewTokenNotice token={created} onDone={() => setCreated(null)} />}
      {tokens.length === 0 ? (
        <p className="text-ink-400">No tokens yet.</p>
      ) : (
        <table className="w-full text-left">
          <TableHead columns={["Name", "Token", "Created", "Expires", "Last used", { label: "Actions", isHidden: true }]} />
          <tbody>
            {tokens.map((token) => {
              const state = token.revokedAt ? "revoked" : token.expiresAt <= now ? "expired" : "active";
              return (
                <tr key={token.id} className="border-t border-ink-800" data-state={state}>
                  <td className="py-2">{token.name}</td>
                  <td className="py-2 font-mono text-ink-300">{token.prefix}…</td>
                  <td className="py-2">{formatDate(token.createdAt)}</td>
                  <td className="py-2">{state === "active" ? formatDate(token.expiresAt) : state}</td>
                  <td className="py-2">{token.lastUsedAt ? formatDate(token.lastUsedAt) : "never"}</td>
                  <td className="py-2 text-right">
                    {state === "active" && (
                      <button type="button" className="btn" onClick={() => onRevoke(token)} aria-label={`Revoke ${token.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function NewTokenNotice({ token, onDone }: { token: CreatedApiToken & { name: string }; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded border border-ink-700 bg-ink-900 p-3">
      <p>
        Your new token <strong>{token.name}</strong>. Copy it now: it is not shown again.
      </p>
      <div className="flex items-center gap-2">
        <code data-testid="new-api-token" className="select-all break-all rounded bg-ink-950 px-2 py-1 font-mono">
          {token.token}
        </code>
        <button
          type="button"
          className="btn"
          onClick={async () => {
            await navigator.clipboard?.writeText(token.token);
            setCopied(true);
          }}
        >
          {copied ? <Check aria-hidden size={14} /> : <Copy aria-hidden size={14} />}
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
