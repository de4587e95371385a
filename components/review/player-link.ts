import type { Playback } from "@/components/player/use-playback";
import type { ReviewComment } from "./review-api";

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
}
