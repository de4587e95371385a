import { createHash } from "node:crypto";
import { cp, open, readFile, rm, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transcodeOutputs } from "./ffmpeg";
import { probeMedia } from "./ffprobe";
import { parseMediaPlaylist, runQc, type ProxyDecodeScope } from "./qc";
import { runProcess } from "./run-process";
import type { RenditionPlan } from "./rendition-plan";
import { ffmpegFixture, fastConfig, makeTempDir } from "./test-media";
import { transcodeToRenditions } from "./transcode-to-renditions";

/**
 * Does the cheap QC (every packet read without decoding, the proxy compared packet by packet with the rung
 * it was copied from, the first and last GOP decoded) catch every fault the full decode of the proxy caught?
 * Real renditions of a generated 720p source, one fault injected per copy, both checks run on each copy
 * (docs/processing.md, "QC without a second decode").
 */

let tmp: { dir: string; cleanup: () => Promise<void> };
let plan: RenditionPlan;
let cleanDir: string;

beforeAll(async () => {
  tmp = await makeTempDir("qc-faults");
  const src = join(tmp.dir, "source.mp4");
  await ffmpegFixture([
    "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=24000/1001:d=9",
    "-f", "lavfi", "-i", "sine=f=440:r=48000:d=9",
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", src,
  ]);
  cleanDir = join(tmp.dir, "clean");
  const result = await transcodeToRenditions({ inputPath: src, workDir: cleanDir, facts: await probeMedia(src), config: fastConfig });
  plan = result.plan;
}, 240_000);

afterAll(async () => {
  await tmp.cleanup();
});

/** Deterministic "random" bytes: a run is repeatable, and no byte pattern happens to be valid data. */
function noise(length: number): Buffer {
  const chunks: Buffer[] = [];
  let seed = Buffer.from("axiom-qc-fault");
  while (chunks.length * 32 < length) {
    seed = createHash("sha256").update(seed).digest();
    chunks.push(seed);
  }
  return Buffer.concat(chunks).subarray(0, length);
}

async function overwrite(path: string, at: number, bytes: Buffer): Promise<void> {
  const file = await open(path, "r+");
  try {
    await file.write(bytes, 0, bytes.length, at);
  } finally {
    await file.close();
  }
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** The path of the middle media segment of a rung. */
async function middleSegment(dir: string, rungName: string): Promise<string> {
  const playlistPath = transcodeOutputs(plan, dir).hlsPlaylist(rungName);
  const segments = parseMediaPlaylist(await readFile(playlistPath, "utf8")).uris.filter((u) => u.endsWith(".m4s"));
  const middle = segments[Math.floor(segments.length / 2)];
  if (!middle) throw new Error(`no segments in ${rungName}`);
  return join(playlistPath, "..", middle);
}

function twinName(): string {
  const twin = plan.proxy.twinRungName;
  if (twin === null) throw new Error("the plan has no twin rung");
  return twin;
}

function otherRungName(): string {
  const other = plan.hls.rungs.find((r) => r.name !== plan.proxy.twinRungName);
  if (!other) throw new Error("the plan has a single rung");
  return other.name;
}

const faults: { name: string; inject: (dir: string) => Promise<void> }[] = [
  {
    name: "proxy: 4 KiB of noise in the middle of its media data",
    inject: async (dir) => {
      const proxy = transcodeOutputs(plan, dir).proxy;
      await overwrite(proxy, Math.floor((await sizeOf(proxy)) * 0.6), noise(4096));
    },
  },
  {
    name: "proxy: cut at 70 % (a lost write)",
    inject: async (dir) => {
      const proxy = transcodeOutputs(plan, dir).proxy;
      await truncate(proxy, Math.floor((await sizeOf(proxy)) * 0.7));
    },
  },
  {
    name: "proxy: its last 4 KiB zeroed",
    inject: async (dir) => {
      const proxy = transcodeOutputs(plan, dir).proxy;
      await overwrite(proxy, (await sizeOf(proxy)) - 4096, Buffer.alloc(4096));
    },
  },
  {
    name: "proxy: one frame short (remuxed without its last frame)",
    inject: async (dir) => {
      const proxy = transcodeOutputs(plan, dir).proxy;
      const shortened = `${proxy}.short.mp4`;
      const frames = plan.video?.frameCount ?? 0;
      await ffmpegFixture(["-i", proxy, "-map", "0", "-c", "copy", "-frames:v", String(frames - 1), "-movflags", "+faststart", shortened]);
      await cp(shortened, proxy);
      await rm(shortened);
    },
  },
  {
    name: "proxy's rung: a middle segment cut in half",
    inject: async (dir) => {
      const segment = await middleSegment(dir, twinName());
      await truncate(segment, Math.floor((await sizeOf(segment)) / 2));
    },
  },
  {
    name: "proxy's rung: 4 KiB of noise in a middle segment",
    inject: async (dir) => {
      const segment = await middleSegment(dir, twinName());
      await overwrite(segment, Math.floor((await sizeOf(segment)) / 2), noise(4096));
    },
  },
  {
    name: "another rung: a middle segment cut in half",
    inject: async (dir) => {
      const segment = await middleSegment(dir, otherRungName());
      await truncate(segment, Math.floor((await sizeOf(segment)) / 2));
    },
  },
];

/** The check the cheap one replaces: `ffmpeg -xerror` decoding every frame of the proxy, any error line failing it. */
async function wholeProxyDecodeFails(dir: string): Promise<boolean> {
  const r = await runProcess("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", transcodeOutputs(plan, dir).proxy, "-f", "null", "-"], {
    timeoutMs: 120_000,
    tailLines: 5,
  });
  return r.exitCode !== 0 || r.stderrTail !== "";
}

