import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nominalRate } from "./frame-rate";
import { formatTimecode, framesPerDay, type TimecodeClock, type TimecodeFields } from "./smpte";
import { frameToTimecode, timecodeToFrame } from "./source-timecode";
import { SUPPORTED_CLOCKS } from "./test-support";

/** Any label that exists on this clock: dropped drop-frame labels are moved to the first kept one. */
function validFields(clock: TimecodeClock): fc.Arbitrary<TimecodeFields> {
  const base = nominalRate(clock.rate);
  const drop = clock.dropFrame ? base / 15 : 0;
  return fc
    .record({
      hours: fc.integer({ min: 0, max: 23 }),
      minutes: fc.integer({ min: 0, max: 59 }),
      seconds: fc.integer({ min: 0, max: 59 }),
      frames: fc.integer({ min: 0, max: base - 1 }),
    })
    .map((f) => (f.seconds === 0 && f.minutes % 10 !== 0 && f.frames < drop ? { ...f, frames: drop } : f));
}

/** The label after `fields` by counting, as written in SMPTE 12M; `undefined` after 23:59:59:last. */
function nextLabel(fields: TimecodeFields, clock: TimecodeClock): TimecodeFields | undefined {
  const base = nominalRate(clock.rate);
  let { hours, minutes, seconds, frames } = fields;
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
      if (clock.dropFrame && minutes % 10 !== 0) frames = base / 15;
    }
  }
  return hours === 24 ? undefined : { hours, minutes, seconds, frames };
}

describe.each(SUPPORTED_CLOCKS)("at %s", (_, clock) => {
  const perDay = framesPerDay(clock);
  const frameOfDay = fc.integer({ min: 0, max: perDay - 1 });

  it("reads every valid timecode back to the same timecode (tc → frame → tc)", () => {
    fc.assert(
      fc.property(validFields(clock), (fields) => {
        const text = formatTimecode(fields, clock);
        expect(frameToTimecode(timecodeToFrame(text, clock), clock)).toBe(text);
      }),
    );
  });

  it("reads every frame's timecode back to the same frame (frame → tc → frame)", () => {
    fc.assert(
      fc.property(frameOfDay, (frame) => {
        expect(timecodeToFrame(frameToTimecode(frame, clock), clock)).toBe(frame);
      }),
    );
  });

  it("labels frame + 1 with the next label that exists", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: perDay - 2 }), (frame) => {
        const here = frameToTimecode(frame, clock);
        const next = frameToTimecode(frame + 1, clock);
        const counted = nextLabel(timecodeFieldsOf(here, clock), clock);
        expect(counted && formatTimecode(counted, clock)).toBe(next);
        // Same-width zero-padded labels sort as strings in time order.
        expect(here < next).toBe(true);
      }),
    );
  });

  it("wraps frames beyond 24 hours, and before 0, onto the same day", () => {
    fc.assert(
      fc.property(frameOfDay, fc.integer({ min: -3, max: 3 }), (frame, days) => {
        expect(frameToTimecode(frame + days * perDay, clock)).toBe(frameToTimecode(frame, clock));
      }),
    );
  });
});

function timecodeFieldsOf(text: string, clock: TimecodeClock): TimecodeFields {
  const [hours = NaN, minutes = NaN, seconds = NaN, frames = NaN] = text.split(/[:;]/).map(Number);
  expect(formatTimecode({ hours, minutes, seconds, frames }, clock)).toBe(text);
  return { hours, minutes, seconds, frames };
}
