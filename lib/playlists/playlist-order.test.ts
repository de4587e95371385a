import { describe, expect, it } from "vitest";
import { moveInOrder } from "./playlist-order";

describe("moveInOrder", () => {
  const ids = ["a", "b", "c", "d"];
  it("moves an item up, down, to either end, and leaves the others in their order", () => {
    expect(moveInOrder(ids, "c", 0)).toEqual(["c", "a", "b", "d"]);
    expect(moveInOrder(ids, "a", 2)).toEqual(["b", "c", "a", "d"]);
    expect(moveInOrder(ids, "b", 3)).toEqual(["a", "c", "d", "b"]);
    expect(moveInOrder(ids, "b", 1)).toEqual(ids);
  });
  it("clamps a place past the end to last", () => {
    expect(moveInOrder(ids, "a", 99)).toEqual(["b", "c", "d", "a"]);
  });
});
