"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import { useMemo, useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { fetchGuestVersion, guestProxyDownloadPath } from "@/lib/api-client/endpoints";
import type { GuestShare } from "@/lib/review-links/review-link.types";
import { guestKeys } from "./guest-keys";
import { guestPlayableOf, guestVersionLabel } from "./guest-playable";
import { GuestPlayer } from "./guest-player";

/** What the watermark says: the guest's name and e-mail (or the link's name when they gave none). */
function watermarkWho(share: GuestShare): string {
  const { name, email } = share.guest;
  return email ? `${name} (${email})` : `${name} · ${share.link.name}`;
}

/**
 * The guest's room: the shared shots (one, or a playlist's in order) with Previous / Next, and
 * the current shot in the player. Keyed by shot, so each shot gets a fresh player as in the
 * members' playlist room.
 */
export function GuestRoom({ linkId, share }: { linkId: string; share: GuestShare }) {
  const [index, setIndex] = useState(0);
  const shots = share.shots;
  const shot = shots[Math.min(index, shots.length - 1)];
  const version = useQuery({
    queryKey: guestKeys.version(linkId, shot?.versionId ?? "none"),
    queryFn: () => fetchGuestVersion(linkId, shot!.versionId),
    enabled: shot !== undefined,
  });
  const playable = useMemo(() => (version.data ? guestPlayableOf(version.data) : null), [version.data]);
  const who = share.link.watermark ? watermarkWho(share) : null;
  const go = (to: number) => setIndex(Math.max(0, Math.min(shots.length - 1, to)));

  return (
    <div className="flex h-screen flex-col bg-ink-950">
      <header className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 border-b border-ink-800 bg-ink-900 px-3 py-1.5">
        <h1 className="font-semibold">
          {share.link.name}
          {shot && (
            <span className="ml-2 font-normal text-ink-300">
              {shot.assetName} {guestVersionLabel({ number: shot.versionNumber })}
            </span>
          )}
        </h1>
        {shots.length > 1 && (
          <nav aria-label="Shots" className="flex items-center gap-2">
            <button type="button" className="btn inline-flex items-center" onClick={() => go(index - 1)} disabled={index === 0}>
              <ChevronLeft size={14} aria-hidden /> Previous shot
            </button>
            <span data-testid="guest-shot-position" aria-live="polite">
              Shot {index + 1} of {shots.length}
            </span>
            <button type="button" className="btn inline-flex items-center" onClick={() => go(index + 1)} disabled={index >= shots.length - 1}>
              Next shot <ChevronRight size={14} aria-hidden />
            </button>
          </nav>
        )}
        <div className="ml-auto flex items-center gap-3 text-ink-300">
          {share.link.allowDownload && shot && (
            <a className="btn inline-flex items-center gap-1.5" href={guestProxyDownloadPath(linkId, shot.versionId)}>
              <Download size={14} aria-hidden /> Download proxy
            </a>
          )}
          <span>
            Watching as <span className="text-ink-100">{share.guest.name}</span>
            {who && <span className="ml-1 text-ink-400">(watermarked)</span>}
          </span>
        </div>
      </header>
      {!shot && <p className="m-auto text-ink-400">Nothing is shared here any more.</p>}
      {shot && version.isError && (
        <p role="alert" className="m-auto text-red-400">
          {errorMessage(version.error)}
        </p>
      )}
      {shot && version.data && !playable && <p className="m-auto text-ink-400">This shot cannot be played yet.</p>}
      {playable && version.data && (
        <GuestPlayer
          key={playable.versionId}
          linkId={linkId}
          playable={playable}
          assetName={version.data.assetName}
          versionNumber={version.data.number}
          canComment={share.link.allowComments}
          watermark={who}
        />
      )}
    </div>
  );
}

/** What a guest sees once the link is revoked or expired: no player, nothing more loads. */
export function LinkEnded({ isExpired }: { isExpired: boolean }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-ink-950 p-6">
      <div role="alert" className="max-w-sm rounded border border-ink-700 bg-ink-900 p-6" data-testid="guest-link-ended">
        <h1 className="mb-2 text-lg font-semibold">{isExpired ? "This review link has expired" : "This review link is no longer available"}</h1>
        <p className="text-ink-300">Ask the person who shared it with you for a new link.</p>
      </div>
    </main>
  );
}
