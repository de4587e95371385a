/**
 * `npm run bench:pipeline`: what the processing job costs on top of FFmpeg (docs/processing.md, "Benchmark").
 *
 * Source: 60 s of 1080p ProRes 422 HQ at 23.976 with 24-bit PCM and a start timecode, made here by FFmpeg.
 * In the same run, on the same file:
 *  1. pipeline: enqueue (completeUpload: PENDING + job, one transaction) -> READY, with the real worker
 *     process (jobs/run-worker.ts) against PostgreSQL and a local s3rver: job pickup, streaming the master
 *     from S3 with SHA-256, probe, the one FFmpeg run, QC, uploading every rendition, the READY transaction;
 *  2. bare: the very FFmpeg command the job runs (lib/media buildTranscodeArgs, same plan), on the local file;
 *  3. the HLS ladder (1080/720/360) in one FFmpeg run (split + var_stream_map) vs three separate runs.
 *  4. watch while it encodes: in every pipeline round, enqueue -> first playable frame of the live preview
 *     (the status names the preview, its master and first variant playlist, init and first segment read
 *     from the store as the player would, one frame decoded) ÷ enqueue -> READY (target <= 0.1); and the
 *     same on a generated 10-minute 720p H.264 source (target <= 0.02).
 * Ratios: pipeline / bare (target <= 1.10), media seconds per wall second, three runs / one run, first
 * playable / READY. Rounds alternate the variants so a busy host skews them alike; compare within one run
 * only (docs/measurements.md).
 *
 * Options: --seconds 60 --rounds 1 --preset veryfast --long-seconds 600 (0: no long source)
 *          --preview-only (`npm run bench:preview`: skip the bare FFmpeg and ladder comparisons)
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import type { createDb } from "../db/client";
import { versions } from "../db/schema";
import { ensureFfmpeg } from "../scripts/dev-services/system-tools";
import { buildTranscodeArgs, runFfmpeg } from "../lib/media/ffmpeg";
import { probeMedia } from "../lib/media/ffprobe";
import { parseGrowingPlaylist } from "../lib/media/hls-preview";
import { hardenedInputArgs } from "../lib/media/input-hardening";
import { parseMediaConfig, planRenditions, type MediaConfig, type RenditionPlan } from "../lib/media/rendition-plan";
import { derivedKey, PREVIEW_MASTER_PATH, type Storage } from "../lib/storage";
import { completeUpload } from "../lib/uploads/complete-upload";
import { createUpload } from "../lib/uploads/create-upload";
import { startBenchStack } from "./bench-stack";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const SECONDS = Number(arg("seconds", "60"));
const ROUNDS = Number(arg("rounds", "1"));
const PRESET = arg("preset", "veryfast") as MediaConfig["x264Preset"];
const LONG_SECONDS = Number(arg("long-seconds", "600"));
const IS_PREVIEW_ONLY = process.argv.includes("--preview-only");
const repoRoot = path.resolve(__dirname, "..");
const log = (m: string) => console.log(`[bench:pipeline] ${m}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function ffmpeg(args: string[]): Promise<number> {
  const t = performance.now();
  await runFfmpeg(["-hide_banner", "-nostdin", "-y", "-v", "error", ...args], { timeoutMs: 60 * 60_000 });
  return (performance.now() - t) / 1000;
}

/** The ladder part of the job's recipe, alone: x264 args per rung as in lib/media/ffmpeg.ts. */
function rungArgs(spec: string, r: RenditionPlan["hls"]["rungs"][number]): string[] {
  return [`-crf${spec}`, String(r.crf), `-maxrate${spec}`, String(r.maxBitrate), `-bufsize${spec}`, String(r.bufferSize)];
}
function x264(plan: RenditionPlan): string[] {
  const gop = String(plan.video!.gopFrames);
  return ["-c:v", "libx264", "-preset", plan.x264Preset, "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", gop, "-keyint_min", gop, "-sc_threshold", "0"];
}
function hls(out: string, map: string): string[] {
  return ["-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
    "-hls_segment_filename", path.join(out, "%v", "seg_%05d.m4s"), "-var_stream_map", map, path.join(out, "%v", "index.m3u8")];
}
async function ladderOneRun(plan: RenditionPlan, src: string, out: string): Promise<number> {
  const rungs = plan.hls.rungs;
  const graph = [`[0:v:0]split=${rungs.length}${rungs.map((_, i) => `[s${i}]`).join("")}`,
    ...rungs.map((r, i) => `[s${i}]scale=w=${r.width}:h=${r.height}:out_range=tv,format=yuv420p[v${i}]`)].join(";");
  return ffmpeg([...hardenedInputArgs(), "-i", src, "-filter_complex", graph, ...rungs.flatMap((_, i) => ["-map", `[v${i}]`]), ...x264(plan),
    ...rungs.flatMap((r, i) => rungArgs(`:v:${i}`, r)), ...hls(out, rungs.map((r, i) => `v:${i},name:${r.name}`).join(" "))]);
}
async function ladderSeparateRuns(plan: RenditionPlan, src: string, out: string): Promise<number> {
  let total = 0;
  for (const r of plan.hls.rungs) {
    total += await ffmpeg([...hardenedInputArgs(), "-i", src, "-map", "0:v:0", "-vf", `scale=w=${r.width}:h=${r.height}:out_range=tv,format=yuv420p`,
      ...x264(plan), ...rungArgs(":v:0", r), ...hls(path.join(out, r.name), `v:0,name:${r.name}`)]);
  }
  return total;
}

