import { FRAME_RATES, nominalRate } from "./frame-rate";
import { fieldsToFrameCount, frameCountToFields, framesPerDay, type TimecodeClock } from "./smpte";
import { frameToTimecode, timecodeToFrame } from "./source-timecode";

/** Test support, not shipped code. Every rate/mode pair AXIOM supports, named as in the test titles. */
export const SUPPORTED_CLOCKS: ReadonlyArray<readonly [string, TimecodeClock]> = [
  ["23.976", { rate: FRAME_RATES["23.976"], dropFrame: false }],
  ["24", { rate: FRAME_RATES["24"], dropFrame: false }],
  ["25", { rate: FRAME_RATES["25"], dropFrame: false }],
  ["29.97 DF", { rate: FRAME_RATES["29.97"], dropFrame: true }],
  ["29.97 NDF", { rate: FRAME_RATES["29.97"], dropFrame: false }],
  ["30", { rate: FRAME_RATES["30"], dropFrame: false }],
  ["50", { rate: FRAME_RATES["50"], dropFrame: false }],
  ["59.94 DF", { rate: FRAME_RATES["59.94"], dropFrame: true }],
  ["59.94 NDF", { rate: FRAME_RATES["59.94"], dropFrame: false }],
  ["60", { rate: FRAME_RATES["60"], dropFrame: false }],
];

/**
 * Every frame of 24 hours at every supported clock (≈34 million frames in all), checked against an
 * independent oracle: an odometer that counts labels one by one and skips drop-frame labels by the
 * rule as written in SMPTE 12M ("skip frame numbers 0–1 (0–3 at 59.94) at the start of every minute
 * except minutes divisible by ten").
 *
 * Budget: the label arithmetic (frame ↔ fields, both directions) is checked on every frame. Running
 * the string layer (format + strict parse) on every frame as well measured 26 s of CPU, over the
 * 10 s budget; so strings are checked on the first and last hour plus one second either side of every
 * minute boundary (every digit value of every field, every hour, every drop point), and on random
 * frames in `smpte.property.test.ts`. That measured 5.5 s of CPU for all ten clocks, split across two
 * test files so vitest uses both cores.
 */
const pad = (n: number) => String(n).padStart(2, "0");

export function findFirstMismatch(clock: TimecodeClock): string | undefined {
  const base = nominalRate(clock.rate);
  const drop = clock.dropFrame ? base / 15 : 0;
  const separator = clock.dropFrame ? ";" : ":";
  const perDay = framesPerDay(clock);
  const oneHour = perDay / 24;
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  let frames = 0;
  for (let frame = 0; frame < perDay; frame++) {
    const fields = frameCountToFields(frame, clock);
    const isSameLabel =
      fields.hours === hours && fields.minutes === minutes && fields.seconds === seconds && fields.frames === frames;
    if (!isSameLabel) {
      return `frame ${frame}: got ${JSON.stringify(fields)}, odometer says ${hours}:${minutes}:${seconds}:${frames}`;
    }
    const back = fieldsToFrameCount({ hours, minutes, seconds, frames }, clock);
    if (back !== frame) return `frame ${frame}: ${hours}:${minutes}:${seconds}:${frames} counts back to ${back}`;

    const isNearMinuteBoundary = seconds === 59 || seconds === 0;
    if (frame < oneHour || frame >= perDay - oneHour || isNearMinuteBoundary) {
      const expected = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(frames)}`;
      const text = frameToTimecode(frame, clock);
      if (text !== expected) return `frame ${frame}: got ${text}, odometer says ${expected}`;
      const parsed = timecodeToFrame(text, clock);
      if (parsed !== frame) return `frame ${frame}: ${text} parses back to frame ${parsed}`;
    }

    frames++;
    if (frames === base) {
      frames = 0;
      seconds++;
      if (seconds === 60) {
        seconds = 0;
        minutes++;
        if (minutes === 60) {
          minutes = 0;
          hours++;
        }
        if (minutes % 10 !== 0) frames = drop;
      }
    }
  }
  if (hours !== 24 || minutes !== 0 || seconds !== 0 || frames !== 0) {
    return `after ${perDay} frames the odometer reads ${hours}:${minutes}:${seconds}:${frames}, not 24:00:00:00`;
  }
  return undefined;
}
