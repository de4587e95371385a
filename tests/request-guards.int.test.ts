import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as commentsRoute from "../app/api/versions/[versionId]/comments/route";
import * as retryRoute from "../app/api/versions/[versionId]/retry/route";
import type { RouteDeps } from "../lib/api/route";
import { createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The defences apiRoute puts in front of every cookie-authenticated mutation (lib/api/request-guards.ts,
 * lib/api/read-body.ts), through a real route on a real database: cross-origin → 403, not JSON → 415,
 * too large → 413, all before the session is looked at and without changing anything.
 */

const HOST = "axiom.studio.example";
let t: TestDatabase;
let scene: Awaited<ReturnType<typeof createReviewScene>>;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  scene = await createReviewScene(t.db);
  versionId = (await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id })).id;
});
afterAll(() => t?.drop());

let sessionReads = 0;
const as = (userId: string | null, publicUrl?: string): RouteDeps => ({
  db: t.db,
  readSession: async () => {
    sessionReads++;
    return userId ? { userId } : null;
  },
  publicUrl,
});
const ctx = () => ({ params: Promise.resolve({ versionId }) });
const comment = JSON.stringify({ frameIn: 1, body: "Looks good" });

function post(headers: Record<string, string>, body: BodyInit | null = comment, extra: RequestInit = {}): Request {
  return new Request(`http://${HOST}/api/versions/${versionId}/comments`, {
    method: "POST",
    headers: { host: HOST, ...headers },
    body,
    ...extra,
  });
}
async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}
async function commentCount(): Promise<number> {
  const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from comments where version_id = ${versionId}`;
  return row!.n;
}

describe("Origin", () => {
  it("accepts the app's own origin, the public URL behind a proxy, and clients that send no Origin", async () => {
    const send = commentsRoute.POST.withDeps(as(scene.viewer.id, "https://review.studio.example"));
    const json = { "content-type": "application/json" };
    for (const headers of [
      { ...json, origin: `https://${HOST}` },
      { ...json, origin: `http://${HOST}` },
      { ...json, origin: "https://review.studio.example", host: "10.0.0.7:3000" },
      { ...json, origin: "https://review.studio.example:443", host: "127.0.0.1:3000" },
      { ...json, origin: `https://${HOST}`, host: "127.0.0.1:3000", "x-forwarded-host": HOST },
      { ...json, "sec-fetch-site": "same-origin" },
      json,
    ]) {
      const response = await send(post(headers), ctx());
      expect(response.status, JSON.stringify(headers)).toBe(201);
    }
  });

  it("refuses another site, a sibling subdomain, another port, and Origin: null with 403 before the session is read", async () => {
    const before = await commentCount();
    const send = commentsRoute.POST.withDeps(as(scene.viewer.id, "https://review.studio.example"));
    for (const origin of [
      "https://evil.example",
      "https://uploads.studio.example",
      `https://${HOST}:8443`,
      `https://${HOST}.evil.example`,
      "null",
      "garbage",
    ]) {
      sessionReads = 0;
      const response = await send(post({ "content-type": "application/json", origin }), ctx());
      expect(response.status, origin).toBe(403);
      expect(await errorOf(response)).toEqual({ code: "forbidden_origin", message: "This request did not come from AXIOM's own pages." });
      expect(sessionReads).toBe(0);
    }
    expect(await commentCount()).toBe(before);
  });

  it("without Origin, refuses what the browser marks cross-site or same-site", async () => {
    const send = commentsRoute.POST.withDeps(as(scene.viewer.id));
    for (const site of ["cross-site", "same-site"]) {
      const response = await send(post({ "content-type": "application/json", "sec-fetch-site": site }), ctx());
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("forbidden_origin");
    }
  });

  it("guards body-less mutations too (retry), and leaves reads alone", async () => {
    const errored = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id, state: "ERROR" });
    const retry = await retryRoute.POST.withDeps(as(scene.producer.id))(
      new Request(`http://${HOST}/api/versions/${errored.id}/retry`, { method: "POST", headers: { host: HOST, origin: "https://evil.example" } }),
      { params: Promise.resolve({ versionId: errored.id }) },
    );
    expect(retry.status).toBe(403);
    const list = await commentsRoute.GET.withDeps(as(scene.viewer.id))(
      new Request(`http://${HOST}/api/versions/${versionId}/comments`, { headers: { host: HOST, origin: "https://evil.example" } }),
      ctx(),
    );
    expect(list.status).toBe(200);
  });
});

describe("Content-Type", () => {
  it("refuses a body that is not application/json (forms, text/plain) with 415", async () => {
    const before = await commentCount();
    const send = commentsRoute.POST.withDeps(as(scene.viewer.id));
    for (const contentType of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await send(post({ "content-type": contentType, origin: `https://${HOST}` }), ctx());
      expect(response.status, contentType).toBe(415);
      expect(await errorOf(response)).toEqual({ code: "unsupported_media_type", message: "Send the request body as application/json." });
    }
    // A body with no Content-Type at all (a stream body gets none).
    const bare = await send(
      new Request(`http://${HOST}/x`, { method: "POST", headers: { host: HOST }, body: streamOf([new TextEncoder().encode(comment)]), duplex: "half" } as RequestInit),
      ctx(),
    );
    expect(bare.status).toBe(415);
    expect(await commentCount()).toBe(before);
    // application/json with parameters is fine.
    const ok = await send(post({ "content-type": "application/json; charset=utf-8" }), ctx());
    expect(ok.status).toBe(201);
  });
});

describe("body size", () => {
  it("refuses a 2 MB JSON body with 413 before authentication, even from an anonymous client", async () => {
    sessionReads = 0;
    const big = JSON.stringify({ frameIn: 1, body: "x".repeat(2 * 1024 * 1024) });
    const response = await commentsRoute.POST.withDeps(as(null))(post({ "content-type": "application/json" }, big), ctx());
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toEqual({ code: "payload_too_large", message: "The request body is larger than 64 KiB." });
    expect(sessionReads).toBe(0);
  });

  it("refuses on the declared Content-Length without reading a byte", async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const response = await commentsRoute.POST.withDeps(as(null))(
      post({ "content-type": "application/json", "content-length": String(10 * 1024 * 1024) }, body, { duplex: "half" } as RequestInit),
      ctx(),
    );
    expect(response.status).toBe(413);
    expect(pulls).toBeLessThanOrEqual(1); // a stream may pre-fill its queue once; nothing is read
  });

  it("stops reading an endless body without Content-Length soon after the limit", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(32));
      },
    });
    const response = await commentsRoute.POST.withDeps(as(scene.viewer.id))(
      post({ "content-type": "application/json" }, body, { duplex: "half" } as RequestInit),
      ctx(),
    );
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 + 4 * 16 * 1024);
  });

  it("still accepts an ordinary body", async () => {
    const response = await commentsRoute.POST.withDeps(as(scene.viewer.id))(post({ "content-type": "application/json" }), ctx());
    expect(response.status).toBe(201);
  });
});

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}
