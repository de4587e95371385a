import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import type { Db } from "../db/client";
import { versions, type Project, type User, type Version } from "../db/schema";
import { makeProcessingConfig, type ProcessingConfig, type ProcessingConfigInput } from "../lib/processing/processing-config";
import { processVersion, type ProcessVersionOutcome } from "../lib/processing/process-version";
import { createProcessScratch, type ProcessScratch } from "../lib/processing/scratch-space";
import { createStorage, type Storage } from "../lib/storage";
import { completeUpload } from "../lib/uploads/complete-upload";
import { createUpload } from "../lib/uploads/create-upload";
import type { UploadLimits } from "../lib/uploads/upload-policy";
import { createMember, createProject } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";

/** Shared by tests/processing*.int.test.ts and tests/worker-crash.int.test.ts. */

const MiB = 1024 * 1024;
export const uploadLimits: UploadLimits = { maxBytes: 1024 * MiB, singlePutMaxBytes: 1024 * MiB, partBytes: 16 * MiB, urlTtlSeconds: 600 };

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Runs ffmpeg (lavfi sources) and throws with its log when it fails. */
export function ffmpegOrThrow(args: string[]): void {
  const r = spawnSync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(" ")} failed: ${r.stderr}`);
}

/**
 * A small H.264/AAC MP4 made by lavfi: `frames` frames of testsrc2 at `rate` with a sine tone.
 * Returns its path.
 */
export async function makeSource(
  dir: string,
  name: string,
  options: { width?: number; height?: number; rate?: string; frames?: number; preset?: string; audio?: boolean; extraArgs?: string[] } = {},
): Promise<string> {
  const { width = 320, height = 240, rate = "24000/1001", frames = 72, preset = "ultrafast", audio = true } = options;
  const out = path.join(dir, name);
  const [num = "24", den = "1"] = rate.split("/");
  const seconds = ((frames * Number(den)) / Number(num)).toFixed(3);
  ffmpegOrThrow([
    "-f", "lavfi", "-i", `testsrc2=size=${width}x${height}:rate=${rate}`,
    ...(audio ? ["-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${seconds}`] : []),
    "-frames:v", String(frames),
    "-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p",
    ...(audio ? ["-c:a", "aac", "-b:a", "96k", "-shortest"] : []),
    ...(options.extraArgs ?? []),
    out,
  ]);
  return out;
}

/**
 * Creates a version the way the app does: createUpload (AWAITING_UPLOAD), the bytes PUT straight to
 * S3 (as the browser would), completeUpload (PENDING + `process-version` queued in one transaction).
 */
export async function uploadVersion(
  db: Db,
  storage: Storage,
  params: {
    project: Project;
    producer: User;
    bytes: Uint8Array;
    fileName: string;
    contentType?: string;
    declaredSha256?: string | null;
    urgent?: boolean;
  },
): Promise<{ versionId: string; storageKey: string }> {
  const declared = params.declaredSha256 === undefined ? sha256Of(params.bytes) : params.declaredSha256;
  const upload = await createUpload(db, storage, {
    projectId: params.project.id,
    actor: { id: params.producer.id, isAdmin: params.producer.isAdmin },
    limits: uploadLimits,
    assetName: `SH_${path.parse(params.fileName).name}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 60),
    fileName: params.fileName,
    contentType: params.contentType ?? "application/octet-stream",
    size: params.bytes.length,
    ...(declared ? { sha256: declared } : {}),
    ...(params.urgent ? { urgent: true } : {}),
  });
  if (upload.mode !== "single") throw new Error("expected a single-PUT upload");
  const res = await fetch(upload.url, { method: "PUT", body: new Uint8Array(params.bytes), headers: upload.headers });
  if (res.status !== 200) throw new Error(`PUT failed: ${res.status} ${await res.text()}`);
  await completeUpload(db, storage, { versionId: upload.versionId, actor: { id: params.producer.id, isAdmin: false }, limits: uploadLimits });
  const storageKey = `masters/${params.project.id}/${upload.versionId}`;
  return { versionId: upload.versionId, storageKey };
}

export async function readBytes(file: string): Promise<Uint8Array> {
  return new Uint8Array(await fs.readFile(file));
}

/** What `setupProcessingTest` provides; the fields are set once its `beforeAll` has run. */
export interface ProcessingTestContext {
  t: TestDatabase;
  storage: Storage;
  project: Project;
  producer: User;
  /** A fresh temporary directory, removed after the file's tests. */
  workDir: string;
  scratch: ProcessScratch;
  config: ProcessingConfig;
  /** `processVersion` as the worker calls it, with this context's config (or `config`). */
  run(versionId: string, config?: ProcessingConfig): Promise<ProcessVersionOutcome>;
  versionRow(versionId: string): Promise<Version>;
}

/**
 * Registers the `beforeAll`/`afterAll` of a processing test (call it at the top of the file or inside a
 * `describe`): a test database, S3 storage, a project with a producer, a temporary directory with the
 * process scratch under `scratch/`, and the processing config made from `configInput` (scratchRoot added).
 */
export function setupProcessingTest(options: {
  tmpPrefix: string;
  configInput?: Omit<ProcessingConfigInput, "scratchRoot">;
  workerId?: string;
}): ProcessingTestContext {
  const workerId = options.workerId ?? "test-worker";
  const ctx = {
    run: (versionId: string, config?: ProcessingConfig) =>
      processVersion({ db: ctx.t.db, storage: ctx.storage, config: config ?? ctx.config, scratch: ctx.scratch }, { versionId, workerId }),
    versionRow: async (versionId: string) => {
      const [row] = await ctx.t.db.select().from(versions).where(eq(versions.id, versionId));
      return row!;
    },
  } as ProcessingTestContext;
  beforeAll(async () => {
    ctx.t = await createTestDatabase();
    ctx.storage = createStorage({ ...testS3Config(), forcePathStyle: true });
    ctx.project = await createProject(ctx.t.db);
    ctx.producer = await createMember(ctx.t.db, ctx.project.id, "producer");
    ctx.workDir = await fs.mkdtemp(path.join(os.tmpdir(), options.tmpPrefix));
    const scratchRoot = path.join(ctx.workDir, "scratch");
    ctx.scratch = await createProcessScratch(scratchRoot);
    ctx.config = makeProcessingConfig({ ...options.configInput, scratchRoot });
  });
  afterAll(async () => {
    await ctx.t?.drop();
    if (ctx.workDir) await fs.rm(ctx.workDir, { recursive: true, force: true });
  });
  return ctx;
}
