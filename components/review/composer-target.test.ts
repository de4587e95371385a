import { describe, expect, it } from "vitest";
import { composerTargetOf, describeAttachTarget, resolveAttachTarget } from "./composer-target";

describe("composerTargetOf", () => {
  it("follows the playhead until both in and out are set", () => {
    expect(composerTargetOf({ inFrame: null, outFrame: null })).toEqual({ kind: "playhead" });
    // I pressed, then the playhead moved on: the comment goes where the user is looking.
    expect(composerTargetOf({ inFrame: 30, outFrame: null })).toEqual({ kind: "playhead" });
    expect(composerTargetOf({ inFrame: null, outFrame: 48 })).toEqual({ kind: "playhead" });
  });

  it("targets the range in order once both points are set", () => {
    expect(composerTargetOf({ inFrame: 48, outFrame: 30 })).toEqual({ kind: "range", frameIn: 30, frameOut: 48 });
  });

  it("targets the single frame when in and out are the same", () => {
    expect(composerTargetOf({ inFrame: 12, outFrame: 12 })).toEqual({ kind: "range", frameIn: 12, frameOut: null });
  });
});

describe("resolveAttachTarget", () => {
  it("puts a playhead comment on the frame on screen", () => {
    expect(resolveAttachTarget({ kind: "playhead" }, 57)).toEqual({ frameIn: 57, frameOut: null });
    // −1 means nothing presented yet.
    expect(resolveAttachTarget({ kind: "playhead" }, -1)).toEqual({ frameIn: 0, frameOut: null });
  });

  it("ignores the playhead for a range", () => {
    expect(resolveAttachTarget({ kind: "range", frameIn: 30, frameOut: 48 }, 57)).toEqual({ frameIn: 30, frameOut: 48 });
  });
});

describe("describeAttachTarget", () => {
  it("writes a frame or a range", () => {
    const format = (f: number) => `#${f}`;
    expect(describeAttachTarget({ frameIn: 3, frameOut: null }, format)).toBe("#3");
    expect(describeAttachTarget({ frameIn: 3, frameOut: 9 }, format)).toBe("#3 – #9");
  });
});
