import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "../lib/env";
import { createApiToken } from "../lib/tokens/create-api-token";
import { s3Environment } from "../scripts/dev-services/local-s3";
import { testS3Config } from "./helpers/test-db";
import { loadV1Routes, v1Fetch } from "./helpers/v1-router";
import { ffmpegOrThrow, setupProcessingTest, sha256Of } from "./processing-fixtures";

/**
 * `npx axiom ingest` (bin/axiom.mjs → lib/cli) as a user runs it: a child process talking HTTP to
 * AXIOM's /api/v1 route handlers, served here from node:http (what `next start` would serve, without
 * a build), with real PostgreSQL, s3rver and FFmpeg. The same server stands in front of s3rver as
 * S3_PUBLIC_ENDPOINT, so it sees (and counts) every byte the CLI PUTs, and can stall a PUT so the
 * test can kill the CLI mid-upload. Completing an upload runs the worker's task, so --wait sees READY.
 */

const MiB = 1024 * 1024;
const BIN = path.resolve(__dirname, "../bin/axiom.mjs");
const ctx = setupProcessingTest({
  tmpPrefix: "axiom-cli-",
  configInput: { media: { x264Preset: "ultrafast" }, maxAttempts: 1 },
});

let server: http.Server;
let origin: string;
let token: string;
let stateDir: string;
/** Bytes of presigned PUTs passed on to s3rver. */
let putBytes = 0;
/** While set: the first part PUT goes through, later ones are held (never answered) until the client goes away. */
let stall: { firstPartStored: () => void; passed: number } | null = null;
/** The worker's task, one version at a time, as `npm run worker` would run it. */
let processing: Promise<unknown> = Promise.resolve();

