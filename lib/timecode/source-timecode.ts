import { TimecodeError } from "./errors";
import {
  countToFields,
  formatFields,
  parseWithScheme,
  resolveScheme,
  validFieldsToCount,
  type Scheme,
  type TimecodeClock,
} from "./smpte";

/** A version's timecode track: its clock and the label of source frame 0 (default "00:00:00:00"). */
export interface SourceTimecodeOptions extends TimecodeClock {
  /** Start timecode in the clock's notation, e.g. "01:00:00:00" or "00:59:59;28". */
  readonly start?: string;
}

function startFrameCount(start: string | undefined, scheme: Scheme): number {
  return start === undefined ? 0 : validFieldsToCount(parseWithScheme(start, scheme), scheme);
}

function wrap(count: number, modulus: number): number {
  return ((count % modulus) + modulus) % modulus;
}

/**
 * The timecode shown on source frame `frame` (0-based): start + frame, wrapping at 24 hours as a deck
 * does. Negative frames count back from the start. Throws `TimecodeError` for a non-integer frame, an
 * invalid start, or drop-frame at a rate without it.
 */
export function frameToTimecode(frame: number, options: SourceTimecodeOptions): string {
  if (!Number.isSafeInteger(frame)) {
    throw new TimecodeError("invalid_frame", `Frame ${frame} is not an integer.`);
  }
  const scheme = resolveScheme(options);
  const count = wrap(startFrameCount(options.start, scheme) + frame, scheme.framesPerDay);
  return formatFields(countToFields(count, scheme), options.dropFrame);
}

/**
 * The source frame showing timecode `text`: the inverse of `frameToTimecode`. A label before the start
 * timecode is read as having wrapped past midnight, so the result is always 0 ≤ frame < framesPerDay.
 * Throws `TimecodeError` for malformed or non-existent timecodes (see `parseTimecode`).
 */
export function timecodeToFrame(text: string, options: SourceTimecodeOptions): number {
  const scheme = resolveScheme(options);
  const count = validFieldsToCount(parseWithScheme(text, scheme), scheme);
  return wrap(count - startFrameCount(options.start, scheme), scheme.framesPerDay);
}
