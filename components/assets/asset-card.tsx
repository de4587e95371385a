"use client";

import { MessageSquare } from "lucide-react";
import Link from "next/link";
import { useRef, useState } from "react";
import { findThumbnail } from "@/components/player/sprite-thumbnails";
import { useThumbnails } from "@/components/player/use-thumbnails";
import { REVIEW_STATE_CLASS, REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";
import type { AssetRowData } from "./asset-row.types";

/** "0:08", "12:03", "1:02:03": a clip length at a glance (frames are the review room's business). */
export function formatClipDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * One asset in the grid: the latest version's poster, and while the pointer moves across it, the
 * scrub sprite's frame at that point of the clip (the same sprite and VTT the review room's
 * timeline uses, fetched on first hover only, so a page of 50 posters costs 50 images and no VTTs).
 */
export function AssetCard(props: { projectId: string; row: AssetRowData }) {
  const { item, preview } = props.row;
  const latest = item.latestVersion;
  const frameRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<{ fraction: number; width: number } | null>(null);
  const cues = useThumbnails(hover && preview?.spriteVttUrl ? preview.spriteVttUrl : null);
  const duration = latest?.durationSeconds ?? null;
  const cue = hover && duration && cues.length > 0 ? findThumbnail(cues, hover.fraction * duration) : null;

  function onPointerMove(event: React.PointerEvent<HTMLDivElement>) {
    const box = frameRef.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    setHover({ fraction: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)), width: box.width });
  }

  return (
    <li className="overflow-hidden rounded border border-ink-800 bg-ink-900 hover:border-ink-600" data-testid="asset-card" data-asset-id={item.id}>
      <Link href={`/projects/${props.projectId}/assets/${item.id}`} className="block focus-visible:outline-offset-[-2px]">
        <div
          ref={frameRef}
          className="relative aspect-video overflow-hidden bg-ink-850"
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHover(null)}
          data-testid="asset-card-frame"
        >
          {cue ? (
            <div
              data-testid="scrub-frame"
              data-cue-start={cue.start}
              aria-hidden="true"
              style={{
                width: cue.w,
                height: cue.h,
                backgroundImage: `url("${cue.url}")`,
                backgroundPosition: `-${cue.x}px -${cue.y}px`,
                transform: `scale(${hover!.width / cue.w})`,
                transformOrigin: "0 0",
              }}
            />
          ) : preview?.posterUrl ? (
            // biome-ignore lint/performance/noImgElement: a presigned redirect from the media route; next/image would proxy it through the server
            <img src={preview.posterUrl} alt="" loading="lazy" className="h-full w-full object-cover" data-testid="asset-poster" />
          ) : (
            <NoPoster state={latest?.processingState ?? null} />
          )}
          {hover && cue && <div className="absolute bottom-0 left-0 h-0.5 bg-accent-400" style={{ width: `${hover.fraction * 100}%` }} />}
          {duration !== null && (
            <span className="absolute right-1 bottom-1 rounded bg-ink-950/80 px-1 text-xs tabular-nums text-ink-100" data-testid="asset-duration">
              {formatClipDuration(duration)}
            </span>
          )}
        </div>
        <div className="space-y-1 p-2">
          <div className="flex items-baseline justify-between gap-2">
            <span className="truncate text-sm font-medium text-ink-100" title={item.name}>
              {item.name}
            </span>
            <span className="font-mono text-xs text-ink-300">{latest ? `v${latest.number}` : "—"}</span>
          </div>
          <div className="flex items-center justify-between gap-2">
            {latest?.reviewState ? (
              <span className={`rounded border px-1.5 py-0.5 text-xs font-medium ${REVIEW_STATE_CLASS[latest.reviewState]}`} data-testid="asset-badge">
                {REVIEW_STATE_LABEL[latest.reviewState]}
              </span>
            ) : (
              <span className="text-xs text-ink-300">{latest ? stateWord(latest.processingState) : "Uploading"}</span>
            )}
            {latest && latest.openCommentCount > 0 && (
              <span className="inline-flex items-center gap-1 text-xs text-ink-300" data-testid="asset-open-comments" title="Open comment threads">
                <MessageSquare aria-hidden="true" className="h-3.5 w-3.5" />
                <span className="tabular-nums">{latest.openCommentCount}</span>
                <span className="sr-only">open comment threads</span>
              </span>
            )}
          </div>
        </div>
      </Link>
    </li>
  );
}

function stateWord(state: string): string {
  if (state === "ERROR") return "Failed";
  if (state === "PENDING" || state === "PROCESSING") return "Processing…";
  return state.charAt(0) + state.slice(1).toLowerCase().replaceAll("_", " ");
}

/** The tile of a version without a poster: why there is none, rather than an empty box. */
function NoPoster(props: { state: string | null }) {
  const text = props.state === "ERROR" ? "Processing failed" : props.state === "READY" ? "No poster" : props.state ? "Processing…" : "Uploading…";
  return (
    <div className="flex h-full w-full items-center justify-center bg-[repeating-linear-gradient(45deg,var(--color-ink-850),var(--color-ink-850)_8px,var(--color-ink-900)_8px,var(--color-ink-900)_16px)]">
      <span className={`text-xs ${props.state === "ERROR" ? "text-red-300" : "text-ink-300"}`}>{text}</span>
    </div>
  );
}
