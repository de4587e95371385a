import type { Playback } from "@/components/player/playback.types";
import type { ReviewComment } from "./review-api";
import type { DrawingSession } from "./use-drawing-session";

/**
 * What the side panel needs of the player: the transport (composer target, in/out, pause while
 * writing), the readout's format, and the selected comment. Null while the version cannot play.
 */
export interface PlayerLink {
  playback: Playback;
  formatFrame: (frame: number) => string;
  /** The thread last jumped to (its marker and thread are highlighted). */
  selectedId: string | null;
  /** Seeks to the comment's exact frame (pausing), selects its thread and scrolls to it. */
  jumpTo: (comment: ReviewComment) => void;
  /** Drawing on the frame: the composer and a comment's edit form open it (use-drawing-session.ts). */
  drawing: DrawingSession;
  /** The frame on screen with its drawings as a PNG (the frame grab), for the composer to attach. */
  captureFrame: () => Promise<Blob>;
}
