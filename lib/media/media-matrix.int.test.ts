import { appendFileSync, existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { MediaError } from "./errors";
import { probeMedia } from "./ffprobe";
import { type MatrixCase, type ReadyExpectation, allMatrixCases, checkedWarnings, coreMatrixCases, generateCase } from "./media-matrix";
import { formatRational } from "./rational";
import { runProcess } from "./run-process";
import { ffprobeJson, fastConfig, makeTempDir } from "./test-media";
import { type TranscodeResult, transcodeToRenditions } from "./transcode-to-renditions";

/**
 * The media matrix (issue 8 item 5; cases in media-matrix.ts). `npm test` runs the fixed core set;
 * `npm run test:media-matrix` (MEDIA_MATRIX=full) the whole product. MEDIA_MATRIX_FILTER=<regexp> narrows
 * either to the ids it matches; MEDIA_MATRIX_REPORT=<file> appends a line per finished case (the full run is long).
 */

const isFull = process.env["MEDIA_MATRIX"] === "full";
const filter = process.env["MEDIA_MATRIX_FILTER"] ? new RegExp(process.env["MEDIA_MATRIX_FILTER"]) : null;
const cases = (isFull ? allMatrixCases() : coreMatrixCases()).filter((c) => !filter || filter.test(c.id));
/** MEDIA_MATRIX_REPORT=<file>: one line per finished case (id, pass/fail, ms, first error), for long runs. */
const reportFile = process.env["MEDIA_MATRIX_REPORT"];

/**
 * Proxy luma of HDR sources, 8-bit TV range, averaged over the clip (signalstats YAVG / YLOW).
 *
 * Measured on this content (testsrc2, SDR white at 100 nits; FFmpeg 5.1):
 * - the SDR BT.709 version's proxy (case hdr-sdr-reference-h264-mp4): mean 122, YLOW (10th percentile) 32;
 * - the HDR files shown without tone mapping (10-bit → 8-bit, BT.709 assumed: "flat and grey"): PQ mean 97,
 *   YLOW 59; HLG mean 103, YLOW 49;
 * - tone-mapped with zscale + tonemap to BT.709: hable mean 83 / YLOW 28, mobius 108 / 33, reinhard 102 / 32,
 *   clip 123 / 35.
 * So the mean must sit in the SDR norm around the reference (70–150: every tone-mapper above, the reference
 * and ordinary SDR programme levels), and since the grey untone-mapped picture's mean falls in that range too,
 * its black level is what tells it apart: YLOW at most 42 (SDR 32, tone-mapped 28–35, grey 49–59).
 */
const SDR_MEAN_LUMA = { min: 70, max: 150 };
const SDR_MAX_BLACK_LEVEL = 42;

const proxyStreamsSchema = z.object({
  streams: z.array(
    z.looseObject({
      codec_type: z.string(),
      codec_tag_string: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      r_frame_rate: z.string().optional(),
      nb_frames: z.string().optional(),
      tags: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

async function lumaStats(path: string): Promise<{ mean: number; low: number; frames: number }> {
  const r = await runProcess(
    "ffmpeg",
    ["-hide_banner", "-nostdin", "-v", "error", "-i", path, "-vf", "signalstats,metadata=print:file=-", "-f", "null", "-"],
    { timeoutMs: 60_000, collectStdout: true },
  );
  if (r.exitCode !== 0) throw new Error(`signalstats failed: ${r.stderrTail}`);
  const values = (key: string) => [...r.stdout.matchAll(new RegExp(`lavfi\\.signalstats\\.${key}=([\\d.]+)`, "g"))].map((m) => Number(m[1]));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const yavg = values("YAVG");
  return { mean: avg(yavg), low: avg(values("YLOW")), frames: yavg.length };
}

/** `ffmpeg -xerror -i FILE -f null -`: the decode the "damaged" verdict must agree with. */
async function decodesCleanly(path: string): Promise<{ clean: boolean; log: string }> {
  const r = await runProcess("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", path, "-f", "null", "-"], {
    timeoutMs: 120_000,
  });
  return { clean: r.exitCode === 0 && r.stderrTail.trim() === "", log: r.stderrTail };
}

function describeError(err: unknown): string {
  if (err instanceof MediaError) return `MediaError ${err.code}: ${err.message}\n--- log tail ---\n${err.logTail.split("\n").slice(-25).join("\n")}`;
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err);
}

async function checkReady(c: MatrixCase, expected: ReadyExpectation, result: TranscodeResult): Promise<void> {
  const { facts, plan } = result;
  const kinds = result.renditions.map((r) => r.kind);
  const proxy = result.renditions.find((r) => r.kind === "proxy_mp4");
  const hls = result.renditions.find((r) => r.kind === "hls");
  expect(proxy && existsSync(proxy.path), "proxy exists").toBe(true);
  expect(hls && existsSync(hls.path), "HLS master exists").toBe(true);
  expect.soft(facts.audioTrackCount, "audio tracks").toBe(expected.audioTrackCount);
  expect.soft(facts.startTimecode, "start timecode").toBe(expected.startTimecode);

  const warningCodes = result.warnings.map((w) => w.code);
  for (const code of checkedWarnings) {
    if (expected.mayWarn?.includes(code)) continue;
    const want = expected.warnings.includes(code);
    expect.soft(warningCodes.includes(code), `warning ${code} ${want ? "present" : "absent"} (got ${JSON.stringify(result.warnings)})`).toBe(want);
  }

  // Every source with sound has a waveform (a track with no packets too: a flat one); a silent one none.
  expect.soft(kinds.includes("waveform"), `waveform iff ${expected.audioTrackCount} audio track(s)`).toBe(expected.audioTrackCount > 0);

  const streams = proxyStreamsSchema.parse(await ffprobeJson(proxy?.path ?? "", ["-show_streams"])).streams;
  const pv = streams.find((s) => s.codec_type === "video");
  if (expected.video === null) {
    expect.soft(facts.video, "no picture").toBeNull();
    expect.soft(pv, "audio-only proxy has no video").toBeUndefined();
    expect.soft(kinds, "audio-only renditions").toContain("waveform");
    return;
  }
  const ev = expected.video;
  expect.soft(facts.video?.rotation, "rotation").toBe(ev.rotation);
  expect.soft(plan.video?.frameCount, "plan frame count").toBe(ev.frameCount);
  expect.soft(plan.video ? formatRational(plan.video.frameRate) : null, "plan frame rate").toBe(ev.frameRate);
  expect.soft([plan.proxy.video?.width, plan.proxy.video?.height], "plan proxy size (displayed)").toEqual([ev.width, ev.height]);
  expect.soft(
    { nb_frames: pv?.nb_frames, r_frame_rate: pv?.r_frame_rate, width: pv?.width, height: pv?.height },
    "proxy stream",
  ).toEqual({ nb_frames: String(ev.frameCount), r_frame_rate: ev.frameRate, width: ev.width, height: ev.height });
  if (expected.startTimecode) {
    const tmcd = streams.find((s) => s.codec_tag_string === "tmcd");
    expect.soft(tmcd?.tags?.["timecode"], "proxy tmcd timecode").toBe(expected.startTimecode);
  }

  const poster = result.renditions.find((r) => r.kind === "poster");
  expect.soft(poster && existsSync(poster.path), "poster exists").toBe(true);
  const sprite = result.renditions.find((r) => r.kind === "sprite");
  expect.soft(sprite && existsSync(sprite.path), "sprite exists").toBe(true);
  expect.soft(plan.sprite?.count ?? 0, "sprite tiles").toBeGreaterThanOrEqual(1);

  if (expected.hdr !== null || c.id.startsWith("hdr-")) {
    const luma = await lumaStats(proxy?.path ?? "");
    expect.soft(luma.frames, "luma frames measured").toBe(ev.frameCount);
    expect.soft(luma.mean, `proxy mean luma ${luma.mean.toFixed(1)} within SDR norms`).toBeGreaterThanOrEqual(SDR_MEAN_LUMA.min);
    expect.soft(luma.mean, `proxy mean luma ${luma.mean.toFixed(1)} within SDR norms`).toBeLessThanOrEqual(SDR_MEAN_LUMA.max);
    expect.soft(luma.low, `proxy black level (YLOW ${luma.low.toFixed(1)}) not lifted to grey`).toBeLessThanOrEqual(SDR_MAX_BLACK_LEVEL);
  }
}

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir("matrix");
});
afterAll(async () => {
  await tmp?.cleanup();
});

describe(`media matrix (${isFull ? "full" : "core"}: ${cases.length} cases)`, () => {
  for (const c of cases) {
    const title = c.expect.outcome === "error" ? `${c.id} → ${c.expect.code}` : `${c.id} → READY`;
    it(title, { timeout: 300_000 }, async ({ onTestFinished }) => {
      const started = Date.now();
      if (reportFile) {
        onTestFinished(({ task }) => {
          const first = (task.result?.errors?.[0]?.message ?? "").split("\n")[0]?.slice(0, 300) ?? "";
          appendFileSync(reportFile, `${c.id}\t${task.result?.state ?? "?"}\t${Date.now() - started}\t${first}\n`);
        });
      }
      const path = await generateCase(c, tmp.dir);
      const workDir = join(tmp.dir, `${c.id}.out`);
      let result: TranscodeResult | null = null;
      let error: unknown = null;
      try {
        const facts = await probeMedia(path);
        result = await transcodeToRenditions({ inputPath: path, workDir, facts, config: fastConfig });
      } catch (e) {
        error = e;
      }
      try {
        // Never "damaged" for a file FFmpeg itself decodes cleanly.
        if (error instanceof MediaError && /damaged/i.test(error.message)) {
          const decode = await decodesCleanly(path);
          expect(decode.clean, `says "damaged" but ffmpeg -xerror decodes ${c.fileName} cleanly: ${error.message}`).toBe(false);
        }
        if (c.expect.outcome === "error") {
          expect(error, result ? "READY, expected an error" : describeError(error)).toBeInstanceOf(MediaError);
          expect((error as MediaError).code, describeError(error)).toBe(c.expect.code);
          return;
        }
        if (result === null) throw new Error(`expected READY, got ${describeError(error)}`);
        await checkReady(c, c.expect, result);
      } finally {
        await rm(workDir, { recursive: true, force: true });
        if (isFull) await rm(path, { force: true });
      }
    });
  }
});
