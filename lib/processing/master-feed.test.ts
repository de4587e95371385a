import { describe, expect, it } from "vitest";
import { parseRange } from "./master-feed";

describe("parseRange", () => {
  it("reads the two forms FFmpeg's http protocol sends, clamping the end to the object", () => {
    expect(parseRange(undefined, 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=0-", 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=40-59", 100)).toEqual({ start: 40, end: 59 });
    expect(parseRange("bytes=90-500", 100)).toEqual({ start: 90, end: 99 });
  });

  it("refuses what it cannot satisfy: past the end, reversed, suffix and multiple ranges", () => {
    for (const header of ["bytes=100-", "bytes=50-40", "bytes=-10", "bytes=0-1,5-6", "items=0-1"]) {
      expect(parseRange(header, 100), header).toBeNull();
    }
  });
});
