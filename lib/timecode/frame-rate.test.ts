import { describe, expect, it } from "vitest";
import { TimecodeError } from "./errors";
import { FRAME_RATES, formatFrameRate, nominalRate, parseFrameRate, supportsDropFrame } from "./frame-rate";

describe("nominalRate", () => {
  it.each([
    ["23.976", 24],
    ["24", 24],
    ["25", 25],
    ["29.97", 30],
    ["30", 30],
    ["50", 50],
    ["59.94", 60],
    ["60", 60],
  ] as const)("counts %s fps timecode in bases of %i", (label, base) => {
    expect(nominalRate(FRAME_RATES[label])).toBe(base);
  });
});

describe("supportsDropFrame", () => {
  it("allows drop-frame at 29.97 and 59.94 only", () => {
    const allowed = Object.entries(FRAME_RATES)
      .filter(([, rate]) => supportsDropFrame(rate))
      .map(([label]) => label);
    expect(allowed).toEqual(["29.97", "59.94"]);
  });

  it("recognises an unreduced rational such as 60000/2002 as 29.97", () => {
    expect(supportsDropFrame({ num: 60000, den: 2002 })).toBe(true);
  });
});

describe("formatFrameRate", () => {
  it("shows NTSC rates the way editors say them", () => {
    expect(formatFrameRate(FRAME_RATES["23.976"])).toBe("23.976");
    expect(formatFrameRate(FRAME_RATES["29.97"])).toBe("29.97");
    expect(formatFrameRate(FRAME_RATES["59.94"])).toBe("59.94");
    expect(formatFrameRate(FRAME_RATES["25"])).toBe("25");
  });
});

describe("parseFrameRate", () => {
  it("reads ffprobe's r_frame_rate and plain integers", () => {
    expect(parseFrameRate("30000/1001")).toEqual({ num: 30000, den: 1001 });
    expect(parseFrameRate("25/1")).toEqual({ num: 25, den: 1 });
    expect(parseFrameRate("25")).toEqual({ num: 25, den: 1 });
  });

  it.each(["29.97", "0/1", "30000/0", "", "abc", "-25", " 25"])("refuses %j with a TimecodeError", (text) => {
    expect(() => parseFrameRate(text)).toThrow(TimecodeError);
  });
});
