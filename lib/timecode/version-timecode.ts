import { supportsDropFrame, type FrameRate } from "./frame-rate";
import { formatFrameReadout } from "./format-frame-readout";
import type { SourceTimecodeOptions } from "./source-timecode";

/**
 * A version's timecode track as the player shows it and the exports write it (one rule for both,
 * so a note exported at 01:00:05:12 is the frame the room showed at 01:00:05:12). A drop-frame flag
 * on a rate without drop-frame is ignored, not fatal; a start timecode the module refuses (e.g.
 * frames beyond the base) counts from 00:00:00:00.
 */
export function timecodeOptionsOf(version: {
  frameRate: FrameRate;
  startTimecode: string | null;
  dropFrame: boolean;
}): SourceTimecodeOptions {
  const dropFrame = version.dropFrame && supportsDropFrame(version.frameRate);
  const start = version.startTimecode ? normaliseSeparators(version.startTimecode, dropFrame) : undefined;
  const options = { rate: version.frameRate, dropFrame, start };
  try {
    formatFrameReadout(0, "timecode", options);
    return options;
  } catch {
    return { rate: version.frameRate, dropFrame };
  }
}

/** Writes the separators the clock expects: users (and some containers) write ":" everywhere, drop-frame wants ";" last. */
export function normaliseSeparators(text: string, dropFrame: boolean): string {
  const m = /^(\d{1,2})[:;.,](\d{2})[:;.,](\d{2})[:;.,](\d{2})$/.exec(text.trim());
  if (!m) return text.trim();
  const [, hh, mm, ss, ff] = m;
  return `${hh!.padStart(2, "0")}:${mm}:${ss}${dropFrame ? ";" : ":"}${ff}`;
}
