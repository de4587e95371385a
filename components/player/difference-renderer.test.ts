import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  absoluteDifference,
  DIFFERENCE_FRAGMENT_SHADER,
  DIFFERENCE_VERTEX_SHADER,
  FULL_SCREEN_QUAD,
  isMatchingPair,
  SHADER_BINDINGS,
  startDifferenceLoop,
  type PresentingVideo,
} from "./difference-renderer";

const rgba = (...pixels: number[][]) => new Uint8ClampedArray(pixels.flat());

describe("absoluteDifference", () => {
  it("is |a − b| per colour channel with opaque alpha", () => {
    const a = rgba([10, 200, 0, 255], [255, 255, 255, 0]);
    const b = rgba([30, 100, 0, 17], [0, 255, 254, 255]);
    const out = new Uint8ClampedArray(8);
    absoluteDifference(a, b, out);
    expect([...out]).toEqual([20, 100, 0, 255, 255, 0, 1, 255]);
  });

  it("is black wherever the frames are equal, and may write into a", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4, maxLength: 4 * 64 }).filter((x) => x.length % 4 === 0),
        (bytes) => {
          const a = new Uint8ClampedArray(bytes);
          absoluteDifference(a, new Uint8ClampedArray(bytes), a);
          for (let i = 0; i < a.length; i++) expect(a[i]).toBe(i % 4 === 3 ? 255 : 0);
        },
      ),
    );
  });

  it("is symmetric", () => {
    const pixels = fc.uint8Array({ minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(pixels, pixels, (x, y) => {
        const ab = new Uint8ClampedArray(16);
        const ba = new Uint8ClampedArray(16);
        absoluteDifference(new Uint8ClampedArray(x), new Uint8ClampedArray(y), ab);
        absoluteDifference(new Uint8ClampedArray(y), new Uint8ClampedArray(x), ba);
        expect([...ab]).toEqual([...ba]);
      }),
    );
  });

  it("refuses arrays of different sizes", () => {
    expect(() =>
      absoluteDifference(new Uint8ClampedArray(8), new Uint8ClampedArray(4), new Uint8ClampedArray(8)),
    ).toThrow(RangeError);
  });
});

describe("shaders", () => {
  it("declare what the renderer binds", () => {
    expect(DIFFERENCE_VERTEX_SHADER).toContain(`attribute vec2 ${SHADER_BINDINGS.position};`);
    expect(DIFFERENCE_FRAGMENT_SHADER).toContain(`uniform sampler2D ${SHADER_BINDINGS.frameA};`);
    expect(DIFFERENCE_FRAGMENT_SHADER).toContain(`uniform sampler2D ${SHADER_BINDINGS.frameB};`);
  });

  it("give the fragment shader a float precision (GLSL ES 1.0 fails to compile without one)", () => {
    expect(DIFFERENCE_FRAGMENT_SHADER).toMatch(/^\s*precision (lowp|mediump|highp) float;/);
  });

  it("write |a − b| with opaque alpha", () => {
    expect(DIFFERENCE_FRAGMENT_SHADER.replace(/\s+/g, " ")).toContain("gl_FragColor = vec4(abs(a - b), 1.0);");
  });

  it("cover the whole picture: the quad spans clip space and maps its corners to texture 0…1", () => {
    const corners = [];
    for (let i = 0; i < FULL_SCREEN_QUAD.length; i += 2) corners.push([FULL_SCREEN_QUAD[i]!, FULL_SCREEN_QUAD[i + 1]!]);
    expect(new Set(corners.map((c) => c.join()))).toEqual(new Set(["-1,-1", "1,-1", "-1,1", "1,1"]));
    // v_texCoord = (a_position + 1) / 2, as the vertex shader says.
    expect(DIFFERENCE_VERTEX_SHADER.replace(/\s+/g, " ")).toContain("v_texCoord = (a_position + 1.0) * 0.5;");
  });
});

describe("isMatchingPair", () => {
  it.each([
    [10, 10, 96, true],
    [10, 11, 96, false],
    [11, 10, 96, false],
    [95, 95, 96, true],
    [100, 95, 96, true],
    [100, 94, 96, false],
    [-1, -1, 96, false],
    [0, -1, 96, false],
  ])("A %i, B %i, B has %i frames: %s", (a, b, count, expected) => {
    expect(isMatchingPair(a, b, count)).toBe(expected);
  });
});

