import { normaliseSeparators } from "@/lib/timecode/version-timecode";
import {
  formatFrameReadout,
  timecodeToFrame,
  TimecodeError,
  type FrameReadoutMode,
  type SourceTimecodeOptions,
} from "@/lib/timecode";

/** Lives in lib/timecode: the exports write timecodes by the same rule the player shows them. */
export { timecodeOptionsOf } from "@/lib/timecode/version-timecode";

/** Readout text; never throws (the readout must not take the player down). */
export function formatFrame(frame: number, mode: FrameReadoutMode, options: SourceTimecodeOptions): string {
  try {
    return formatFrameReadout(frame, mode, options);
  } catch {
    return String(frame);
  }
}

export type GoToResult = { frame: number } | { error: string };

/**
 * What the "go to" field means: a timecode ("01:00:10:05", any separators), a frame number ("#120"
 * or "120f") or seconds ("4.5s"). The frame must exist in this version.
 */
export function parseGoTo(text: string, options: SourceTimecodeOptions, frameCount: number): GoToResult {
  const input = text.trim();
  let frame: number;
  const frameMatch = /^#?(\d+)f?$/i.exec(input);
  const secondsMatch = /^(\d+(?:\.\d+)?)\s*s$/i.exec(input);
  if (/[:;.,]/.test(input) && !secondsMatch) {
    try {
      frame = timecodeToFrame(normaliseSeparators(input, options.dropFrame), options);
    } catch (err) {
      return { error: err instanceof TimecodeError ? err.message : "Invalid timecode." };
    }
  } else if (frameMatch && (input.startsWith("#") || /f$/i.test(input) || !input.includes(":"))) {
    frame = Number(frameMatch[1]);
  } else if (secondsMatch) {
    frame = Math.floor((Number(secondsMatch[1]) * options.rate.num) / options.rate.den);
  } else {
    return { error: "Type a timecode (01:00:00:00), a frame (#120) or seconds (4.5s)." };
  }
  if (frame < 0 || frame >= frameCount) {
    return { error: `That is outside this version (frames 0 to ${frameCount - 1}).` };
  }
  return { frame };
}
