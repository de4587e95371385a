import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FRAME_RATES } from "@/lib/timecode";
import {
  COMPARE_MODES,
  compareNotices,
  DEFAULT_COMPARE_VIEW,
  followerRateRatio,
  heldNotice,
  mapFrameToB,
  parseCompareView,
  pressFlipKey,
  wipePositionAfterKey,
  wipePositionAt,
  writeCompareView,
  type CompareView,
} from "./compare-mode";

const params = (query: string) => new URLSearchParams(query);

describe("parseCompareView", () => {
  it.each([
    ["", DEFAULT_COMPARE_VIEW],
    ["compare=x&mode=wipe", { mode: "wipe", flipSide: "a" }],
    ["mode=overlay", { mode: "overlay", flipSide: "a" }],
    ["mode=difference", { mode: "difference", flipSide: "a" }],
    ["mode=flip&side=b", { mode: "flip", flipSide: "b" }],
    ["mode=flip&side=a", { mode: "flip", flipSide: "a" }],
    ["mode=flip&side=B", { mode: "flip", flipSide: "a" }],
    ["mode=WIPE", DEFAULT_COMPARE_VIEW],
    ["mode=", DEFAULT_COMPARE_VIEW],
    ["mode=constructor", DEFAULT_COMPARE_VIEW],
    ["mode=side-by-side&side=b", { mode: "side-by-side", flipSide: "b" }],
  ] as const)("%s", (query, view) => {
    expect(parseCompareView(params(query))).toEqual(view);
  });

  it("never throws and always names a known mode, whatever the query", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("mode", "side", "compare", "x"), fc.string()), (entries) => {
        const view = parseCompareView(new URLSearchParams(entries));
        expect(COMPARE_MODES).toContain(view.mode);
        expect(["a", "b"]).toContain(view.flipSide);
      }),
    );
  });
});

describe("writeCompareView", () => {
  it("leaves the defaults out and keeps every other key", () => {
    expect(writeCompareView(params("compare=v1&tab=decisions&mode=wipe"), DEFAULT_COMPARE_VIEW).toString()).toBe(
      "compare=v1&tab=decisions",
    );
    expect(writeCompareView(params("compare=v1"), { mode: "difference", flipSide: "a" }).toString()).toBe(
      "compare=v1&mode=difference",
    );
    expect(writeCompareView(params("compare=v1"), { mode: "flip", flipSide: "b" }).toString()).toBe(
      "compare=v1&mode=flip&side=b",
    );
    // The side only means something in flip mode.
    expect(writeCompareView(params("compare=v1&side=b"), { mode: "wipe", flipSide: "b" }).toString()).toBe(
      "compare=v1&mode=wipe",
    );
  });

  it("round-trips every view that the URL can name", () => {
    const views = fc.record({
      mode: fc.constantFrom(...COMPARE_MODES),
      flipSide: fc.constantFrom("a" as const, "b" as const),
    });
    fc.assert(
      fc.property(views, (view: CompareView) => {
        const back = parseCompareView(writeCompareView(params("compare=v1"), view));
        expect(back.mode).toBe(view.mode);
        if (view.mode === "flip") expect(back.flipSide).toBe(view.flipSide);
      }),
    );
  });
});

describe("pressFlipKey", () => {
  it("enters flip on B from any other mode, then alternates", () => {
    for (const mode of COMPARE_MODES.filter((m) => m !== "flip")) {
      expect(pressFlipKey({ mode, flipSide: "a" })).toEqual({ mode: "flip", flipSide: "b" });
    }
    let view: CompareView = { mode: "flip", flipSide: "a" };
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      view = pressFlipKey(view);
      seen.push(view.flipSide);
    }
    expect(seen).toEqual(["b", "a", "b", "a"]);
  });
});

