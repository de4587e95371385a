import { describe, expect, it } from "vitest";
import { findFirstMismatch, SUPPORTED_CLOCKS } from "./test-support";

// The oracle and the time budget are explained beside `findFirstMismatch` in test-support.ts.
describe("every frame of 24 hours, up to 50 fps", () => {
  it.each(SUPPORTED_CLOCKS.filter(([label]) => !/^(59\.94|60)/.test(label)))(
    "at %s, labels each frame exactly as a counting odometer does, and counts back",
    (_, clock) => {
      expect(findFirstMismatch(clock)).toBeUndefined();
    },
    // ≤ 1.2 s of CPU per clock, but a busy shared 2-core host stretched that past vitest's 5 s default.
    60_000,
  );
});
