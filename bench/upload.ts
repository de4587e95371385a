/**
 * `npm run bench:upload`: AXIOM's upload protocol against a plain SDK multipart upload of the
 * same file to the same store, in the same run (docs/ingest.md, "Benchmark").
 *
 * - AXIOM: the domain functions the API routes call (createUpload, presignUploadParts in batches
 *   of 100, completeUpload with the SHA-256) and real HTTP PUTs of each part to its presigned
 *   URL, 4 in parallel, hashing the file alongside as the browser does.
 * - SDK: @aws-sdk/lib-storage `Upload` with the same part size and queue size.
 *
 * Both talk to a local s3rver on loopback, so this measures protocol overhead, not a network.
 * Rounds alternate (AXIOM, SDK, AXIOM, SDK...) so page cache and host noise hit both alike.
 * It also computes the bytes the web server would receive — the JSON request bodies of the API
 * calls (JSON.stringify of each body: no web server runs here, so this is computed, not
 * measured) — prints that as a fraction of the file with an explicit check, and counts the part
 * bytes actually handed to the HTTP client for the object store.
 *
 * Options: --size-mib 1024 --rounds 2 --concurrency 4 --part-mib 16 --no-hash --fetch
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Upload } from "@aws-sdk/lib-storage";
import type { createDb } from "../db/client";
import { masterKey, type Storage } from "../lib/storage";
import { completeUpload } from "../lib/uploads/complete-upload";
import { createUpload } from "../lib/uploads/create-upload";
import { presignUploadParts } from "../lib/uploads/presign-upload-parts";
import type { UploadLimits } from "../lib/uploads/upload-policy";
import { startBenchStack } from "./bench-stack";

const MiB = 1024 * 1024;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const SIZE = Math.round(option("size-mib", 1024) * MiB);
const ROUNDS = option("rounds", 2);
const CONCURRENCY = option("concurrency", 4);
const PART_BYTES = option("part-mib", 16) * MiB;
// --no-hash leaves out the SHA-256 the browser computes alongside, to isolate the protocol cost.
const IS_HASHING = !process.argv.includes("--no-hash");
// --fetch sends parts with Node's fetch (undici) instead of node:http; measured slower here (docs/ingest.md).
const IS_FETCH = process.argv.includes("--fetch");
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/** PUT a buffer to a presigned URL; resolves with the ETag. */
async function putPart(url: string, body: Buffer<ArrayBuffer>): Promise<string | null> {
  if (IS_FETCH) {
    const res = await fetch(url, { method: "PUT", body: new Blob([body]) });
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    return res.headers.get("etag");
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "PUT", agent, headers: { "Content-Length": body.length } }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => {
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${res.statusCode} ${text}`));
        else resolve((res.headers.etag as string | undefined) ?? null);
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const log = (message: string) => console.log(`[bench:upload] ${message}`);

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-bench-upload-"));
  const cleanups: Array<() => Promise<unknown>> = [async () => fs.rmSync(work, { recursive: true, force: true })];
  try {
    const stack = await startBenchStack(work, cleanups, log);
    const { storage } = stack;

    const filePath = path.join(work, "master.mov");
    log(`writing a ${(SIZE / MiB).toFixed(0)} MiB test file`);
    const sha256 = writeTestFile(filePath, SIZE);

    const limits: UploadLimits = {
      maxBytes: 200 * 1024 * MiB,
      singlePutMaxBytes: 64 * MiB,
      partBytes: PART_BYTES,
      urlTtlSeconds: 3600,
    };
    const results: { axiom: number[]; complete: number[]; sdk: number[]; apiBytes: ApiBytes | null } = { axiom: [], complete: [], sdk: [], apiBytes: null };
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await runAxiom({ db: stack.db, storage, projectId: stack.projectId, actor: { id: stack.userId, isAdmin: false }, filePath, sha256, limits, round });
      results.axiom.push(a.seconds);
      results.complete.push(a.completeSeconds);
      results.apiBytes = a.apiBytes;
      log(`round ${round}: AXIOM protocol ${a.seconds.toFixed(2)} s (${mibps(a.seconds)} MiB/s), of which complete ${a.completeSeconds.toFixed(2)} s`);
      const b = await runSdk(storage, filePath);
      results.sdk.push(b.seconds);
      log(`round ${round}: SDK Upload      ${b.seconds.toFixed(2)} s (${mibps(b.seconds)} MiB/s)`);
      // Free the disk between rounds (s3rver keeps every object as a file).
      await Promise.all([storage.delete(a.key), storage.delete(b.key)]);
    }

    const axiom = median(results.axiom);
    const sdk = median(results.sdk);
    const api = results.apiBytes!;
    console.log("");
    console.log(`File: ${(SIZE / MiB).toFixed(0)} MiB, parts of ${PART_BYTES / MiB} MiB, ${CONCURRENCY} in parallel, ${ROUNDS} round(s), medians:`);
    const what = IS_HASHING ? "presigned parts + complete, SHA-256 alongside" : "presigned parts + complete, no hashing";
    console.log(`  AXIOM (${what}): ${axiom.toFixed(2)} s  ${mibps(axiom)} MiB/s`);
    // Completion = CompleteMultipartUpload on the staging key + a server-side copy to the master
    // key + the transaction; the SDK path has no copy (docs/ingest.md, "Cost of the copy").
    console.log(`    of which complete (staging -> master copy included): ${median(results.complete).toFixed(2)} s`);
    console.log(`  SDK lib-storage Upload (same store, same part size and queue): ${sdk.toFixed(2)} s  ${mibps(sdk)} MiB/s`);
    console.log(`  ratio AXIOM / SDK: ${(axiom / sdk).toFixed(2)}`);
    // No web server runs here: the bench calls the domain functions the route handlers call, so
    // what the web server would receive is computed from the JSON bodies, not measured.
    const fraction = api.requestBytes / SIZE;
    console.log(
      `  API request bodies, computed (JSON.stringify of each call's body; no web server runs in this bench): ` +
        `${api.requestBytes} bytes in ${api.calls} calls; API response bodies, computed: ${api.responseBytes} bytes (mostly presigned URLs).`,
    );
    console.log(
      `  fraction of the file the web server would receive: ${api.requestBytes} / ${SIZE} = ${fraction.toExponential(2)} ` +
        `— check "a tiny fraction" (< 1e-4): ${fraction < 1e-4 ? "PASS" : "FAIL"}`,
    );
    console.log(
      `  part bodies sent to the object store, counted as written by the HTTP client (last round): ${api.storeBytesSent} bytes ` +
        `= ${(api.storeBytesSent / SIZE).toFixed(3)} × the file (retries included).`,
    );
    if (fraction >= 1e-4) process.exitCode = 1;
  } finally {
    agent.destroy();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error("[bench:upload] cleanup:", err));
  }
}