async function readObject(storage: Storage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.getStream(key)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * What a player does first with the live preview: the master playlist, its first variant's playlist,
 * that variant's init segment and first media segment — read from the store — and one frame decoded.
 * Throws when any of it is missing or does not decode.
 */
async function playFirstFrameOfPreview(storage: Storage, versionId: string, workDir: string): Promise<void> {
  const master = (await readObject(storage, derivedKey(versionId, PREVIEW_MASTER_PATH))).toString("utf8");
  const variantUri = master.split("\n").find((l) => l.trim() !== "" && !l.startsWith("#"));
  if (!variantUri) throw new Error("the preview's master playlist names no variant");
  const variantPath = path.posix.join("preview", variantUri.trim());
  const variant = parseGrowingPlaylist((await readObject(storage, derivedKey(versionId, variantPath))).toString("utf8"));
  const first = variant.segments[0];
  if (!variant.mapUri || !first) throw new Error("the preview's first variant lists no segment");
  const resolve = (uri: string) => path.posix.normalize(path.posix.join("preview", uri));
  const file = path.join(workDir, `first-${versionId}.mp4`);
  fs.writeFileSync(file, Buffer.concat([await readObject(storage, derivedKey(versionId, resolve(variant.mapUri))), await readObject(storage, derivedKey(versionId, resolve(first.uri)))]));
  await ffmpeg(["-i", file, "-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"]);
  fs.rmSync(file, { force: true });
}

/**
 * Enqueues a version whose master is already in the store and waits for READY, noting when the status
 * first names a preview and when its first frame could be played. Seconds from enqueue.
 */
async function enqueueAndWatch(
  ctx: { db: ReturnType<typeof createDb>["db"]; storage: Storage; projectId: string; userId: string; workDir: string },
  params: { src: string; name: string },
): Promise<{ ready: number; preview: number | null; firstPlayable: number | null }> {
  const size = fs.statSync(params.src).size;
  const upload = await createUpload(ctx.db, ctx.storage, {
    projectId: ctx.projectId, actor: { id: ctx.userId, isAdmin: false }, assetName: params.name, fileName: path.basename(params.src), contentType: "video/quicktime", size,
    limits: { maxBytes: 200 * 1024 ** 3, singlePutMaxBytes: 200 * 1024 ** 3, partBytes: 64 * 1024 ** 2, urlTtlSeconds: 3600 },
  });
  await ctx.storage.putFile(`masters/${ctx.projectId}/${upload.versionId}`, params.src, "video/quicktime");
  const t0 = performance.now();
  const since = () => (performance.now() - t0) / 1000;
  await completeUpload(ctx.db, ctx.storage, { versionId: upload.versionId, actor: { id: ctx.userId, isAdmin: false }, limits: { partBytes: 64 * 1024 ** 2 } });
  let preview: number | null = null;
  let firstPlayable: number | null = null;
  let playing: Promise<void> | null = null;
  for (;;) {
    const [v] = await ctx.db
      .select({ state: versions.processingState, code: versions.errorCode, msg: versions.errorMessage, previewAt: versions.previewPublishedAt })
      .from(versions)
      .where(eq(versions.id, upload.versionId));
    if (v?.state === "READY") break;
    if (v?.state === "ERROR") throw new Error(`pipeline ended in ERROR: ${v.code} ${v.msg}`);
    if (v?.state === "PROCESSING" && v.previewAt && preview === null) {
      preview = since();
      playing = playFirstFrameOfPreview(ctx.storage, upload.versionId, ctx.workDir).then(() => {
        firstPlayable = since();
      });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const ready = since();
  await playing;
  return { ready, preview, firstPlayable };
}

/**
 * CPU seconds of a process from /proc/<pid>/stat: its own (user + system) and its waited-for children's
 * (FFmpeg and ffprobe, for the worker; the bare FFmpeg runs and s3rver's host, for this process).
 */
function cpuSeconds(pid: number | "self"): { own: number; children: number } {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").at(-1)!.split(" ");
  // After "pid (comm) ": state is field 3, so utime..cstime (fields 14–17) are at 11–14 here.
  const tick = (i: number) => Number(fields[i]) / 100;
  return { own: tick(11) + tick(12), children: tick(13) + tick(14) };
}

/** The worker's "ready" log lines: wall time of each phase of the attempt (lib/processing/process-version.ts). */
const phaseLogs: Record<string, number>[] = [];

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/run-worker.ts"], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[worker] ${d}`));
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      for (const line of d.toString().split("\n")) {
        if (line.includes('"msg":"ready"')) phaseLogs.push(JSON.parse(line) as Record<string, number>);
      }
      if (d.toString().includes('"worker started"')) resolve(child);
      if (d.toString().includes('"failed"') || d.toString().includes("transient")) process.stderr.write(`[worker] ${d}`);
    });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => {
      output = (output + d.toString()).slice(-4000);
    });
    child.once("exit", (code) => reject(new Error(`worker exited early (${code}):\n${output}`)));
  });
}

