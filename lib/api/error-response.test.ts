import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./error-response";

afterEach(() => vi.restoreAllMocks());

describe("errorResponse", () => {
  it("never sends a 5xx's own message: S3 text, object keys and hosts go to the log only", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const secrets = [
      new AppError("storage_unavailable", "Object storage error (NoSuchKey: masters/9f1c/ab12 at minio.internal:9000)"),
      new AppError("internal", "Media text file derived/ab12/hls/master.m3u8 is too large to serve"),
      new Error("connect ECONNREFUSED 10.0.0.5:5432 /var/tmp/axiom-worker/job-1"),
    ];
    for (const err of secrets) {
      const response = errorResponse(err);
      expect(response.status).toBeGreaterThanOrEqual(500);
      const text = await response.text();
      for (const leak of ["masters/", "derived/", "minio.internal", "10.0.0.5", "/var/tmp", "NoSuchKey"]) {
        expect(text).not.toContain(leak);
      }
      expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    // ...but the detail is logged for the operator.
    expect(logged).toHaveBeenCalledTimes(secrets.length);
  });

  it("keeps 4xx messages, which are written for the user", async () => {
    const response = errorResponse(new AppError("conflict", "This version is not in ERROR."));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "conflict", message: "This version is not in ERROR." } });
  });
});
