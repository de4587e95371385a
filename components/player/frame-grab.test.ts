import { describe, expect, it } from "vitest";
import { frameGrabFileName, overlaySourceRect } from "./frame-grab";

describe("overlaySourceRect", () => {
  it("skips the letterbox of an overlay that covers the element, in the overlay's device pixels", () => {
    // A 1920x804 scope proxy in a 1600x900 player; the overlay canvas is drawn at devicePixelRatio 2.
    expect(
      overlaySourceRect({ box: { width: 1600, height: 900 }, media: { width: 1920, height: 804 }, overlayPixels: { width: 3200, height: 1800 }, coverage: "element" }),
    ).toEqual({ x: 0, y: 230, width: 3200, height: 1340 });
  });

  it("skips the pillarbox of a portrait picture", () => {
    expect(
      overlaySourceRect({ box: { width: 1600, height: 900 }, media: { width: 1080, height: 1920 }, overlayPixels: { width: 1600, height: 900 }, coverage: "element" }),
    ).toEqual({ x: 546.875, y: 0, width: 506.25, height: 900 });
  });

  it("maps an overlay that covers only the picture whole", () => {
    expect(
      overlaySourceRect({ box: { width: 1600, height: 900 }, media: { width: 1920, height: 804 }, overlayPixels: { width: 800, height: 335 }, coverage: "picture" }),
    ).toEqual({ x: 0, y: 0, width: 800, height: 335 });
  });

  it("gives nothing to composite before the layout is known", () => {
    expect(overlaySourceRect({ box: { width: 1600, height: 900 }, media: { width: 0, height: 0 }, overlayPixels: { width: 1600, height: 900 }, coverage: "element" })).toBeNull();
    expect(overlaySourceRect({ box: { width: 1600, height: 900 }, media: { width: 1920, height: 1080 }, overlayPixels: { width: 0, height: 0 }, coverage: "picture" })).toBeNull();
  });
});

describe("frameGrabFileName", () => {
  it("names the asset, version and frame, safely", () => {
    expect(frameGrabFileName({ assetName: "SH010 comp v2.mov", versionNumber: 3, frame: 123 })).toBe("SH010_comp_v2_v3_f000123.png");
    expect(frameGrabFileName({ assetName: "../../etc/passwd", versionNumber: null, frame: 0 })).toBe("etc_passwd_f000000.png");
    expect(frameGrabFileName({ assetName: "???", versionNumber: 1, frame: 7.6 })).toBe("frame_v1_f000008.png");
  });
});
