import { describe, expect, it } from "vitest";
import { forEachLimited } from "./upload-renditions";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("forEachLimited (the rendition uploads' pool)", () => {
  it("runs every item with at most `limit` in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await tick(5);
      done.push(n);
      inFlight -= 1;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it("after a failure starts nothing new and rejects only when the items in flight have settled", async () => {
    const started: number[] = [];
    let settled = 0;
    const result = forEachLimited([1, 2, 3, 4, 5, 6, 7, 8], 4, async (n) => {
      started.push(n);
      if (n === 1) throw new Error("PUT failed");
      await tick(30);
      settled += 1;
    });
    await expect(result).rejects.toThrow("PUT failed");
    // 2, 3, 4 were in flight when 1 failed: they finished before the rejection; 5..8 never started.
    expect(settled).toBe(3);
    expect(started.sort()).toEqual([1, 2, 3, 4]);
  });
});
