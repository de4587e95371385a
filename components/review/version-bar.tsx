"use client";

import { Columns2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";
import { useCompareView } from "@/components/player/use-compare-view";
import { reviewRoomPath } from "@/lib/review/room-path";
import type { VersionSummary } from "./review-api";

export function versionLabel(v: { number: number | null }): string {
  return v.number === null ? "v?" : `v${v.number}`;
}

function optionText(v: VersionSummary): string {
  const state = v.processingState === "READY" ? REVIEW_STATE_LABEL[v.reviewState ?? "IN_REVIEW"] : v.processingState.toLowerCase();
  return `${versionLabel(v)} · ${state}`;
}

export interface VersionBarProps {
  projectId: string;
  projectName: string;
  assetId: string;
  assetName: string;
  versionId: string;
  compareId: string | null;
  versions: readonly VersionSummary[];
}

/** Breadcrumb, version switcher (the URL names the version) and the compare toggle. */
export function VersionBar(props: VersionBarProps) {
  const router = useRouter();
  // Switching either version keeps the compare mode (wipe stays wipe); leaving compare drops it.
  const [compareView] = useCompareView();
  const others = props.versions.filter((v) => v.id !== props.versionId);
  const go = (versionId: string, compareId: string | null) =>
    router.push(reviewRoomPath(props.projectId, props.assetId, versionId, { compareId, compareView }));
  // Default comparison: the version just before this one (or the newest other one).
  const current = props.versions.find((v) => v.id === props.versionId);
  const previous =
    others.find((v) => current?.number != null && v.number !== null && v.number < current.number) ?? others[0] ?? null;

  return (
    <div className="flex min-w-0 items-center gap-2">
      <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1.5 text-ink-300">
        <Link href={`/projects/${props.projectId}`} className="truncate hover:text-ink-100">
          {props.projectName}
        </Link>
        <span aria-hidden>/</span>
        <Link href={`/projects/${props.projectId}/assets/${props.assetId}`} className="truncate font-medium text-ink-100 hover:underline">
          {props.assetName}
        </Link>
      </nav>
      <label htmlFor="version-switcher" className="sr-only">
        Version
      </label>
      <select
        id="version-switcher"
        value={props.versionId}
        onChange={(e) => go(e.target.value, props.compareId === e.target.value ? null : props.compareId)}
        className="h-7 rounded border border-ink-600 bg-ink-950 px-1.5 font-mono text-xs text-ink-100"
      >
        {props.versions.map((v) => (
          <option key={v.id} value={v.id}>
            {optionText(v)}
          </option>
        ))}
      </select>
      <button
        type="button"
        aria-pressed={props.compareId !== null}
        disabled={others.length === 0}
        title={others.length === 0 ? "Only one version: nothing to compare with" : "Compare with another version (side by side, wipe, overlay, difference, flip)"}
        onClick={() => go(props.versionId, props.compareId ? null : (previous?.id ?? null))}
        className={`inline-flex h-7 items-center gap-1 rounded border px-2 text-xs disabled:cursor-not-allowed disabled:opacity-45 ${
          props.compareId ? "border-accent-500 bg-accent-500/15 text-accent-400" : "border-ink-600 bg-ink-800 text-ink-100 hover:bg-ink-700"
        }`}
      >
        <Columns2 size={14} aria-hidden /> Compare
      </button>
      {props.compareId && (
        <>
          <label htmlFor="compare-switcher" className="sr-only">
            Compare with
          </label>
          <select
            id="compare-switcher"
            value={props.compareId}
            onChange={(e) => go(props.versionId, e.target.value)}
            className="h-7 rounded border border-ink-600 bg-ink-950 px-1.5 font-mono text-xs text-ink-100"
          >
            {others.map((v) => (
              <option key={v.id} value={v.id}>
                {optionText(v)}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
