"use client";

import { AddToPlaylistMenu } from "@/components/playlists/add-to-playlist-menu";
import { ShareDialog } from "@/components/review-links/share-dialog";
import type { ReviewPanelTab } from "@/lib/review/room-path";
import { DecisionBar } from "./decision-bar";
import { ExportMenu } from "./export-menu";
import { LivePreviewNotice } from "./live-preview-notice";
import { ProcessingNotes } from "./processing-notes";
import { errorMessage } from "./review-api";
import { ReviewLayout } from "./review-layout";
import { ReviewWorkspace } from "./review-workspace";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { useReview, useReviewLiveUpdates } from "./use-review-data";
import { VersionBar, versionLabel } from "./version-bar";

export interface ReviewRoomProps {
  projectId: string;
  projectName: string;
  assetId: string;
  versionId: string;
  compareId: string | null;
  /** Side-panel tab to open first (the lists link to the decision history). */
  initialTab?: ReviewPanelTab;
  /** A bar under the top bar when the room plays inside something larger (the playlist strip). */
  strip?: React.ReactNode;
  /** The caller may share this version as a review link (producers, admins): shows Share. */
  canShare?: boolean;
}

/**
 * The review room: version switcher, compare toggle and decisions on top; player, timeline and
 * transport in the centre; comments on the right. Data comes from GET /api/versions/:id/review,
 * kept current by the version's live event stream (polled while it is down), so processing state,
 * decisions, comments and new versions update without a reload.
 */
export function ReviewRoom(props: ReviewRoomProps) {
  useReviewLiveUpdates(props.versionId);
  const review = useReview(props.versionId);
  // Only another version of the same asset can be compared (comments stay with their own version).
  const compareId =
    props.compareId &&
    props.compareId !== props.versionId &&
    review.data?.versions.some((v) => v.id === props.compareId)
      ? props.compareId
      : null;
  const compare = useReview(compareId);

  if (review.isPending) {
    return (
      <ReviewLayout>
        <div className="flex flex-1 items-center justify-center text-ink-400">Loading review…</div>
      </ReviewLayout>
    );
  }
  if (review.isError) {
    return (
      <ReviewLayout>
        <div className="flex flex-1 items-center justify-center">
          <p role="alert" className="rounded border border-red-900 bg-red-950/60 px-4 py-3 text-red-200">
            {errorMessage(review.error)}
          </p>
        </div>
      </ReviewLayout>
    );
  }
  const data = review.data;
  const label = versionLabel(data.version);
  const topBar = (
    <>
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
      <LivePreviewNotice version={data.version} />
      <div className="ml-auto flex items-center gap-3">
        <AddToPlaylistMenu projectId={props.projectId} versionId={props.versionId} />
        {props.canShare && <ShareDialog projectId={props.projectId} target={{ versionId: props.versionId }} defaultName={`${data.asset.name} ${label} review`} />}
        <ExportMenu versionId={props.versionId} />
        <DecisionBar
          versionId={props.versionId}
          versionLabel={label}
          reviewState={data.version.reviewState}
          decisions={data.decisions}
          canDecide={data.permissions.canDecide}
          decideReason={data.permissions.decideReason ?? null}
        />
        <ShortcutsDialog />
      </div>
    </>
  );

  return (
    <ReviewLayout topBar={topBar} strip={props.strip}>
      <ReviewWorkspace
        key={props.versionId}
        data={data}
        compare={
          compare.data || compare.isError
            ? { data: compare.data ?? null, loadError: compare.isError ? errorMessage(compare.error) : null }
            : null
        }
        initialTab={props.initialTab ?? "comments"}
      />
    </ReviewLayout>
  );
}
