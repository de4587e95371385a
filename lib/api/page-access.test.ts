import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { isUuid, loadForPageOrNotFound } from "./page-access";

const ID = "6f1c8a52-3b0e-4d7a-9a43-2f6f0c1d9e11";

/** Next's notFound() throws an error whose digest names the 404 fallback. */
async function isNotFoundPage(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return false;
  } catch (err) {
    return typeof (err as { digest?: unknown }).digest === "string" && (err as { digest: string }).digest.includes("404");
  }
}

describe("loadForPageOrNotFound", () => {
  it("gives what the lookup found for well-formed ids", async () => {
    await expect(loadForPageOrNotFound({ projectId: ID }, async ({ projectId }) => ({ projectId }))).resolves.toEqual({ projectId: ID });
  });

  it("answers the 404 page alike for a malformed id (without looking), nothing found, not_found and forbidden", async () => {
    let looked = false;
    expect(await isNotFoundPage(loadForPageOrNotFound({ assetId: "../x" }, async () => {
      looked = true;
      return 1;
    }))).toBe(true);
    expect(looked).toBe(false);
    expect(await isNotFoundPage(loadForPageOrNotFound({ assetId: ID }, async () => null))).toBe(true);
    expect(await isNotFoundPage(loadForPageOrNotFound({ assetId: ID }, async () => false))).toBe(true);
    expect(await isNotFoundPage(loadForPageOrNotFound({ assetId: ID }, async () => Promise.reject(new AppError("not_found", "x"))))).toBe(true);
    expect(await isNotFoundPage(loadForPageOrNotFound({ assetId: ID }, async () => Promise.reject(new AppError("forbidden", "x"))))).toBe(true);
  });

  it("lets every other failure through (a database outage is not a missing page)", async () => {
    const outage = new AppError("database_unavailable", "down");
    await expect(loadForPageOrNotFound({ assetId: ID }, async () => Promise.reject(outage))).rejects.toBe(outage);
  });
});

describe("isUuid", () => {
  it("accepts an id and nothing else a query string can hold", () => {
    expect(isUuid(ID)).toBe(true);
    for (const value of [undefined, "", "abc", ["x"], `${ID} `]) expect(isUuid(value)).toBe(false);
  });
});
