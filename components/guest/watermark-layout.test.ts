import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { watermarkCopies, watermarkGridFor, watermarkText } from "./watermark-layout";

describe("the guest watermark's layout", () => {
  it("leaves no crop of a recording bigger than one grid cell without a copy, at any time", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 320, max: 3840 }),
        fc.integer({ min: 240, max: 2160 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (width, height, now, fx, fy, textShare) => {
          // Text up to half the picture's width (the canvas's font is 12–18 px: ~400 px for a long e-mail).
          const grid = watermarkGridFor(width, height, textShare * width);
          // A crop as big as one cell's bounding box plus the row step, anywhere in the picture.
          const cropW = Math.min(width, grid.spacingX + grid.spacingY);
          const cropH = Math.min(height, grid.spacingX + grid.spacingY);
          const left = fx * (width - cropW);
          const top = fy * (height - cropH);
          const inside = watermarkCopies(width, height, now, grid).filter(
            (c) => c.x >= left && c.x <= left + cropW && c.y >= top && c.y <= top + cropH,
          );
          expect(inside.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("spaces copies along a row by more than the text is wide", () => {
    expect(watermarkGridFor(1280, 720, 420).spacingX).toBeGreaterThanOrEqual(500);
  });

  it("drifts: the copies are elsewhere a few seconds later, and back after a full period", () => {
    const grid = watermarkGridFor(1920, 1080);
    const at = (t: number) => watermarkCopies(1920, 1080, t, grid).map((c) => `${c.x.toFixed(1)},${c.y.toFixed(1)}`).sort();
    expect(at(5_000)).not.toEqual(at(0));
    expect(at(grid.driftPeriodMs)).toEqual(at(0));
  });

  it("says who and when, to the second", () => {
    expect(watermarkText("Dana (dana@client.example)", new Date(2026, 10, 30, 9, 5, 7))).toBe("Dana (dana@client.example) · 2026-11-30 09:05:07");
  });
});