/** A video whose presentations the test triggers; its media time is the frame number. */
class FakeVideo implements PresentingVideo {
  private callbacks = new Map<number, VideoFrameRequestCallback>();
  private next = 1;
  requestVideoFrameCallback(callback: VideoFrameRequestCallback): number {
    const id = this.next++;
    this.callbacks.set(id, callback);
    return id;
  }
  cancelVideoFrameCallback(handle: number): void {
    this.callbacks.delete(handle);
  }
  present(frame: number): void {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of pending)
      callback(0, {
        mediaTime: frame,
        presentationTime: 0,
        expectedDisplayTime: 0,
        width: 1,
        height: 1,
        presentedFrames: frame,
      });
  }
  get pending(): number {
    return this.callbacks.size;
  }
}

describe("startDifferenceLoop", () => {
  const setUp = (frameNowA: number, frameNowB: number, frameCountB = 96) => {
    const a = new FakeVideo();
    const b = new FakeVideo();
    const drawn: string[] = [];
    const stop = startDifferenceLoop({
      a: { video: a, frameAt: (t) => t, frameNow: frameNowA, frameCount: 120 },
      b: { video: b, frameAt: (t) => t, frameNow: frameNowB, frameCount: frameCountB },
      renderer: { render: () => true },
      onRender: (fa, fb) => drawn.push(`${fa}:${fb}`),
    });
    return { a, b, drawn, stop };
  };

  it("draws the pair on screen at start, then only pairs of the same frame number, once each", () => {
    const { a, b, drawn } = setUp(10, 10);
    expect(drawn).toEqual(["10:10"]);
    a.present(11); // B still on 10: a mismatched pair is never drawn
    expect(drawn).toEqual(["10:10"]);
    b.present(11);
    expect(drawn).toEqual(["10:10", "11:11"]);
    b.present(11);
    expect(drawn).toEqual(["10:10", "11:11"]);
    b.present(12);
    a.present(12);
    expect(drawn).toEqual(["10:10", "11:11", "12:12"]);
  });

  it("draws against B's held last frame when A is past B's end", () => {
    const { a, b, drawn } = setUp(94, 94);
    a.present(95);
    b.present(95);
    a.present(96);
    a.present(110);
    expect(drawn).toEqual(["94:94", "95:95", "96:95", "110:95"]);
  });

  it("does not draw before both sides presented something", () => {
    const { a, drawn } = setUp(-1, -1);
    a.present(0);
    expect(drawn).toEqual([]);
  });

  it("stops watching both videos when stopped", () => {
    const { a, b, drawn, stop } = setUp(0, 0);
    stop();
    expect(a.pending + b.pending).toBe(0);
    a.present(1);
    b.present(1);
    expect(drawn).toEqual(["0:0"]);
  });

  it("tries the same pair again, without a new presentation, when the renderer had no picture yet", () => {
    const a = new FakeVideo();
    const b = new FakeVideo();
    let ready = false;
    const drawn: string[] = [];
    const retries: (() => void)[] = [];
    startDifferenceLoop({
      a: { video: a, frameAt: (t) => t, frameNow: 3, frameCount: 10 },
      b: { video: b, frameAt: (t) => t, frameNow: 3, frameCount: 10 },
      renderer: { render: () => ready },
      onRender: (fa, fb) => drawn.push(`${fa}:${fb}`),
      scheduleRetry: (retry) => retries.push(retry),
    });
    expect(drawn).toEqual([]);
    expect(retries).toHaveLength(1);
    retries.shift()!();
    expect(drawn).toEqual([]);
    ready = true;
    retries.shift()!();
    expect(drawn).toEqual(["3:3"]);
    expect(retries).toHaveLength(0);
  });

  it("gives up retrying after about a second of animation frames", () => {
    const retries: (() => void)[] = [];
    startDifferenceLoop({
      a: { video: new FakeVideo(), frameAt: (t) => t, frameNow: 3, frameCount: 10 },
      b: { video: new FakeVideo(), frameAt: (t) => t, frameNow: 3, frameCount: 10 },
      renderer: { render: () => false },
      onRender: () => undefined,
      scheduleRetry: (retry) => retries.push(retry),
    });
    let runs = 0;
    while (retries.length > 0 && runs < 1000) {
      retries.shift()!();
      runs += 1;
    }
    expect(runs).toBe(60);
  });
});
