import { describe, expect, it } from "vitest";
import { TimecodeError, type TimecodeErrorCode } from "./errors";
import { FRAME_RATES, type FrameRate } from "./frame-rate";
import {
  fieldsToFrameCount,
  formatTimecode,
  frameCountToFields,
  framesPerDay,
  isDropFrameNotation,
  parseTimecode,
  type TimecodeClock,
} from "./smpte";
import { frameToTimecode, timecodeToFrame } from "./source-timecode";

const df2997: TimecodeClock = { rate: FRAME_RATES["29.97"], dropFrame: true };
const ndf2997: TimecodeClock = { rate: FRAME_RATES["29.97"], dropFrame: false };
const df5994: TimecodeClock = { rate: FRAME_RATES["59.94"], dropFrame: true };
const ndf = (rate: FrameRate): TimecodeClock => ({ rate, dropFrame: false });

function errorCodeOf(run: () => unknown): TimecodeErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TimecodeError) return error.code;
    throw error;
  }
  return undefined;
}

describe("29.97 drop-frame", () => {
  it.each([
    [0, "00:00:00;00"],
    [1799, "00:00:59;29"],
    [1800, "00:01:00;02"],
    [3597, "00:01:59;29"],
    [3598, "00:02:00;02"],
    [17981, "00:09:59;29"],
    [17982, "00:10:00;00"],
    [17983, "00:10:00;01"],
    [19782, "00:11:00;02"],
    [107892, "01:00:00;00"],
    [2589407, "23:59:59;29"],
  ])("labels frame %i as %s, and reads it back", (frame, text) => {
    expect(frameToTimecode(frame, df2997)).toBe(text);
    expect(timecodeToFrame(text, df2997)).toBe(frame);
  });

  it("keeps an hour of labels within 3.6 ms of an hour of wall clock", () => {
    const seconds = (fieldsToFrameCount({ hours: 1, minutes: 0, seconds: 0, frames: 0 }, df2997) * 1001) / 30000;
    expect(seconds).toBeCloseTo(3599.9964, 6);
  });

  it("has 2,589,408 frames in 24 hours, 2,592,000 without dropping", () => {
    expect(framesPerDay(df2997)).toBe(2_589_408);
    expect(framesPerDay(ndf2997)).toBe(2_592_000);
  });
});

describe("59.94 drop-frame", () => {
  it.each([
    [3599, "00:00:59;59"],
    [3600, "00:01:00;04"],
    [7196, "00:02:00;04"],
    [35963, "00:09:59;59"],
    [35964, "00:10:00;00"],
    [215784, "01:00:00;00"],
    [5178815, "23:59:59;59"],
  ])("labels frame %i as %s, and reads it back", (frame, text) => {
    expect(frameToTimecode(frame, df5994)).toBe(text);
    expect(timecodeToFrame(text, df5994)).toBe(frame);
  });
});

describe("non-drop-frame", () => {
  it.each([
    ["29.97", 1800, "00:01:00:00"],
    ["29.97", 107892, "00:59:56:12"],
    ["29.97", 108000, "01:00:00:00"],
    ["23.976", 24, "00:00:01:00"],
    ["23.976", 86400, "01:00:00:00"],
    ["24", 86399, "00:59:59:23"],
    ["25", 90000, "01:00:00:00"],
    ["30", 108000, "01:00:00:00"],
    ["50", 180000, "01:00:00:00"],
    ["59.94", 3600, "00:01:00:00"],
    ["60", 216000, "01:00:00:00"],
  ] as const)("at %s labels frame %i as %s, and reads it back", (label, frame, text) => {
    const clock = ndf(FRAME_RATES[label]);
    expect(frameToTimecode(frame, clock)).toBe(text);
    expect(timecodeToFrame(text, clock)).toBe(frame);
  });
});

