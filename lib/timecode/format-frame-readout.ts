import { TimecodeError } from "./errors";
import { frameToSeconds } from "./media-time";
import { frameToTimecode, type SourceTimecodeOptions } from "./source-timecode";

/** What the player's readout switch shows. */
export type FrameReadoutMode = "timecode" | "frame" | "seconds";

export const FRAME_READOUT_MODES: readonly FrameReadoutMode[] = ["timecode", "frame", "seconds"];

/**
 * One frame as the readout shows it: its source timecode ("01:00:00;02"), its 0-based frame number
 * ("2"), or its start time from the first frame to the millisecond ("0.067 s").
 * Throws `TimecodeError` like `frameToTimecode`.
 */
export function formatFrameReadout(frame: number, mode: FrameReadoutMode, options: SourceTimecodeOptions): string {
  switch (mode) {
    case "timecode":
      return frameToTimecode(frame, options);
    case "frame":
      if (!Number.isSafeInteger(frame)) {
        throw new TimecodeError("invalid_frame", `Frame ${frame} is not an integer.`);
      }
      return String(frame);
    case "seconds":
      return `${frameToSeconds(frame, options.rate).toFixed(3)} s`;
  }
}