async function main(): Promise<void> {
  await ensureFfmpeg({ log });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-bench-pipeline-"));
  // mkdtemp makes it 0700: as root the worker runs FFmpeg as nobody, who must traverse it to the scratch dir.
  fs.chmodSync(work, 0o711);
  const cleanups: Array<() => Promise<unknown>> = [async () => fs.rmSync(work, { recursive: true, force: true })];
  try {
    const stack = await startBenchStack(work, cleanups, log);
    const { url, s3, storage } = stack;

    const src = path.join(work, "master.mov");
    log(`making ${SECONDS} s of 1080p ProRes 422 HQ 23.976 with PCM and timecode`);
    await ffmpeg(["-f", "lavfi", "-i", `testsrc2=s=1920x1080:r=24000/1001:d=${SECONDS}`, "-f", "lavfi", "-i", `sine=r=48000:d=${SECONDS}`,
      "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", "-c:a", "pcm_s24le", "-timecode", "01:00:00:00", src]);
    const size = fs.statSync(src).size;
    const facts = await probeMedia(src);
    const plan = planRenditions(facts, parseMediaConfig({ x264Preset: PRESET }));
    log(`source ${(size / 1024 ** 2).toFixed(0)} MiB, ${facts.durationSeconds.toFixed(2)} s; preset ${PRESET}; ladder ${plan.hls.rungs.map((r) => r.name).join("/")}`);

    const worker = await startWorker({
      DATABASE_URL: url, S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_FORCE_PATH_STYLE: "true",
      WORKER_SCRATCH_DIR: path.join(work, "scratch"), MEDIA_X264_PRESET: PRESET, WORKER_CONCURRENCY: "1",
    });
    cleanups.push(async () => {
      worker.kill("SIGTERM");
      await new Promise((r) => worker.once("exit", r));
    });

    const ctx = { db: stack.db, storage, projectId: stack.projectId, userId: stack.userId, workDir: work };
    const times: Record<"pipeline" | "bare" | "ladder1" | "ladder3" | "firstPlayable", number[]> = { pipeline: [], bare: [], ladder1: [], ladder3: [], firstPlayable: [] };
    // pipeline: the master is in S3 beforehand (the upload is not the job's cost); timing starts at enqueue.
    // Where the CPU goes during a job, on a host where the store runs beside the worker (Linux only).
    const cpu: { workerNode: number[]; ffmpegInJob: number[]; store: number[]; bare: number[] } = { workerNode: [], ffmpegInJob: [], store: [], bare: [] };
    const hasProc = fs.existsSync("/proc/self/stat") && worker.pid !== undefined;
    const watchPipeline = async (round: number) => {
      const before = hasProc ? { worker: cpuSeconds(worker.pid!), self: cpuSeconds("self") } : null;
      const watched = await enqueueAndWatch(ctx, { src, name: `BENCH_${round}` });
      if (before) {
        const after = { worker: cpuSeconds(worker.pid!), self: cpuSeconds("self") };
        cpu.workerNode.push(after.worker.own - before.worker.own);
        cpu.ffmpegInJob.push(after.worker.children - before.worker.children);
        // This process hosts s3rver (and the 100 ms status poll, and the one-frame decode of the preview).
        cpu.store.push(after.self.own - before.self.own + (after.self.children - before.self.children));
      }
      times.pipeline.push(watched.ready);
      if (watched.firstPlayable !== null) times.firstPlayable.push(watched.firstPlayable);
      log(`round ${round}: first playable frame of the live preview ${watched.firstPlayable?.toFixed(1) ?? "never"} s (preview announced at ${watched.preview?.toFixed(1) ?? "never"} s)`);
      log(`round ${round}: enqueue -> READY ${watched.ready.toFixed(1)} s`);
    };
    for (let round = 1; round <= ROUNDS; round++) {
      if (IS_PREVIEW_ONLY) {
        await watchPipeline(round);
        continue;
      }
      // bare: the job's FFmpeg command on the local file
      const bareOut = path.join(work, `bare-${round}`);
      fs.mkdirSync(bareOut, { recursive: true });
      const bareBefore = hasProc ? cpuSeconds("self").children : 0;
      times.bare.push(await ffmpeg(buildTranscodeArgs(plan, src, bareOut).slice(1)));
      if (hasProc) cpu.bare.push(cpuSeconds("self").children - bareBefore);
      fs.rmSync(bareOut, { recursive: true, force: true });
      log(`round ${round}: bare FFmpeg ${times.bare.at(-1)!.toFixed(1)} s`);

      await watchPipeline(round);

      const l1 = path.join(work, `ladder1-${round}`);
      times.ladder1.push(await ladderOneRun(plan, src, l1));
      fs.rmSync(l1, { recursive: true, force: true });
      const l3 = path.join(work, `ladder3-${round}`);
      times.ladder3.push(await ladderSeparateRuns(plan, src, l3));
      fs.rmSync(l3, { recursive: true, force: true });
      log(`round ${round}: ladder one run ${times.ladder1.at(-1)!.toFixed(1)} s, three runs ${times.ladder3.at(-1)!.toFixed(1)} s`);
    }

    // The long source: watch while it encodes matters most where the wait is longest.
    let long: { seconds: number; ready: number; firstPlayable: number | null } | null = null;
    if (LONG_SECONDS > 0) {
      const longSrc = path.join(work, "long.mp4");
      log(`making ${LONG_SECONDS} s of 720p H.264 23.976 with AAC`);
      await ffmpeg(["-f", "lavfi", "-i", `testsrc2=s=1280x720:r=24000/1001:d=${LONG_SECONDS}`, "-f", "lavfi", "-i", `sine=r=48000:d=${LONG_SECONDS}`,
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p", "-c:a", "aac", longSrc]);
      const watched = await enqueueAndWatch(ctx, { src: longSrc, name: "BENCH_LONG" });
      long = { seconds: LONG_SECONDS, ready: watched.ready, firstPlayable: watched.firstPlayable };
      log(`long source: first playable ${watched.firstPlayable?.toFixed(1) ?? "never"} s, READY ${watched.ready.toFixed(1)} s`);
    }

    const [pipeline, firstPlayable] = [median(times.pipeline), times.firstPlayable.length ? median(times.firstPlayable) : null];
    const d = facts.durationSeconds;
    console.log("");
    const ratioText = (first: number | null, ready: number, target: number) =>
      first === null ? "never playable before READY" : `${first.toFixed(1)} s / ${ready.toFixed(1)} s = ${(first / ready).toFixed(3)} (target <= ${target})`;
    console.log(`Watch while it encodes (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}; ratios within this run):`);
    console.log(`  ${d.toFixed(1)} s 1080p ProRes, first playable frame / enqueue -> READY: ${ratioText(firstPlayable, pipeline, 0.1)}`);
    if (long) console.log(`  ${long.seconds} s 720p H.264, first playable frame / enqueue -> READY: ${ratioText(long.firstPlayable, long.ready, 0.02)}`);
    const previewJson = { firstPlayable, ready: pipeline, ratio: firstPlayable === null ? null : firstPlayable / pipeline, long: long && { ...long, ratio: long.firstPlayable === null ? null : long.firstPlayable / long.ready } };
    if (IS_PREVIEW_ONLY) {
      if (cpu.workerNode.length > 0) {
        console.log(`  CPU seconds during the job (medians): FFmpeg and ffprobe ${median(cpu.ffmpegInJob).toFixed(1)}, the worker's own Node.js ${median(cpu.workerNode).toFixed(1)}, ` +
          `s3rver and this benchmark ${median(cpu.store).toFixed(1)}`);
      }
      console.log(JSON.stringify({ preset: PRESET, preview: previewJson, load: os.loadavg()[0] }));
      return;
    }
    const [bare, ladder1, ladder3] = [median(times.bare), median(times.ladder1), median(times.ladder3)];
    console.log(`${d.toFixed(1)} s 1080p ProRes 422 HQ 23.976, ${(size / 1024 ** 2).toFixed(0)} MiB, preset ${PRESET}, ${ROUNDS} round(s), medians; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}:`);
    console.log(`  enqueue -> READY (worker, S3, SHA-256, probe, FFmpeg, QC, upload): ${pipeline.toFixed(1)} s = ${(d / pipeline).toFixed(2)} media s per wall s`);
    console.log(`  bare FFmpeg, same command, local file:                            ${bare.toFixed(1)} s = ${(d / bare).toFixed(2)} media s per wall s`);
    console.log(`  ratio pipeline / bare: ${(pipeline / bare).toFixed(2)} (target <= 1.10)`);
    const last = phaseLogs.at(-1);
    if (last) {
      const s = (k: string) => `${((last[k] ?? 0) / 1000).toFixed(1)} s`;
      // The download overlaps probe and FFmpeg (lib/processing/master-feed.ts): its figure is when it ended.
      console.log(`  last attempt's phases: probe done ${s("probeMs")} after the claim, preview published at ${s("firstPreviewMs")}, download+SHA-256 done at ${s("downloadMs")} (overlapping), ` +
        `FFmpeg ${s("ffmpegMs")} (transcode+QC ${s("transcodeAndQcMs")}), upload ${s("uploadMs")}, READY transaction ${s("readyMs")}`);
    }
    if (cpu.bare.length > 0 && cpu.ffmpegInJob.length > 0) {
      console.log(`  CPU seconds (medians): bare FFmpeg ${median(cpu.bare).toFixed(1)}; during the job: FFmpeg and ffprobe ${median(cpu.ffmpegInJob).toFixed(1)}, ` +
        `the worker's own Node.js (download, SHA-256, feed, uploads) ${median(cpu.workerNode).toFixed(1)}, s3rver and this benchmark ${median(cpu.store).toFixed(1)}`);
    }
    console.log(`  HLS ladder ${plan.hls.rungs.map((r) => r.name).join("/")}: one run ${ladder1.toFixed(1)} s, three runs ${ladder3.toFixed(1)} s, three / one = ${(ladder3 / ladder1).toFixed(2)}`);
    console.log(JSON.stringify({ seconds: d, preset: PRESET, pipeline, bare, ratio: pipeline / bare, ladder1, ladder3, preview: previewJson, load: os.loadavg()[0] }));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.error("[bench:pipeline] cleanup:", err));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
