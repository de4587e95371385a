import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api-client/api-error";
import { withRetries } from "./upload-file";

const noSleep = async () => {};

describe("withRetries", () => {
  it("retries no answer, an expired URL (403), 429 and 5xx, then succeeds", async () => {
    const failures = [
      new ApiError(0, "storage_no_answer", "x"),
      new ApiError(403, "storage_answered", "x"),
      new ApiError(503, "storage_answered", "x"),
    ];
    const attempts: number[] = [];
    await withRetries(async (attempt) => {
      attempts.push(attempt);
      const failure = failures.shift();
      if (failure) throw failure;
    }, noSleep);
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it("gives up after five tries", async () => {
    let tries = 0;
    const failing = withRetries(async () => {
      tries++;
      throw new ApiError(500, "storage_answered", "boom");
    }, noSleep);
    await expect(failing).rejects.toThrow("boom");
    expect(tries).toBe(5);
  });

  it("does not retry a client error that will not heal", async () => {
    let tries = 0;
    const failing = withRetries(async () => {
      tries++;
      throw new ApiError(400, "storage_answered", "bad request");
    }, noSleep);
    await expect(failing).rejects.toThrow("bad request");
    expect(tries).toBe(1);
  });
});