beforeAll(async () => {
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const s3 = testS3Config();
  Object.assign(process.env, {
    DATABASE_URL: ctx.t.appUrl,
    NEXTAUTH_URL: origin,
    UPLOAD_SINGLE_PUT_MAX_BYTES: String(5 * MiB),
    UPLOAD_PART_BYTES: String(5 * MiB),
    ...s3Environment(s3),
    S3_PUBLIC_ENDPOINT: origin,
  });
  resetEnvCache();
  const api = v1Fetch(await loadV1Routes(), origin, { db: ctx.t.db, readSession: async () => null, publicUrl: origin });
  server.on("request", (req, res) => {
    const handle = req.url!.startsWith("/api/") ? serveApi(api, req, res) : proxyToS3(s3.endpoint, req, res);
    handle.catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  token = (
    await createApiToken(ctx.t.db, { actor: { id: ctx.producer.id, isAdmin: false }, name: "cli", expiresInDays: 7 })
  ).token;
  stateDir = path.join(ctx.workDir, "state");
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function serveApi(api: typeof fetch, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = await readBody(req);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const answer = await api(`${origin}${req.url}`, {
    method: req.method,
    headers,
    body: body.length ? new Uint8Array(body) : undefined,
  });
  const text = Buffer.from(await answer.arrayBuffer());
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(text);
  const completed = /^\/api\/v1\/versions\/([^/]+)\/complete$/.exec(req.url!);
  if (completed && answer.status === 202) processing = processing.then(() => ctx.run(completed[1]!));
}

/** Passes the request to s3rver unchanged (the signature covers this server's host) and counts PUT bytes. */
async function proxyToS3(s3Endpoint: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const isPart = req.method === "PUT" && req.url!.includes("partNumber=");
  if (isPart && stall) {
    if (stall.passed >= 1) return; // held: the CLI is killed while waiting
    stall.passed++;
  }
  const body = await readBody(req);
  if (req.method === "PUT") putBytes += body.length;
  const target = new URL(req.url!, s3Endpoint);
  const upstream = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const out = http.request(target, { method: req.method, headers: req.headers }, resolve);
    out.on("error", reject);
    out.end(body);
  });
  const answer = await readBody(upstream);
  res.writeHead(upstream.statusCode!, upstream.headers);
  res.end(answer);
  if (isPart && stall && upstream.statusCode === 200) stall.firstPartStored();
}

type Run = { code: number | null; stdout: string; stderr: string };

function startCli(
  args: string[],
  env: Record<string, string> = {},
  bin = BIN,
): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: ctx.workDir,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: ctx.workDir,
      AXIOM_URL: origin,
      AXIOM_TOKEN: token,
      AXIOM_STATE_DIR: stateDir,
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("npx axiom ingest", () => {
  it("walks a folder, uploads its media files, skips the rest, waits for READY and prints one JSON line per file", async () => {
    const folder = path.join(ctx.workDir, "delivery");
    await fs.mkdir(path.join(folder, "audio"), { recursive: true });
    ffmpegOrThrow([
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=160x120:rate=24",
      "-t",
      "1",
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-pix_fmt",
      "yuv420p",
      path.join(folder, "SH010_comp.mp4"),
    ]);
    ffmpegOrThrow([
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=160x120:rate=25",
      "-t",
      "1",
      "-c:v",
      "mpeg4",
      path.join(folder, "SH020_plate.mkv"),
    ]);
    ffmpegOrThrow([
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:sample_rate=48000:duration=1",
      path.join(folder, "audio", "SH030_temp.wav"),
    ]);
    await fs.writeFile(path.join(folder, "notes.txt"), "not media\n");

    const { code, stdout, stderr } = await startCli([
      "ingest",
      "delivery",
      "--project",
      ctx.project.code,
      "--wait",
      "--json",
    ]).done;
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/skipped .*notes\.txt: not a media file/);
    const lines = jsonLines(stdout);
    // In walk order: a folder's entries sorted by name (code-unit order: "SH…" before "audio").
    expect(lines).toEqual([
      {
        file: path.join("delivery", "SH010_comp.mp4"),
        versionId: expect.any(String),
        number: 1,
        state: "READY",
        errorCode: null,
      },
      {
        file: path.join("delivery", "SH020_plate.mkv"),
        versionId: expect.any(String),
        number: 1,
        state: "READY",
        errorCode: null,
      },
      {
        file: path.join("delivery", "audio", "SH030_temp.wav"),
        versionId: expect.any(String),
        number: 1,
        state: "READY",
        errorCode: null,
      },
    ]);
    // Each asset is named by its file, and the SHA-256 the CLI declared is the one the server computed.
    for (const line of lines) {
      const row = await ctx.versionRow(line.versionId as string);
      const bytes = await fs.readFile(path.join(ctx.workDir, line.file as string));
      expect(row.sha256Computed).toBe(sha256Of(bytes));
      expect(row.sha256Declared).toBe(sha256Of(bytes));
    }
    // Nothing is left to resume.
    expect(await fs.readdir(stateDir)).toEqual([]);
  });

  it("a corrupt media file ends in ERROR with its code, and the exit code is 1", async () => {
    const file = path.join(ctx.workDir, "broken.mov");
    await fs.writeFile(file, Buffer.alloc(64 * 1024, 7));
    const { code, stdout } = await startCli([
      "ingest",
      file,
      "--project",
      ctx.project.code,
      "--asset",
      "SH099_broken",
      "--wait",
      "--json",
    ]).done;
    expect(code).toBe(1);
    expect(jsonLines(stdout)).toEqual([
      { file: "broken.mov", versionId: expect.any(String), number: 1, state: "ERROR", errorCode: "corrupt_input" },
    ]);
  });

  it("a file AXIOM refuses is REFUSED with the API's code, the others are still sent, and the exit code is 1", async () => {
    const folder = path.join(ctx.workDir, "refused");
    await fs.mkdir(folder);
    ffmpegOrThrow([
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=220:sample_rate=48000:duration=1",
      path.join(folder, "ok.wav"),
    ]);
    await fs.writeFile(path.join(folder, `${"x".repeat(210)}.wav`), Buffer.alloc(1024));
    const { code, stdout, stderr } = await startCli(["ingest", "refused", "--project", ctx.project.code, "--json"])
      .done;
    expect(code).toBe(1);
    expect(stderr).toContain("refused");
    const lines = jsonLines(stdout);
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual({
      file: path.join("refused", "ok.wav"),
      versionId: expect.any(String),
      number: 1,
      state: "PENDING",
      errorCode: null,
    });
    expect(lines).toContainEqual({
      file: expect.stringMatching(/x{210}\.wav$/),
      versionId: null,
      number: null,
      state: "REFUSED",
      errorCode: "validation_failed",
    });
  });

  it("exits 2 on a usage error, an unknown project, or an AXIOM that does not answer", async () => {
    const noProject = await startCli(["ingest", "delivery"]).done;
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toContain("--project <code> is required");
    const unknownFlag = await startCli(["ingest", "delivery", "--project", "X", "--frobnicate"]).done;
    expect(unknownFlag.code).toBe(2);
    const unknownProject = await startCli(["ingest", "delivery", "--project", "NOPE"]).done;
    expect(unknownProject.code).toBe(2);
    expect(unknownProject.stderr).toContain('no project with code "NOPE"');
    const down = await startCli(["ingest", "delivery", "--project", ctx.project.code], {
      AXIOM_URL: "http://127.0.0.1:1",
    }).done;
    expect(down.code).toBe(2);
    expect(down.stderr).toContain("did not answer");
    const help = await startCli(["--help"]).done;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: axiom ingest");
  });

  it("resumes a killed multipart upload, sending only the parts the store does not hold", async () => {
    const file = path.join(ctx.workDir, "SH040_plate.mov");
    const bytes = new Uint8Array(20 * MiB).map((_, i) => (i * 7919) % 253);
    await fs.writeFile(file, bytes);
    const args = ["ingest", file, "--project", ctx.project.code, "--json"];

    // Four 5 MiB parts, sent four at a time. First run: whichever part arrives first reaches the store,
    // the other three are held; then the CLI is killed.
    let firstPartStored!: () => void;
    const stored = new Promise<void>((resolve) => (firstPartStored = resolve));
    stall = { firstPartStored, passed: 0 };
    putBytes = 0;
    const first = startCli(args);
    await stored;
    first.child.kill("SIGKILL");
    await first.done;
    stall = null;
    expect(putBytes).toBe(5 * MiB);
    expect(await fs.readdir(stateDir)).toHaveLength(1);

    // Rerun: the stored part is not sent again.
    putBytes = 0;
    const second = await startCli(args).done;
    expect(second.code, second.stderr).toBe(0);
    expect(putBytes).toBe(bytes.length - 5 * MiB);
    const [line] = jsonLines(second.stdout);
    expect(line).toMatchObject({ file: "SH040_plate.mov", state: "PENDING", errorCode: null });
    const row = await ctx.versionRow(line!.versionId as string);
    expect(row).toMatchObject({ sizeBytes: bytes.length, sha256Declared: sha256Of(bytes) });
    expect(await fs.readdir(stateDir)).toEqual([]);
    await processing;
  });
});

/**
 * The form a global install runs (`npm pack`, `npm install -g axiom-*.tgz`): the tarball as npm
 * makes it (its prepack bundles the CLI), unpacked where no node_modules is anywhere above it, so
 * the bin can lean on no package at all, dev or not. The install itself, which fetches the
 * package's dependencies, is `npm run test:cli-install` (docs/cli.md).
 */
describe("the packed package (npm pack)", () => {
  let packedBin: string;

  beforeAll(() => {
    const packDir = path.join(ctx.workDir, "pack");
    mkdirSync(packDir, { recursive: true });
    const repo = path.resolve(__dirname, "..");
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", packDir], { cwd: repo, encoding: "utf8" }),
    ) as { filename: string; files: { path: string }[] }[];
    expect(packed!.files.map((f) => f.path).sort()).toEqual([
      "README.md",
      "bin/axiom.mjs",
      "dist/axiom-cli.cjs",
      "package.json",
    ]);
    execFileSync("tar", ["-xzf", path.join(packDir, packed!.filename), "-C", packDir]);
    packedBin = path.join(packDir, "package", "bin", "axiom.mjs");
  }, 60_000);

  it("prints its help and ingests a file to READY with nothing installed beside it", async () => {
    const help = await startCli(["--help"], {}, packedBin).done;
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("Usage: axiom ingest");

    const file = path.join(ctx.workDir, "SH050_packed.mp4");
    ffmpegOrThrow([
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=160x120:rate=24",
      "-t",
      "1",
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-pix_fmt",
      "yuv420p",
      file,
    ]);
    const run = await startCli(["ingest", file, "--project", ctx.project.code, "--wait", "--json"], {}, packedBin).done;
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { file: "SH050_packed.mp4", versionId: expect.any(String), number: 1, state: "READY", errorCode: null },
    ]);
  });
});
