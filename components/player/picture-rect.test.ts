import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pictureRect, videoPictureRect } from "./picture-rect";

describe("pictureRect", () => {
  it("letterboxes a wide picture in a taller box (bars top and bottom)", () => {
    // 2.39:1 scope in a 16:9 player.
    expect(pictureRect({ width: 1600, height: 900 }, { width: 1920, height: 804 })).toEqual({ x: 0, y: 115, width: 1600, height: 670 });
  });

  it("pillarboxes a tall picture in a wider box (bars left and right)", () => {
    expect(pictureRect({ width: 1600, height: 900 }, { width: 1080, height: 1920 })).toEqual({ x: 546.875, y: 0, width: 506.25, height: 900 });
  });

  it("fills a box of the picture's own shape, at any scale", () => {
    expect(pictureRect({ width: 640, height: 360 }, { width: 1920, height: 1080 })).toEqual({ x: 0, y: 0, width: 640, height: 360 });
  });

  it("applies the pixel aspect: anamorphic 1440×1080 at 4:3 pixels is a 16:9 picture", () => {
    expect(pictureRect({ width: 1600, height: 900 }, { width: 1440, height: 1080 }, 4 / 3)).toEqual({ x: 0, y: 0, width: 1600, height: 900 });
    expect(pictureRect({ width: 1600, height: 900 }, { width: 1440, height: 1080 })).toEqual({ x: 200, y: 0, width: 1200, height: 900 });
  });

  it("has no rect for a size or pixel aspect that is not a positive finite number", () => {
    expect(pictureRect({ width: 1600, height: 900 }, { width: 1920, height: 1080 }, Number.NaN)).toBeNull();
    expect(pictureRect({ width: Number.POSITIVE_INFINITY, height: 900 }, { width: 1920, height: 1080 })).toBeNull();
  });

  it("has no rect before metadata or for a collapsed element", () => {
    expect(pictureRect({ width: 640, height: 360 }, { width: 0, height: 0 })).toBeNull();
    expect(pictureRect({ width: 0, height: 360 }, { width: 1920, height: 1080 })).toBeNull();
    expect(videoPictureRect({ clientWidth: 800, clientHeight: 450, videoWidth: 0, videoHeight: 0 })).toBeNull();
  });

  it("always fits inside the box, centred, keeping the picture's aspect, touching two opposite sides", () => {
    const size = fc.integer({ min: 1, max: 8192 });
    fc.assert(
      fc.property(size, size, size, size, fc.constantFrom(1, 4 / 3, 2, 0.9), (bw, bh, w, mh, par) => {
        const r = pictureRect({ width: bw, height: bh }, { width: w, height: mh }, par)!;
        const mw = w * par;
        const eps = 1e-6 * Math.max(bw, bh);
        expect(r.x).toBeGreaterThanOrEqual(-eps);
        expect(r.y).toBeGreaterThanOrEqual(-eps);
        expect(r.x + r.width).toBeLessThanOrEqual(bw + eps);
        expect(r.y + r.height).toBeLessThanOrEqual(bh + eps);
        expect(Math.abs(r.x - (bw - r.x - r.width))).toBeLessThanOrEqual(eps);
        expect(Math.abs(r.y - (bh - r.y - r.height))).toBeLessThanOrEqual(eps);
        expect(Math.abs(r.width / r.height - mw / mh)).toBeLessThanOrEqual(1e-9 * (mw / mh) + 1e-6 / r.height);
        expect(Math.abs(r.width - bw) <= eps || Math.abs(r.height - bh) <= eps).toBe(true);
      }),
    );
  });
});