describe("parseTimecode", () => {
  it("returns the fields of a valid label", () => {
    expect(parseTimecode("01:02:03;04", df2997)).toEqual({ hours: 1, minutes: 2, seconds: 3, frames: 4 });
  });

  it.each([
    ["00:01:00;00", df2997],
    ["00:01:00;01", df2997],
    ["23:59:00;01", df2997],
    ["00:01:00;03", df5994],
  ] as const)("refuses the dropped label %s and says it does not exist", (text, clock) => {
    expect(errorCodeOf(() => parseTimecode(text, clock))).toBe("dropped_frame_number");
    expect(() => parseTimecode(text, clock)).toThrow(/does not exist/);
  });

  it("accepts the first label after the drop and every tenth minute's ;00", () => {
    expect(parseTimecode("00:01:00;02", df2997).frames).toBe(2);
    expect(parseTimecode("00:10:00;00", df2997).frames).toBe(0);
    expect(parseTimecode("00:01:00;04", df5994).frames).toBe(4);
    expect(parseTimecode("00:01:00:00", ndf2997).frames).toBe(0);
  });

  it.each([
    ["00:00:00:30", ndf(FRAME_RATES["30"]), /frames must be 00 to 29 at 30 fps/],
    ["00:00:00:24", ndf(FRAME_RATES["23.976"]), /frames must be 00 to 23 at 23.976 fps/],
    ["00:00:00:25", ndf(FRAME_RATES["25"]), /frames must be 00 to 24/],
    ["00:00:00;60", df5994, /frames must be 00 to 59/],
    ["24:00:00:00", ndf(FRAME_RATES["24"]), /hours must be 00 to 23/],
    ["00:60:00:00", ndf(FRAME_RATES["24"]), /minutes must be 00 to 59/],
    ["00:00:60:00", ndf(FRAME_RATES["24"]), /seconds must be 00 to 59/],
  ] as const)("refuses %s as out of range", (text, clock, message) => {
    expect(errorCodeOf(() => parseTimecode(text, clock))).toBe("field_out_of_range");
    expect(() => parseTimecode(text, clock)).toThrow(message);
  });

  it.each([
    ["00:00:00;00", ndf2997, /';' marks drop-frame/],
    ["00:00:00:00", df2997, /';' before the frames/],
    ["00;00;00;00", df2997, /';' before the frames/],
    ["00:00:00.00", df2997, /';' before the frames/],
    ["00.00.00.00", ndf2997, /':' between all fields/],
    ["0:00:00:00", ndf2997, /expected HH:MM:SS:FF/],
    ["00:00:00", ndf2997, /expected HH:MM:SS:FF/],
    [" 00:00:00:00", ndf2997, /expected HH:MM:SS:FF/],
    ["00:00:00:00 ", ndf2997, /expected HH:MM:SS:FF/],
    ["000:00:00:00", ndf2997, /expected HH:MM:SS:FF/],
    ["-1:00:00:00", ndf2997, /expected HH:MM:SS:FF/],
    ["", df2997, /expected HH:MM:SS;FF/],
  ] as const)("refuses %j as malformed", (text, clock, message) => {
    expect(errorCodeOf(() => parseTimecode(text, clock))).toBe("malformed_timecode");
    expect(() => parseTimecode(text, clock)).toThrow(message);
  });

  it("quotes the input in the message", () => {
    expect(() => parseTimecode("00:01:00;00", df2997)).toThrow('Invalid timecode "00:01:00;00"');
  });
});

describe("clock validation", () => {
  it("refuses drop-frame at rates that have none", () => {
    const clock = { rate: FRAME_RATES["25"], dropFrame: true };
    expect(errorCodeOf(() => frameToTimecode(0, clock))).toBe("unsupported_drop_frame");
    expect(() => parseTimecode("00:00:00;00", clock)).toThrow("only defined for 29.97 and 59.94 fps, not 25 fps");
    const at60 = { rate: FRAME_RATES["60"], dropFrame: true };
    expect(errorCodeOf(() => framesPerDay(at60))).toBe("unsupported_drop_frame");
  });

  it.each([
    { num: 0, den: 1 },
    { num: 24, den: 0 },
    { num: 23.976, den: 1 },
    { num: -24, den: 1 },
    { num: 1, den: 1001 },
  ])("refuses the frame rate %o", (rate) => {
    expect(errorCodeOf(() => framesPerDay({ rate, dropFrame: false }))).toBe("invalid_frame_rate");
  });
});

describe("frameCountToFields and fieldsToFrameCount", () => {
  it("refuse counts outside one day; wrapping is frameToTimecode's job", () => {
    expect(errorCodeOf(() => frameCountToFields(-1, df2997))).toBe("invalid_frame");
    expect(errorCodeOf(() => frameCountToFields(2_589_408, df2997))).toBe("invalid_frame");
    expect(errorCodeOf(() => frameCountToFields(0.5, df2997))).toBe("invalid_frame");
  });

  it("refuse fields that are not whole numbers", () => {
    expect(errorCodeOf(() => fieldsToFrameCount({ hours: 0, minutes: 0, seconds: 0, frames: 1.5 }, df2997))).toBe(
      "field_out_of_range",
    );
  });

  it("formatTimecode refuses a dropped label instead of printing it", () => {
    expect(() => formatTimecode({ hours: 0, minutes: 1, seconds: 0, frames: 0 }, df2997)).toThrow(
      'Invalid timecode "00:01:00;00"',
    );
    expect(formatTimecode({ hours: 0, minutes: 1, seconds: 0, frames: 2 }, df2997)).toBe("00:01:00;02");
  });
});

describe("isDropFrameNotation", () => {
  it("tells drop-frame notation from non-drop by the last separator", () => {
    expect(isDropFrameNotation("00:59:59;28")).toBe(true);
    expect(isDropFrameNotation("00:59:59.28")).toBe(true);
    expect(isDropFrameNotation("01:00:00:00")).toBe(false);
    expect(isDropFrameNotation("garbage")).toBe(false);
  });
});