describe("mapFrameToB", () => {
  it.each([
    [0, 96, { frameB: 0, isHeld: false }],
    [95, 96, { frameB: 95, isHeld: false }],
    [96, 96, { frameB: 95, isHeld: true }],
    [119, 96, { frameB: 95, isHeld: true }],
    [50, 200, { frameB: 50, isHeld: false }],
    [-3, 10, { frameB: 0, isHeld: false }],
    [4, 1, { frameB: 0, isHeld: true }],
    [0, 0, { frameB: 0, isHeld: false }],
  ])("A at %i, B of %i frames", (frameA, frameCount, mapped) => {
    expect(mapFrameToB(frameA, { frameCount })).toEqual(mapped);
  });

  it("is the same frame number inside B, and B's last frame (held) past it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (frameA, frameCount) => {
        const { frameB, isHeld } = mapFrameToB(frameA, { frameCount });
        expect(frameB).toBe(Math.min(frameA, frameCount - 1));
        expect(isHeld).toBe(frameA > frameCount - 1);
      }),
    );
  });
});

describe("followerRateRatio", () => {
  it("is B's fps over A's", () => {
    expect(followerRateRatio(FRAME_RATES["24"], FRAME_RATES["24"])).toBe(1);
    expect(followerRateRatio(FRAME_RATES["23.976"], FRAME_RATES["25"])).toBeCloseTo(25 / (24000 / 1001), 12);
    expect(followerRateRatio(FRAME_RATES["50"], FRAME_RATES["25"])).toBe(0.5);
  });
});

describe("compareNotices", () => {
  const t = (rate: keyof typeof FRAME_RATES, frameCount: number) => ({ rate: FRAME_RATES[rate], frameCount });

  it("says nothing when both line up", () => {
    expect(compareNotices(t("23.976", 120), t("23.976", 120), "v2", "v1")).toEqual([]);
    // 60000/2002 is 29.97 too.
    expect(compareNotices(t("29.97", 10), { rate: { num: 60000, den: 2002 }, frameCount: 10 }, "v2", "v1")).toEqual([]);
  });

  it("says how differing rates are compared and how fast B plays", () => {
    const [notice] = compareNotices(t("23.976", 120), t("25", 120), "v2", "v1");
    expect(notice).toContain("v2 is 23.976 fps and v1 is 25 fps");
    expect(notice).toContain("frame n with frame n");
    expect(notice).toContain("104.3 % speed");
  });

  it("says what a shorter B does past its end, and that a longer B's tail is not shown", () => {
    expect(compareNotices(t("24", 120), t("24", 96), "v2", "v1")).toEqual([
      "v1 is shorter (96 frames against 120): after frame 95 it holds its last frame.",
    ]);
    expect(compareNotices(t("24", 96), t("24", 120), "v2", "v1")).toEqual([
      "v1 is longer (120 frames against 96): its frames after 95 are not shown.",
    ]);
    expect(compareNotices(t("24", 96), t("25", 120), "v2", "v1")).toHaveLength(2);
  });
});

describe("heldNotice", () => {
  it("speaks only while A is past B's end", () => {
    const b = { rate: FRAME_RATES["24"], frameCount: 96 };
    expect(heldNotice(95, b, "v1")).toBeNull();
    expect(heldNotice(96, b, "v1")).toBe("v1 ends at frame 95: holding its last frame.");
  });
});

describe("wipe divider", () => {
  it.each([
    [50, "ArrowRight", false, 51],
    [50, "ArrowLeft", false, 49],
    [50, "ArrowUp", true, 60],
    [50, "ArrowDown", true, 40],
    [95, "ArrowRight", true, 100],
    [3, "PageDown", false, 0],
    [50, "PageUp", false, 60],
    [42, "Home", false, 0],
    [42, "End", false, 100],
    [42, "b", false, null],
    [42, " ", false, null],
  ])("from %d, %s (shift %s) → %s", (position, key, isShift, expected) => {
    expect(wipePositionAfterKey(position, key, isShift)).toBe(expected);
  });

  it("follows the pointer across the stage, clamped to it", () => {
    const stage = { left: 100, width: 400 };
    expect(wipePositionAt(300, stage)).toBe(50);
    expect(wipePositionAt(100, stage)).toBe(0);
    expect(wipePositionAt(50, stage)).toBe(0);
    expect(wipePositionAt(900, stage)).toBe(100);
    expect(wipePositionAt(201, stage)).toBe(25.3);
    expect(wipePositionAt(10, { left: 0, width: 0 })).toBe(50);
  });
});
