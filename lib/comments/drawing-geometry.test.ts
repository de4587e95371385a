import { describe, expect, it } from "vitest";
import { arrowGeometry, boxBetween, ellipseBetween, outlineColorFor, pointOnPicture, strokeWidthOn, textSizeOn } from "./drawing-geometry";

describe("drawing geometry", () => {
  const box = { x: 36, y: 82, width: 176, height: 99 };

  it("maps picture-normalised points onto the picture wherever it lies, in any unit", () => {
    expect(pointOnPicture([0, 0], box)).toEqual([36, 82]);
    expect(pointOnPicture([1, 1], box)).toEqual([212, 181]);
    expect(pointOnPicture([0.5, 0.5], box)).toEqual([124, 131.5]);
  });

  it("scales widths and text with the picture height, with the renderer's minimum", () => {
    expect(strokeWidthOn(0.01, box, 0.35)).toBeCloseTo(0.99, 9);
    expect(strokeWidthOn(0.001, box, 0.35)).toBe(0.35);
    expect(textSizeOn(0.1, box, 3)).toBeCloseTo(9.9, 9);
    expect(textSizeOn(0.02, box, 3)).toBe(3);
  });

  it("stops an arrow's shaft inside its head, whose wings lie behind the tip either side", () => {
    const arrow = arrowGeometry([0, 100], [200, 100], 2, 400)!;
    // head = max(0.03 × 400, 4 × 2) = 12
    expect(arrow.shaft).toEqual([[0, 100], [200 - 12 * 0.6, 100]]);
    const [tip, w1, w2] = arrow.head;
    expect(tip).toEqual([200, 100]);
    expect(Math.hypot(w1[0] - 200, w1[1] - 100)).toBeCloseTo(12, 9);
    expect(w1[0]).toBeLessThan(200);
    expect(Math.sign(w1[1] - 100)).toBe(-Math.sign(w2[1] - 100));
    expect(arrowGeometry([5, 5], [5, 5], 2, 400)).toBeNull();
  });

  it("takes boxes and ellipses from either pair of opposite corners", () => {
    expect(boxBetween([300, 250], [100, 50])).toEqual({ x: 100, y: 50, width: 200, height: 200 });
    expect(ellipseBetween([300, 50], [100, 250])).toEqual({ cx: 200, cy: 150, rx: 100, ry: 100 });
  });

  it("outlines light colours in black and dark ones in white", () => {
    expect(outlineColorFor("#ffffff")).toBe("#000000");
    expect(outlineColorFor("#0a84ff")).toBe("#ffffff");
  });
});
