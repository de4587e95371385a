import { describe, expect, it } from "vitest";
import { parseInitialFrame } from "./use-initial-frame";

describe("parseInitialFrame", () => {
  it("reads a non-negative integer frame", () => {
    expect(parseInitialFrame("0")).toBe(0);
    expect(parseInitialFrame("1439")).toBe(1439);
  });

  it("ignores anything else: absent, negative, fractional, timecode, huge, junk", () => {
    for (const value of [null, "", "-1", "1.5", "01:00:00:00", "1e3", "9999999999", "12abc", " 12"]) {
      expect(parseInitialFrame(value)).toBeNull();
    }
  });
});
