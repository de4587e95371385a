import { describe, expect, it } from "vitest";
import { aspectGuideRect, guideShapes, matteRects, safeAreaRect } from "./guides";
import { pictureRect } from "./picture-rect";

// A 1920x1080 proxy letterboxed in a square 1000x1000 player.
const picture = pictureRect({ width: 1000, height: 1000 }, { width: 1920, height: 1080 })!;

describe("safe areas", () => {
  it("are centred 90 % / 80 % of the picture, not of the element", () => {
    expect(picture).toEqual({ x: 0, y: 218.75, width: 1000, height: 562.5 });
    expect(safeAreaRect(picture, 0.9)).toEqual({ x: 50, y: 246.875, width: 900, height: 506.25 });
    const title = safeAreaRect(picture, 0.8);
    expect(title.x).toBeCloseTo(100, 9);
    expect(title.y).toBeCloseTo(275, 9);
    expect(title.width).toBeCloseTo(800, 9);
    expect(title.height).toBeCloseTo(450, 9);
  });
});

describe("aspect guides", () => {
  it("letterbox a wider aspect: 2.39 and 1.85 on 16:9 use the full width", () => {
    const scope = aspectGuideRect(picture, 2.39);
    expect(scope.x).toBe(0);
    expect(scope.width).toBe(1000);
    expect(scope.height).toBeCloseTo(1000 / 2.39, 9);
    expect(scope.y + scope.height / 2).toBeCloseTo(picture.y + picture.height / 2, 9);
    expect(aspectGuideRect(picture, 1.85).height).toBeCloseTo(540.54, 2);
  });

  it("pillarbox a narrower aspect: 4:3 and 9:16 on 16:9 use the full height", () => {
    const academy = aspectGuideRect(picture, 4 / 3);
    expect(academy).toEqual({ x: 125, y: 218.75, width: 750, height: 562.5 });
    const vertical = aspectGuideRect(picture, 9 / 16);
    expect(vertical.height).toBe(562.5);
    expect(vertical.width).toBeCloseTo(316.40625, 9);
    expect(vertical.x + vertical.width / 2).toBeCloseTo(500, 9);
  });

  it("shade the matte outside them, and nothing when the guide is the picture itself", () => {
    const academy = aspectGuideRect(picture, 4 / 3);
    expect(matteRects(picture, academy)).toEqual([
      { x: 0, y: 218.75, width: 125, height: 562.5 },
      { x: 875, y: 218.75, width: 125, height: 562.5 },
    ]);
    expect(matteRects(picture, aspectGuideRect(picture, 16 / 9))).toEqual([]);
  });
});

describe("guideShapes", () => {
  it("returns the enabled guides in a fixed order with their labels", () => {
    const shapes = guideShapes(picture, ["aspect_9_16", "title_safe", "action_safe"]);
    expect(shapes.map((s) => [s.id, s.label, s.kind])).toEqual([
      ["action_safe", "Action safe 90 %", "safe"],
      ["title_safe", "Title safe 80 %", "safe"],
      ["aspect_9_16", "9:16", "aspect"],
    ]);
    expect(guideShapes(picture, [])).toEqual([]);
  });
});
