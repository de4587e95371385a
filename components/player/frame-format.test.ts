import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FRAME_RATES, frameToTimecode } from "@/lib/timecode";
import { formatFrame, parseGoTo, timecodeOptionsOf } from "./frame-format";

const df2997 = timecodeOptionsOf({ frameRate: FRAME_RATES["29.97"], startTimecode: "00:00:59;20", dropFrame: true });
const ndf23976 = timecodeOptionsOf({ frameRate: FRAME_RATES["23.976"], startTimecode: "01:00:00:00", dropFrame: false });

describe("timecodeOptionsOf", () => {
  it("keeps drop-frame only where the rate has it", () => {
    expect(timecodeOptionsOf({ frameRate: FRAME_RATES["25"], startTimecode: "10:00:00:00", dropFrame: true }).dropFrame).toBe(false);
    expect(df2997.dropFrame).toBe(true);
  });

  it("writes the drop-frame separator into a start typed with colons", () => {
    expect(timecodeOptionsOf({ frameRate: FRAME_RATES["29.97"], startTimecode: "00:00:59:20", dropFrame: true }).start).toBe("00:00:59;20");
  });

  it("counts from zero when the start timecode is unusable", () => {
    const options = timecodeOptionsOf({ frameRate: FRAME_RATES["25"], startTimecode: "01:00:00:99", dropFrame: false });
    expect(options.start).toBeUndefined();
    expect(formatFrame(0, "timecode", options)).toBe("00:00:00:00");
  });
});

describe("parseGoTo", () => {
  it("finds the first frame after a dropped minute label at 29.97 DF", () => {
    // 00:00:59;20 … 00:00:59;29 are frames 0–9; ;00 and ;01 of minute 1 do not exist.
    expect(parseGoTo("00:01:00;02", df2997, 150)).toEqual({ frame: 10 });
    expect(parseGoTo("00:00:59;29", df2997, 150)).toEqual({ frame: 9 });
  });

  it("accepts ':' where drop-frame writes ';'", () => {
    expect(parseGoTo("00:01:00:02", df2997, 150)).toEqual({ frame: 10 });
  });

  it("refuses a dropped label with the timecode module's reason", () => {
    const result = parseGoTo("00:01:00;00", df2997, 150);
    expect(result).toHaveProperty("error");
    expect("error" in result && result.error).toMatch(/drop/i);
  });

  it("takes a frame number with # or f, or bare", () => {
    expect(parseGoTo("#120", ndf23976, 200)).toEqual({ frame: 120 });
    expect(parseGoTo("120f", ndf23976, 200)).toEqual({ frame: 120 });
    expect(parseGoTo(" 7 ", ndf23976, 200)).toEqual({ frame: 7 });
  });

  it("takes seconds from the first frame, landing on the frame shown at that time", () => {
    // 4.5 s at 24000/1001 is 107.89 frames: frame 107 is on screen.
    expect(parseGoTo("4.5s", ndf23976, 200)).toEqual({ frame: 107 });
    expect(parseGoTo("0s", ndf23976, 200)).toEqual({ frame: 0 });
  });

  it("refuses frames outside the version", () => {
    expect(parseGoTo("#200", ndf23976, 200)).toEqual({ error: "That is outside this version (frames 0 to 199)." });
    expect(parseGoTo("00:59:59:23", ndf23976, 200)).toEqual({ error: "That is outside this version (frames 0 to 199)." });
  });

  it("explains what it accepts when the text is none of them", () => {
    expect(parseGoTo("soon", ndf23976, 200)).toEqual({ error: "Type a timecode (01:00:00:00), a frame (#120) or seconds (4.5s)." });
    expect(parseGoTo("", ndf23976, 200)).toHaveProperty("error");
  });

  it("round-trips every frame's readout timecode (23.976 and 29.97 DF)", () => {
    for (const options of [ndf23976, df2997]) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 107_892 }), (frame) => {
          expect(parseGoTo(frameToTimecode(frame, options), options, 107_893)).toEqual({ frame });
        }),
      );
    }
  });
});

describe("formatFrame", () => {
  it("never throws: a frame the module refuses prints as its number", () => {
    expect(formatFrame(2.5, "timecode", ndf23976)).toBe("2.5");
  });

  it("prints the readout in each mode", () => {
    expect(formatFrame(10, "timecode", df2997)).toBe("00:01:00;02");
    expect(formatFrame(10, "frame", df2997)).toBe("10");
  });
});
