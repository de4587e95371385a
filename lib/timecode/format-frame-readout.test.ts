import { describe, expect, it } from "vitest";
import { TimecodeError } from "./errors";
import { FRAME_RATES } from "./frame-rate";
import { FRAME_READOUT_MODES, formatFrameReadout } from "./format-frame-readout";

const version = { rate: FRAME_RATES["29.97"], dropFrame: true, start: "00:59:59;28" };

describe("formatFrameReadout", () => {
  it("shows the source timecode", () => {
    expect(formatFrameReadout(2, "timecode", version)).toBe("01:00:00;00");
  });

  it("shows the 0-based frame number", () => {
    expect(formatFrameReadout(2, "frame", version)).toBe("2");
  });

  it("shows seconds from the first frame to the millisecond, ignoring the start timecode", () => {
    expect(formatFrameReadout(0, "seconds", version)).toBe("0.000 s");
    expect(formatFrameReadout(370, "seconds", version)).toBe("12.346 s");
    expect(formatFrameReadout(2, "seconds", { rate: FRAME_RATES["23.976"], dropFrame: false })).toBe("0.083 s");
  });

  it("offers the three modes in switch order", () => {
    expect(FRAME_READOUT_MODES).toEqual(["timecode", "frame", "seconds"]);
  });

  it.each(FRAME_READOUT_MODES)("refuses a fractional frame in %s mode", (mode) => {
    expect(() => formatFrameReadout(1.5, mode, version)).toThrow(TimecodeError);
  });
});
