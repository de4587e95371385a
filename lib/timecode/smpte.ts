/**
 * SMPTE labels ↔ frame counts since 00:00:00:00. Import from `lib/timecode` (index.ts): the exports
 * that take a `Scheme` are shared with `source-timecode.ts` only, so a bulk conversion validates the
 * clock once per call instead of once per step.
 */
import { TimecodeError } from "./errors";
import { assertValidFrameRate, formatFrameRate, nominalRate, supportsDropFrame, type FrameRate } from "./frame-rate";

/** How a timeline is labelled: the real rate plus whether labels drop frame numbers. */
export interface TimecodeClock {
  readonly rate: FrameRate;
  readonly dropFrame: boolean;
}

/** One SMPTE label, HH:MM:SS:FF, as numbers. */
export interface TimecodeFields {
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly frames: number;
}

export interface Scheme {
  readonly base: number;
  /** Frame numbers skipped at the start of each minute not divisible by ten (0 for non-drop). */
  readonly drop: number;
  readonly labelsPerMinute: number;
  readonly framesPerMinute: number;
  readonly framesPerTenMinutes: number;
  readonly framesPerDay: number;
  readonly clock: TimecodeClock;
}

/** "29.97 fps drop-frame", for error messages only (kept out of `resolveScheme`, which runs per frame). */
function describeClock(clock: TimecodeClock): string {
  const mode = clock.dropFrame ? " drop-frame" : clock.rate.den === 1 ? "" : " non-drop-frame";
  return `${formatFrameRate(clock.rate)} fps${mode}`;
}

/** Validates the clock and derives the drop-frame arithmetic. Internal: the module's own functions share it. */
export function resolveScheme(clock: TimecodeClock): Scheme {
  assertValidFrameRate(clock.rate);
  const base = nominalRate(clock.rate);
  if (clock.dropFrame && !supportsDropFrame(clock.rate)) {
    throw new TimecodeError(
      "unsupported_drop_frame",
      `Drop-frame timecode is only defined for 29.97 and 59.94 fps, not ${formatFrameRate(clock.rate)} fps.`,
    );
  }
  // SMPTE 12M: 29.97 drops 2 numbers per minute, 59.94 drops 4 — always base / 15.
  const drop = clock.dropFrame ? base / 15 : 0;
  const labelsPerMinute = 60 * base;
  const framesPerMinute = labelsPerMinute - drop;
  const framesPerTenMinutes = 10 * labelsPerMinute - 9 * drop;
  return {
    base,
    drop,
    labelsPerMinute,
    framesPerMinute,
    framesPerTenMinutes,
    framesPerDay: 144 * framesPerTenMinutes,
    clock,
  };
}

