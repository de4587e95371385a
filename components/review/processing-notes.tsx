import { Info } from "lucide-react";
import type { ReviewVersion } from "./review-api";

/** Short labels for the warnings lib/media records on a READY version; the full sentence is the tooltip. */
const NOTE_LABEL: Record<string, string> = {
  hdr_tone_mapped: "HDR source · SDR proxy",
  deinterlaced: "Interlaced source · deinterlaced",
  frame_rate_conformed: "Variable frame rate · conformed",
  poster_missing: "No poster",
  sprite_missing: "No scrub preview",
  waveform_missing: "No waveform",
  timecode_dropped: "No timecode track in proxy",
};

/**
 * What the version says about how it was made (tone-mapped, deinterlaced, an auxiliary output missing):
 * a reviewer judging colour must know the picture is an SDR rendering of an HDR master.
 */
export function ProcessingNotes({ warnings }: { warnings: ReviewVersion["warnings"] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label="Processing notes" data-testid="processing-notes">
      {warnings.map((w) => (
        <li
          key={w.code}
          title={w.message}
          data-code={w.code}
          className="inline-flex items-center gap-1 rounded border border-amber-800/70 bg-amber-950/40 px-1.5 py-0.5 text-xs text-amber-200"
        >
          <Info size={12} aria-hidden />
          <span>{NOTE_LABEL[w.code] ?? w.code}</span>
          <span className="sr-only">: {w.message}</span>
        </li>
      ))}
    </ul>
  );
}
