import { Radio } from "lucide-react";
import type { ReviewVersion } from "./review-api";

/**
 * Says the room is playing the live preview of a version still processing (docs/processing.md, "Watch
 * while it encodes"): the picture is the final one, frame for frame, but only as far as it is encoded;
 * poster, scrub preview and waveform, and decisions, come with READY, when the player switches over by itself.
 */
export function LivePreviewNotice({ version }: { version: ReviewVersion }) {
  if (version.processingState !== "PROCESSING" || !version.preview) return null;
  const percent = Math.round(version.progress ?? 0);
  return (
    <p
      role="status"
      data-testid="live-preview"
      title="Plays what is encoded so far. Comments keep their frames when the final renditions take over."
      className="inline-flex items-center gap-1 rounded border border-accent-500/60 bg-accent-500/10 px-1.5 py-0.5 text-xs text-accent-400"
    >
      <Radio size={12} aria-hidden />
      <span>Live preview · processing {percent} %</span>
    </p>
  );
}