async function qcFailures(dir: string, proxyDecode: ProxyDecodeScope): Promise<{ failed: string[] }> {
  const report = await runQc(plan, transcodeOutputs(plan, dir), { proxyDecode, sandbox: fastConfig.sandbox });
  return { failed: report.failed };
}

describe("QC against injected faults (real renditions, real FFmpeg)", () => {
  it("passes the clean renditions with either decode scope", async () => {
    expect(plan.proxy.twinRungName).toBe("720p");
    expect(plan.hls.rungs.map((r) => r.name)).toEqual(["720p", "360p"]);
    expect((await qcFailures(cleanDir, "whole")).failed).toEqual([]);
    expect((await qcFailures(cleanDir, "first_and_last_gop")).failed).toEqual([]);
  });

  it("the cheap check fails every fault, including every one that decoding the whole proxy fails", async () => {
    const rows: { fault: string; "decoding the whole proxy fails": boolean; "cheap QC fails": string }[] = [];
    for (const [i, fault] of faults.entries()) {
      const dir = join(tmp.dir, `fault-${i}`);
      await cp(cleanDir, dir, { recursive: true });
      await fault.inject(dir);
      const decodeFails = await wholeProxyDecodeFails(dir);
      const cheap = await qcFailures(dir, "first_and_last_gop");
      rows.push({ fault: fault.name, "decoding the whole proxy fails": decodeFails, "cheap QC fails": cheap.failed.join(", ") });
      await rm(dir, { recursive: true, force: true });
      // Every injected fault is a fault: the cheap QC fails each one, whatever the full decode said.
      expect(cheap.failed.length, fault.name).toBeGreaterThan(0);
    }
    // Printed for docs/processing.md: which checks name which fault.
    console.table(rows);
    // The baseline is not blind: decoding the whole proxy fails the three damaged proxies; it passes the
    // proxy one frame short (the frame count catches that, before as now) and the rung faults, which it
    // never read.
    expect(rows.map((r) => r["decoding the whole proxy fails"])).toEqual([true, true, true, false, false, false, false]);
  });
});
