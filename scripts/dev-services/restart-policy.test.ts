import { describe, expect, it } from "vitest";
import { MAX_RESTARTS_IN_WINDOW, RESTART_WINDOW_MS, restartDelay } from "./restart-policy";

describe("restartDelay", () => {
  const now = 10 * RESTART_WINDOW_MS;

  it("restarts a first exit after a second", () => {
    expect(restartDelay([now], now)).toBe(1000);
  });

  it("doubles the wait for each exit in the window", () => {
    expect(restartDelay([now - 3000, now - 1000, now], now)).toBe(4000);
  });

  it("gives up on a worker that keeps dying", () => {
    const exits = Array.from({ length: MAX_RESTARTS_IN_WINDOW + 1 }, (_, i) => now - i * 1000);
    expect(restartDelay(exits, now)).toBeNull();
  });

  it("forgets exits older than the window", () => {
    const old = Array.from({ length: 20 }, (_, i) => now - RESTART_WINDOW_MS - i * 1000);
    expect(restartDelay([...old, now], now)).toBe(1000);
  });
});
