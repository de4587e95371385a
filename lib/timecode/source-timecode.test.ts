import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimecodeError } from "./errors";
import { FRAME_RATES, nominalRate } from "./frame-rate";
import { formatTimecode, framesPerDay, type TimecodeClock } from "./smpte";
import { frameToTimecode, timecodeToFrame, type SourceTimecodeOptions } from "./source-timecode";
import { SUPPORTED_CLOCKS } from "./test-support";

const df2997 = { rate: FRAME_RATES["29.97"], dropFrame: true };
const at24 = { rate: FRAME_RATES["24"], dropFrame: false };
const at25 = { rate: FRAME_RATES["25"], dropFrame: false };

describe("a version starting at 01:00:00:00 (24 fps)", () => {
  const version: SourceTimecodeOptions = { ...at24, start: "01:00:00:00" };

  it("shows the start timecode on frame 0 and counts on from there", () => {
    expect(frameToTimecode(0, version)).toBe("01:00:00:00");
    expect(frameToTimecode(24, version)).toBe("01:00:01:00");
    expect(frameToTimecode(86400, version)).toBe("02:00:00:00");
  });

  it("finds the source frame of a timecode", () => {
    expect(timecodeToFrame("01:00:01:00", version)).toBe(24);
    expect(timecodeToFrame("01:00:00:00", version)).toBe(0);
  });

  it("reads a timecode before the start as wrapped past midnight", () => {
    expect(timecodeToFrame("00:59:59:23", version)).toBe(24 * 60 * 60 * 24 - 1);
  });

  it("counts negative frames back from the start", () => {
    expect(frameToTimecode(-1, version)).toBe("00:59:59:23");
  });
});

describe("a 29.97 drop-frame version starting at 00:59:59;28", () => {
  const version: SourceTimecodeOptions = { ...df2997, start: "00:59:59;28" };

  it("reaches 01:00:00;00 on frame 2", () => {
    expect(frameToTimecode(0, version)).toBe("00:59:59;28");
    expect(frameToTimecode(1, version)).toBe("00:59:59;29");
    expect(frameToTimecode(2, version)).toBe("01:00:00;00");
    expect(timecodeToFrame("01:00:00;00", version)).toBe(2);
  });

  it("skips the dropped labels when the start is just before a minute", () => {
    const nearMinute = { ...df2997, start: "00:00:59;29" };
    expect(frameToTimecode(1, nearMinute)).toBe("00:01:00;02");
    expect(timecodeToFrame("00:01:00;02", nearMinute)).toBe(1);
  });
});

describe("wrapping at 24 hours", () => {
  it("goes from 23:59:59:23 to 00:00:00:00", () => {
    const version = { ...at24, start: "23:59:59:23" };
    expect(frameToTimecode(1, version)).toBe("00:00:00:00");
    expect(timecodeToFrame("00:00:00:00", version)).toBe(1);
  });

  it("reads a timecode one frame before the start as the last frame of the day", () => {
    expect(timecodeToFrame("00:59:59:24", { ...at25, start: "01:00:00:00" })).toBe(25 * 3600 * 24 - 1);
  });
});

describe("invalid input", () => {
  it("refuses a start timecode in the other notation", () => {
    expect(() => frameToTimecode(0, { ...df2997, start: "00:59:59:28" })).toThrow(/';' before the frames/);
    expect(() => frameToTimecode(0, { ...at24, start: "01:00:00;00" })).toThrow(/';' marks drop-frame/);
  });

  it("refuses a start timecode that does not exist", () => {
    expect(() => timecodeToFrame("01:00:00;00", { ...df2997, start: "00:01:00;00" })).toThrow(/does not exist/);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("refuses frame %s", (frame) => {
    expect(() => frameToTimecode(frame, at24)).toThrow(TimecodeError);
  });
});

function startTimecode(clock: TimecodeClock): fc.Arbitrary<string> {
  const base = nominalRate(clock.rate);
  const drop = clock.dropFrame ? base / 15 : 0;
  return fc
    .record({
      hours: fc.integer({ min: 0, max: 23 }),
      minutes: fc.integer({ min: 0, max: 59 }),
      seconds: fc.integer({ min: 0, max: 59 }),
      frames: fc.integer({ min: 0, max: base - 1 }),
    })
    .map((f) => (f.seconds === 0 && f.minutes % 10 !== 0 && f.frames < drop ? { ...f, frames: drop } : f))
    .map((fields) => formatTimecode(fields, clock));
}

describe.each(SUPPORTED_CLOCKS)("with any start timecode at %s", (_, clock) => {
  const perDay = framesPerDay(clock);

  it("shows the start on frame 0", () => {
    fc.assert(
      fc.property(startTimecode(clock), (start) => {
        expect(frameToTimecode(0, { ...clock, start })).toBe(start);
      }),
    );
  });

  it("reads every source frame's timecode back to the same frame", () => {
    fc.assert(
      fc.property(startTimecode(clock), fc.integer({ min: 0, max: perDay - 1 }), (start, frame) => {
        const version = { ...clock, start };
        expect(timecodeToFrame(frameToTimecode(frame, version), version)).toBe(frame);
      }),
    );
  });

  it("shows frame n the label n frames after the start on the plain 24-hour clock", () => {
    fc.assert(
      fc.property(startTimecode(clock), fc.integer({ min: 0, max: perDay - 1 }), (start, frame) => {
        const startCount = timecodeToFrame(start, clock);
        expect(frameToTimecode(frame, { ...clock, start })).toBe(frameToTimecode((startCount + frame) % perDay, clock));
      }),
    );
  });

  it("reads every valid timecode back to the same timecode", () => {
    fc.assert(
      fc.property(startTimecode(clock), startTimecode(clock), (start, text) => {
        const version = { ...clock, start };
        expect(frameToTimecode(timecodeToFrame(text, version), version)).toBe(text);
      }),
    );
  });
});
