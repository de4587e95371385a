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

  it("answers 503 database_unavailable with a clear message when PostgreSQL is down or restarting", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    // As postgres.js throws them, wrapped by Drizzle the way a failed query is.
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", errno: -111 });
    const shuttingDown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    const closed = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });
    for (const cause of [refused, shuttingDown, closed]) {
      const response = errorResponse(new Error("Failed query: select ...", { cause }));
      expect(response.status).toBe(503);
      expect(response.headers.get("Retry-After")).toBe("5");
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("database_unavailable");
      expect(body.error.message).toMatch(/database is not answering/);
      expect(JSON.stringify(body)).not.toContain("127.0.0.1");
    }
    // A constraint violation is no outage.
    expect(errorResponse(Object.assign(new Error("dup"), { code: "23505" })).status).toBe(409);
  });
});
