import { timecodeOptionsOf } from "@/components/player/frame-format";
import type { Playable } from "@/components/review/playable";
import type { GuestVersion } from "@/lib/review-links/review-link.types";

/** "v3" as the room writes it. */
export function guestVersionLabel(v: { number: number | null }): string {
  return v.number === null ? "v?" : `v${v.number}`;
}

/** A shared version as the player's Playable (its media under the guest route), or null while it cannot play. */
export function guestPlayableOf(v: GuestVersion): Playable | null {
  const { hlsUrl, proxyUrl, posterUrl, spriteVttUrl, waveformPeaksUrl } = v.renditions;
  if (!v.frameRate || (!hlsUrl && !proxyUrl)) return null;
  const fps = v.frameRate.num / v.frameRate.den;
  const frameCount = v.frameCount ?? (v.durationSeconds ? Math.floor(v.durationSeconds * fps) : null);
  if (!frameCount || frameCount < 1) return null;
  return {
    versionId: v.id,
    label: guestVersionLabel(v),
    rate: v.frameRate,
    frameCount,
    hlsUrl,
    proxyUrl,
    posterUrl,
    spriteVttUrl,
    waveformPeaksUrl,
    timecode: timecodeOptionsOf({ frameRate: v.frameRate, startTimecode: v.startTimecode, dropFrame: v.dropFrame }),
    // Guests are shown finished renditions only, never a live preview.
    isPreview: false,
  };
}