type ApiBytes = { calls: number; requestBytes: number; responseBytes: number; storeBytesSent: number };

/** The browser's work, from Node: API calls through the domain functions, parts PUT to S3. */
async function runAxiom(ctx: {
  db: ReturnType<typeof createDb>["db"];
  storage: Storage;
  projectId: string;
  actor: { id: string; isAdmin: boolean };
  filePath: string;
  sha256: string;
  limits: UploadLimits;
  round: number;
}): Promise<{ seconds: number; completeSeconds: number; apiBytes: ApiBytes; key: string }> {
  const api: ApiBytes = { calls: 0, requestBytes: 0, responseBytes: 0, storeBytesSent: 0 };
  // What the route handler would read and write: the JSON bodies.
  const call = async <T>(body: unknown, fn: () => Promise<T>): Promise<T> => {
    api.calls++;
    api.requestBytes += body === undefined ? 0 : Buffer.byteLength(JSON.stringify(body));
    const answer = await fn();
    api.responseBytes += Buffer.byteLength(JSON.stringify(answer));
    return answer;
  };
  const started = performance.now();
  // The browser's Web Worker, here a second read of the file.
  const hashing = IS_HASHING ? hashFile(ctx.filePath) : Promise.resolve(ctx.sha256);

  const createBody = { assetName: `BENCH_${ctx.round}`, fileName: "master.mov", size: SIZE, contentType: "video/quicktime" };
  const upload = await call(createBody, () =>
    createUpload(ctx.db, ctx.storage, { ...createBody, projectId: ctx.projectId, actor: ctx.actor, limits: ctx.limits }),
  );
  if (upload.mode !== "multipart") throw new Error("expected a multipart upload");

  const fd = await fs.promises.open(ctx.filePath, "r");
  let retries = 0;
  try {
    const urls = new Map<number, string>();
    const numbers = Array.from({ length: upload.partCount }, (_, i) => i + 1);
    let next = 0;
    const worker = async () => {
      while (next < numbers.length) {
        const n = numbers[next++]!;
        if (!urls.has(n)) {
          const batch = numbers.slice(n - 1, n - 1 + upload.maxPartsPerRequest).filter((m) => !urls.has(m));
          const body = { partNumbers: batch };
          const answer = await call(body, () =>
            presignUploadParts(ctx.db, ctx.storage, { versionId: upload.versionId, actor: ctx.actor, partNumbers: batch, limits: ctx.limits }),
          );
          for (const p of answer.parts) urls.set(p.partNumber, p.url);
        }
        const start = (n - 1) * upload.partSize;
        const length = Math.min(upload.partSize, SIZE - start);
        const buffer = Buffer.allocUnsafe(length);
        await fd.read(buffer, 0, length, start);
        // Retried like the browser does (a keep-alive socket closed by the store shows up as ECONNRESET).
        for (let attempt = 1; ; attempt++) {
          try {
            api.storeBytesSent += buffer.length;
            if (!(await putPart(urls.get(n)!, buffer))) throw new Error(`part ${n}: no ETag`);
            break;
          } catch (err) {
            if (attempt >= 6) throw err;
            retries++;
            await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    await fd.close();
  }
  const sha256 = await hashing;
  if (sha256 !== ctx.sha256) throw new Error("hash mismatch");
  const completeBody = { sha256 };
  const completeStarted = performance.now();
  const done = await call(completeBody, () => completeUpload(ctx.db, ctx.storage, { versionId: upload.versionId, actor: ctx.actor, sha256, limits: ctx.limits }));
  if (done.version.processingState !== "PENDING") throw new Error(`unexpected state ${done.version.processingState}`);
  const completeSeconds = (performance.now() - completeStarted) / 1000;
  const seconds = (performance.now() - started) / 1000;
  if (retries) log(`round ${ctx.round}: ${retries} part PUT(s) retried`);
  return { seconds, completeSeconds, apiBytes: api, key: masterKey(ctx.projectId, upload.versionId) };
}

async function runSdk(storage: Storage, filePath: string): Promise<{ seconds: number; key: string }> {
  const started = performance.now();
  const key = `bench/sdk-${randomUUID()}`;
  const upload = new Upload({
    client: storage.client,
    params: { Bucket: storage.bucket, Key: key, Body: fs.createReadStream(filePath), ContentType: "video/quicktime" },
    partSize: PART_BYTES,
    queueSize: CONCURRENCY,
  });
  await upload.done();
  return { seconds: (performance.now() - started) / 1000, key };
}

function writeTestFile(filePath: string, size: number): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(filePath, "w");
  const seed = randomBytes(MiB);
  try {
    for (let offset = 0, i = 0; offset < size; offset += MiB, i++) {
      const block = Buffer.from(seed);
      block.writeUInt32BE(i, (i * 4096) % (MiB - 4));
      const chunk = block.subarray(0, Math.min(MiB, size - offset));
      hash.update(chunk);
      fs.writeSync(fd, chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

async function hashFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 8 * MiB })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const mibps = (seconds: number) => (SIZE / MiB / seconds).toFixed(1);

main().catch((err: unknown) => {
  console.error("[bench:upload]", err);
  process.exitCode = 1;
});
