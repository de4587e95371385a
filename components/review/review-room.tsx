"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { Keyboard } from "lucide-react";
import { PLAYER_SHORTCUTS } from "@/components/player/use-player-shortcuts";
import type { ReviewPanelTab } from "@/lib/review/room-path";
import { DecisionBar } from "./decision-bar";
import { ProcessingNotes } from "./processing-notes";
import { errorMessage } from "./review-api";
import { ReviewWorkspace } from "./review-workspace";
import { useReview } from "./use-review-data";
import { VersionBar, versionLabel } from "./version-bar";

export interface ReviewRoomProps {
  projectId: string;
  projectName: string;
  assetId: string;
  versionId: string;
  compareId: string | null;
  /** Side-panel tab to open first (the lists link to the decision history). */
  initialTab?: ReviewPanelTab;
}

/**
 * The review room: version switcher, compare toggle and decisions on top; player, timeline and
 * transport in the centre; comments on the right. Data comes from GET /api/versions/:id/review,
 * polled, so processing state, decisions and new versions update without a reload.
 */
export function ReviewRoom(props: ReviewRoomProps) {
  const review = useReview(props.versionId);
  // Only another version of the same asset can be compared (comments stay with their own version).
  const compareId =
    props.compareId && props.compareId !== props.versionId && review.data?.versions.some((v) => v.id === props.compareId)
      ? props.compareId
      : null;
  const compare = useReview(compareId);

  if (review.isPending) {
    return <div className="flex h-[calc(100vh-2.75rem)] items-center justify-center text-ink-400">Loading review…</div>;
  }
  if (review.isError) {
    return (
      <div className="flex h-[calc(100vh-2.75rem)] items-center justify-center">
        <p role="alert" className="rounded border border-red-900 bg-red-950/60 px-4 py-3 text-red-200">
          {errorMessage(review.error)}
        </p>
      </div>
    );
  }
  const data = review.data;
  const label = versionLabel(data.version);

  return (
    <div className="flex h-[calc(100vh-2.75rem)] flex-col bg-ink-950">
      <div className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 border-b border-ink-800 bg-ink-900 px-3 py-1.5">
        <h1 className="sr-only">
          Review {data.asset.name} {label}
        </h1>
        <VersionBar
          projectId={props.projectId}
          projectName={props.projectName}
          assetId={props.assetId}
          assetName={data.asset.name}
          versionId={props.versionId}
          compareId={compareId}
          versions={data.versions}
        />
        <ProcessingNotes warnings={data.version.warnings} />
        <div className="ml-auto flex items-center gap-3">
          <DecisionBar
            versionId={props.versionId}
            versionLabel={label}
            reviewState={data.version.reviewState}
            decisions={data.decisions}
            canDecide={data.permissions.canDecide}
            decideReason={data.permissions.decideReason}
          />
          <ShortcutsDialog />
        </div>
      </div>
      <ReviewWorkspace
        key={props.versionId}
        data={data}
        compareData={compare.data ?? null}
        compareError={compare.isError ? errorMessage(compare.error) : null}
        initialTab={props.initialTab ?? "comments"}
      />
    </div>
  );
}

function ShortcutsDialog() {
  return (
    <Dialog.Root>
      <Dialog.Trigger className="inline-flex h-7 w-7 items-center justify-center rounded text-ink-300 hover:bg-ink-700" aria-label="Keyboard shortcuts" title="Keyboard shortcuts">
        <Keyboard size={16} aria-hidden />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <Dialog.Content className="fixed left-1/2 top-1/4 z-50 w-[26rem] -translate-x-1/2 rounded border border-ink-600 bg-ink-900 p-4 shadow-2xl">
          <Dialog.Title className="text-base font-semibold">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="mt-1 text-ink-300">Active whenever you are not typing in a field.</Dialog.Description>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
            {PLAYER_SHORTCUTS.map(([keys, what]) => (
              <div key={keys} className="contents">
                <dt className="font-mono text-xs text-accent-400">{keys}</dt>
                <dd className="text-ink-100">{what}</dd>
              </div>
            ))}
          </dl>
          <Dialog.Close className="btn mt-4">Close</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
