import { describe, expect, it } from "vitest";
import { createFrameStore } from "./frame-store";

describe("createFrameStore", () => {
  it("tells subscribers about a new frame, once per change", () => {
    const store = createFrameStore(0);
    const seen: number[] = [];
    const unsubscribe = store.subscribe(() => seen.push(store.get()));
    store.set(1);
    store.set(1);
    store.set(2);
    unsubscribe();
    store.set(3);
    expect(seen).toEqual([1, 2]);
    expect(store.get()).toBe(3);
  });
});
