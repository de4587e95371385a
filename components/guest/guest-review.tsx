"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/api-client/api-error";
import { fetchGuestShare, startGuestSession, unlockGuestLink } from "@/lib/api-client/endpoints";
import { NameForm, PassphraseForm } from "./guest-entry-forms";
import { guestKeys } from "./guest-keys";
import { GuestRoom, LinkEnded } from "./guest-room";

/**
 * While the page is open the share is fetched again this often: the heartbeat that takes the
 * player away once the link is revoked (404) or expired (410) — well inside the minute the media
 * URLs live (docs/review-links.md, "Revocation while watching").
 */
const SHARE_RECHECK_MS = 10_000;

export interface GuestReviewProps {
  token: string;
  linkId: string;
  linkName: string;
  requiresPassphrase: boolean;
}

/**
 * The guest page (`/r/<token>`, docs/review-links.md): passphrase when the link has one, then a
 * name (and an optional e-mail), then the shared version or playlist. A guest who already has a
 * session on this link (the cookie, scoped to this link's guest API) goes straight to the room.
 */
export function GuestReview(props: GuestReviewProps) {
  const queryClient = useQueryClient();
  const [passphrase, setPassphrase] = useState<string | null>(props.requiresPassphrase ? null : "");
  const share = useQuery({
    queryKey: guestKeys.share(props.linkId),
    queryFn: () => fetchGuestShare(props.linkId),
    refetchInterval: (query) => (query.state.data ? SHARE_RECHECK_MS : false),
    refetchIntervalInBackground: true,
    retry: false,
  });
  const status = share.error instanceof ApiError ? share.error.status : null;

  if (status === 404 || status === 410) return <LinkEnded isExpired={status === 410} />;
  // A failed recheck that is not the link's end (the network, a restart) keeps the room as it is.
  if (share.data) return <GuestRoom linkId={props.linkId} share={share.data} />;
  if (share.isPending) return <Centered title={props.linkName}>Opening…</Centered>;
  if (status !== 401) {
    return (
      <Centered title={props.linkName}>
        <p role="alert" className="mb-3 text-red-400">
          The review could not be opened. Check your connection and try again.
        </p>
        <button type="button" className="btn" onClick={() => void share.refetch()}>
          Try again
        </button>
      </Centered>
    );
  }

  // No session yet (401): the doors.
  if (passphrase === null) {
    return (
      <Centered title={props.linkName}>
        <p className="mb-3 text-ink-300">This review link is protected by a passphrase.</p>
        <PassphraseForm
          onSubmit={async (value) => {
            await unlockGuestLink(props.token, value);
            setPassphrase(value);
          }}
        />
      </Centered>
    );
  }
  return (
    <Centered title={props.linkName}>
      <NameForm
        onSubmit={async (who) => {
          await startGuestSession({ token: props.token, ...(passphrase && { passphrase }), ...who });
          await queryClient.resetQueries({ queryKey: guestKeys.share(props.linkId) });
        }}
      />
    </Centered>
  );
}

function Centered(props: { title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-ink-950 p-6">
      <div className="w-full max-w-sm rounded border border-ink-700 bg-ink-900 p-6">
        <p className="mb-1 text-xs uppercase tracking-wide text-ink-400">AXIOM review</p>
        <h1 className="mb-4 text-lg font-semibold">{props.title}</h1>
        {props.children}
      </div>
    </main>
  );
}