/** Frames in 24 hours of labels: 2,589,408 at 29.97 DF, 2,592,000 at 29.97 NDF and 30. */
export function framesPerDay(clock: TimecodeClock): number {
  return resolveScheme(clock).framesPerDay;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Internal: no validation, for fields that `countToFields` produced. */
export function formatFields(fields: TimecodeFields, dropFrame: boolean): string {
  const last = dropFrame ? ";" : ":";
  return `${pad2(fields.hours)}:${pad2(fields.minutes)}:${pad2(fields.seconds)}${last}${pad2(fields.frames)}`;
}

/**
 * The label of the frame `count` frames after 00:00:00:00. Throws `TimecodeError` unless
 * 0 ≤ count < framesPerDay(clock); wrapping is the caller's decision (see `frameToTimecode`).
 */
export function frameCountToFields(count: number, clock: TimecodeClock): TimecodeFields {
  return countToFields(count, resolveScheme(clock));
}

export function countToFields(count: number, scheme: Scheme): TimecodeFields {
  if (!Number.isSafeInteger(count) || count < 0 || count >= scheme.framesPerDay) {
    throw new TimecodeError(
      "invalid_frame",
      `Frame count ${count} is not an integer from 0 to ${scheme.framesPerDay - 1} ` +
        `(24 hours at ${describeClock(scheme.clock)}).`,
    );
  }
  const { base, drop, labelsPerMinute, framesPerMinute, framesPerTenMinutes } = scheme;
  let labelCount = count;
  if (drop > 0) {
    // Each ten-minute block holds one full minute followed by nine minutes missing `drop` labels.
    const block = Math.floor(count / framesPerTenMinutes);
    const inBlock = count % framesPerTenMinutes;
    labelCount = block * 10 * labelsPerMinute;
    if (inBlock < labelsPerMinute) {
      labelCount += inBlock;
    } else {
      const afterFirstMinute = inBlock - labelsPerMinute;
      const minute = 1 + Math.floor(afterFirstMinute / framesPerMinute);
      labelCount += minute * labelsPerMinute + drop + (afterFirstMinute % framesPerMinute);
    }
  }
  const totalSeconds = Math.floor(labelCount / base);
  return {
    hours: Math.floor(totalSeconds / 3600),
    minutes: Math.floor(totalSeconds / 60) % 60,
    seconds: totalSeconds % 60,
    frames: labelCount % base,
  };
}

/** `text` is the input as typed, when there is one; otherwise messages show the fields formatted. */
function assertValidFields(fields: TimecodeFields, scheme: Scheme, text?: string): void {
  // Built only on failure: this runs once per frame in bulk conversions.
  const shown = () => text ?? formatFields(fields, scheme.clock.dropFrame);
  const refuse = (message: string) =>
    new TimecodeError("field_out_of_range", `Invalid timecode "${shown()}": ${message}`);
  const { hours, minutes, seconds, frames } = fields;
  const isIntegerIn = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n < max;
  if (!isIntegerIn(hours, 24)) throw refuse("hours must be 00 to 23.");
  if (!isIntegerIn(minutes, 60)) throw refuse("minutes must be 00 to 59.");
  if (!isIntegerIn(seconds, 60)) throw refuse("seconds must be 00 to 59.");
  if (!isIntegerIn(frames, scheme.base)) {
    throw refuse(`frames must be 00 to ${pad2(scheme.base - 1)} at ${describeClock(scheme.clock)}.`);
  }
  if (scheme.drop > 0 && seconds === 0 && frames < scheme.drop && minutes % 10 !== 0) {
    throw new TimecodeError(
      "dropped_frame_number",
      `Invalid timecode "${shown()}": ${describeClock(scheme.clock)} skips frames 00 to ${pad2(scheme.drop - 1)} ` +
        `at the start of every minute except minutes 00, 10, 20, 30, 40 and 50, so this label does not exist.`,
    );
  }
}

/** Frames from 00:00:00:00 to this label. Throws `TimecodeError` for fields that are out of range or dropped. */
export function fieldsToFrameCount(fields: TimecodeFields, clock: TimecodeClock): number {
  const scheme = resolveScheme(clock);
  assertValidFields(fields, scheme);
  return validFieldsToCount(fields, scheme);
}

/** Internal: `fields` must already have passed `assertValidFields` (as `parseWithScheme` guarantees). */
export function validFieldsToCount(fields: TimecodeFields, scheme: Scheme): number {
  const totalMinutes = fields.hours * 60 + fields.minutes;
  const labelCount = (totalMinutes * 60 + fields.seconds) * scheme.base + fields.frames;
  return labelCount - scheme.drop * (totalMinutes - Math.floor(totalMinutes / 10));
}

/** "01:00:00:00", or "01:00:00;00" in drop-frame. Throws `TimecodeError` for invalid fields. */
export function formatTimecode(fields: TimecodeFields, clock: TimecodeClock): string {
  assertValidFields(fields, resolveScheme(clock));
  return formatFields(fields, clock.dropFrame);
}

const TIMECODE_SHAPE = /^(\d{2})([:;.,])(\d{2})([:;.,])(\d{2})([:;.,])(\d{2})$/;

/**
 * Strictly parses "HH:MM:SS:FF" (non-drop) or "HH:MM:SS;FF" (drop-frame): two digits per field, no
 * whitespace, and the separator must match `clock.dropFrame`. Throws `TimecodeError` naming the problem.
 */
export function parseTimecode(text: string, clock: TimecodeClock): TimecodeFields {
  return parseWithScheme(text, resolveScheme(clock));
}

export function parseWithScheme(text: string, scheme: Scheme): TimecodeFields {
  const { clock } = scheme;
  const expected = clock.dropFrame ? "HH:MM:SS;FF" : "HH:MM:SS:FF";
  const match = TIMECODE_SHAPE.exec(text);
  if (!match) {
    throw new TimecodeError(
      "malformed_timecode",
      `Invalid timecode "${text}": expected ${expected} with two digits in every field.`,
    );
  }
  const [, hh, sep1, mm, sep2, ss, sep3, ff] = match;
  if (sep1 !== ":" || sep2 !== ":" || sep3 !== (clock.dropFrame ? ";" : ":")) {
    const why = clock.dropFrame
      ? `drop-frame timecode is written ${expected}, with ';' before the frames only.`
      : `non-drop-frame timecode is written ${expected}, with ':' between all fields` +
        (sep3 === ";" ? " (';' marks drop-frame)." : ".");
    throw new TimecodeError("malformed_timecode", `Invalid timecode "${text}": ${why}`);
  }
  const fields = { hours: Number(hh), minutes: Number(mm), seconds: Number(ss), frames: Number(ff) };
  assertValidFields(fields, scheme, text);
  return fields;
}

/** True when the text uses the drop-frame ';' (or the '.'/',' some tools write) before the frames. */
export function isDropFrameNotation(text: string): boolean {
  const match = TIMECODE_SHAPE.exec(text);
  return match !== null && match[6] !== ":";
}
