import { TimecodeError } from "./errors";

/**
 * A frame rate as an exact rational, frames per second = num / den. NTSC-family rates are never stored
 * as 29.97: 30000/1001 is the real rate, and the float drifts by a frame every ~9 hours.
 */
export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

/** The rates AXIOM reviews, keyed by the label editors use. */
export const FRAME_RATES = {
  "23.976": { num: 24000, den: 1001 },
  "24": { num: 24, den: 1 },
  "25": { num: 25, den: 1 },
  "29.97": { num: 30000, den: 1001 },
  "30": { num: 30, den: 1 },
  "50": { num: 50, den: 1 },
  "59.94": { num: 60000, den: 1001 },
  "60": { num: 60, den: 1 },
} as const satisfies Record<string, FrameRate>;

/** Throws `TimecodeError` unless num and den are positive safe integers. */
export function assertValidFrameRate(rate: FrameRate): void {
  const isPositiveInteger = (n: number) => Number.isSafeInteger(n) && n > 0;
  if (!isPositiveInteger(rate.num) || !isPositiveInteger(rate.den)) {
    throw new TimecodeError(
      "invalid_frame_rate",
      `Invalid frame rate ${rate.num}/${rate.den}: numerator and denominator must be positive integers.`,
    );
  }
  if (Math.round(rate.num / rate.den) < 1) {
    throw new TimecodeError(
      "invalid_frame_rate",
      `Invalid frame rate ${rate.num}/${rate.den}: timecode needs at least one frame per second.`,
    );
  }
}

/** The timecode base: frames counted per timecode second (24 for 23.976, 30 for 29.97, 60 for 59.94). */
export function nominalRate(rate: FrameRate): number {
  return Math.round(rate.num / rate.den);
}

function isSameRate(a: FrameRate, b: FrameRate): boolean {
  // Cross-multiplying keeps 60000/2002 equal to 30000/1001; products stay far below 2^53.
  return a.num * b.den === b.num * a.den;
}

/** Drop-frame timecode is defined only for 29.97 (drops 2 numbers a minute) and 59.94 (drops 4). */
export function supportsDropFrame(rate: FrameRate): boolean {
  return isSameRate(rate, FRAME_RATES["29.97"]) || isSameRate(rate, FRAME_RATES["59.94"]);
}

/** "23.976", "29.97", "25": the rate to three decimals without trailing zeros, for messages and UI. */
export function formatFrameRate(rate: FrameRate): string {
  return String(Math.round((rate.num / rate.den) * 1000) / 1000);
}

/**
 * Parses "30000/1001" (ffprobe's `r_frame_rate`) or a plain integer "25". Decimal strings such as
 * "29.97" are refused on purpose: they are ambiguous about the real rational. Throws `TimecodeError`.
 */
export function parseFrameRate(text: string): FrameRate {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(text);
  if (!match) {
    throw new TimecodeError(
      "invalid_frame_rate",
      `Invalid frame rate "${text}": expected "num/den" such as "30000/1001", or an integer such as "25".`,
    );
  }
  const rate = { num: Number(match[1]), den: match[2] === undefined ? 1 : Number(match[2]) };
  assertValidFrameRate(rate);
  return rate;
}
