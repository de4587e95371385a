import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, apiErrorOf } from "./api-error";
import { requestJson } from "./request-json";

describe("apiErrorOf", () => {
  it("carries the server's code and message, and the status", () => {
    const err = apiErrorOf(409, JSON.stringify({ error: { code: "conflict", message: "This comment was deleted." } }));
    expect(err).toBeInstanceOf(ApiError);
    expect({ status: err.status, code: err.code, message: err.message }).toEqual({
      status: 409,
      code: "conflict",
      message: "This comment was deleted.",
    });
  });

  it("says only the status when the body is not AXIOM's error body (a proxy's page, nothing, other JSON)", () => {
    for (const body of [
      "<html><body>502 Bad Gateway</body></html>",
      "",
      JSON.stringify({ message: "nope" }),
      '{"error":',
    ]) {
      const err = apiErrorOf(502, body);
      expect({ status: err.status, code: err.code, message: err.message }).toEqual({
        status: 502,
        code: "http_error",
        message: "Request failed (502).",
      });
    }
  });
});

type Seen = { method: string; path: string; contentType: string | undefined; accept: string | undefined; body: string };

/** A real HTTP server that answers what each test path asks for and records what it received. */
let server: Server;
let origin: string;
const seen: Seen[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = req.url ?? "";
    seen.push({
      method: req.method ?? "",
      path,
      contentType: req.headers["content-type"],
      accept: req.headers.accept,
      body: await readBody(req),
    });
    const answer = (status: number, body: string) =>
      res.writeHead(status, { "Content-Type": "application/json" }).end(body);
    if (path === "/echo") return answer(200, JSON.stringify({ count: 2, label: null }));
    if (path === "/refused")
      return answer(
        403,
        JSON.stringify({ error: { code: "forbidden", message: "Only supervisors (and admins) can do this." } }),
      );
    if (path === "/extra-field") return answer(200, JSON.stringify({ count: 2, label: null, added: true }));
    if (path === "/not-json") return res.writeHead(200, { "Content-Type": "text/html" }).end("<html></html>");
    if (path === "/slow") return setTimeout(() => answer(200, "{}"), 5_000);
    answer(404, JSON.stringify({ error: { code: "not_found", message: "Not found" } }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const answerSchema = z.strictObject({
  count: z.int(),
  label: z
    .string()
    .nullable()
    .transform((label) => label ?? "none"),
});

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the request should have failed"),
    (err: unknown) => err,
  );
}

describe("requestJson", () => {
  it("sends a JSON body as JSON and parses the answer with the schema (transforms included)", async () => {
    const result = await requestJson(`${origin}/echo`, answerSchema, { method: "POST", body: { resolved: true } });
    expect(result).toEqual({ count: 2, label: "none" });
    expect(seen.at(-1)).toEqual({
      method: "POST",
      path: "/echo",
      contentType: "application/json",
      accept: "application/json",
      body: '{"resolved":true}',
    });
  });

  it("sends a GET without a body or a Content-Type", async () => {
    await requestJson(`${origin}/echo`, answerSchema);
    expect(seen.at(-1)).toMatchObject({ method: "GET", contentType: undefined, accept: "application/json", body: "" });
  });

  it("throws the server's error as an ApiError", async () => {
    const err = await rejectionOf(requestJson(`${origin}/refused`, answerSchema, { method: "POST", body: {} }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 403,
      code: "forbidden",
      message: "Only supervisors (and admins) can do this.",
    });
  });

  it("refuses an answer the schema does not describe, a field too many included: this page is older than the server", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    for (const path of ["/extra-field", "/not-json"]) {
      const err = await rejectionOf(requestJson(`${origin}${path}`, answerSchema));
      expect(err, path).toBeInstanceOf(ApiError);
      expect(err, path).toMatchObject({
        status: 200,
        code: "invalid_response",
        message: expect.stringMatching(/Reload the page/),
      });
    }
    // The developer's half: what did not match, in the console.
    expect(log.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringMatching(/\/extra-field/),
      expect.stringMatching(/\/not-json/),
    ]);
    log.mockRestore();
  });

  it("turns no answer at all into status 0 network_error (which the upload retries)", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, "close");
    const err = await rejectionOf(requestJson(`http://127.0.0.1:${port}/echo`, answerSchema));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 0, code: "network_error" });
  });

  it("lets an abort reject as fetch does, not as an ApiError", async () => {
    const controller = new AbortController();
    const request = requestJson(`${origin}/slow`, answerSchema, { signal: controller.signal });
    controller.abort();
    const err = await rejectionOf(request);
    expect(err).not.toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ name: "AbortError" });
  });
});
