import { existsSync } from "node:fs";
import { open, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MediaError } from "./errors";
import { buildProbeArgs, probeMedia } from "./ffprobe";
import { hardenedInputArgs } from "./input-hardening";
import { runProcess } from "./run-process";
import { ffmpegFixture, fastConfig, makeTempDir } from "./test-media";
import { transcodeToRenditions } from "./transcode-to-renditions";

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "no error";
  } catch (e) {
    return e instanceof MediaError ? e.code : `not a MediaError: ${String(e)}`;
  }
}

let tmp: { dir: string; cleanup: () => Promise<void> };
let other: string;
beforeAll(async () => {
  tmp = await makeTempDir("hostile");
  // The "victim": another local media file next to the upload, 176x144 so its streams are recognisable.
  other = join(tmp.dir, "other.mp4");
  await ffmpegFixture(["-f", "lavfi", "-i", "testsrc=s=176x144:r=25:d=1", "-c:v", "libx264", "-preset", "ultrafast", other]);
});
afterAll(async () => {
  await tmp.cleanup();
});

const hasStrace = existsSync("/usr/bin/strace");

/** Files a command opened, traced with strace (the test skips this part where strace is missing). */
async function openedFiles(command: string, args: string[]): Promise<string[]> {
  const log = join(tmp.dir, `strace-${Date.now()}.log`);
  await runProcess("strace", ["-f", "-qq", "-e", "trace=openat,open", "-o", log, command, ...args], { timeoutMs: 60_000 });
  return (await readFile(log, "utf8")).split("\n").filter((l) => !/ENOENT/.test(l));
}

describe("hostile and broken uploads", () => {
  it("refuses a text file named .mp4 as corrupt_input", async () => {
    const f = join(tmp.dir, "text.mp4");
    await writeFile(f, "this is not a movie\n".repeat(100));
    expect(await errorCode(probeMedia(f))).toBe("corrupt_input");
  });

  it("refuses a zero-length file as corrupt_input", async () => {
    const f = join(tmp.dir, "empty.mov");
    await writeFile(f, "");
    expect(await errorCode(probeMedia(f))).toBe("corrupt_input");
  });

  it("refuses an MP4 whose moov was lost (truncated upload) as corrupt_input", async () => {
    const full = join(tmp.dir, "full.mp4");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc=s=320x240:r=25:d=2", "-c:v", "libx264", "-preset", "ultrafast", full]);
    const bytes = await readFile(full);
    const cut = join(tmp.dir, "cut.mp4");
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await errorCode(probeMedia(cut))).toBe("corrupt_input");
  });

  for (const [label, name, content] of [
    ["an HLS playlist", "upload.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\nother.mp4\n#EXT-X-ENDLIST\n"],
    ["an ffconcat list", "list.mp4", "ffconcat version 1.0\nfile other.mp4\n"],
  ] as const) {
    it(`refuses ${label} pointing at another local media file, without opening it`, async () => {
      const upload = join(tmp.dir, name);
      await writeFile(upload, content);
      // Without the format whitelist FFmpeg follows it (docs/measurements.md): the danger is real on this FFmpeg.
      const plain = await runProcess("ffprobe", ["-v", "error", "-protocol_whitelist", "file", "-show_streams", "-of", "csv", upload], {
        timeoutMs: 30_000, collectStdout: true,
      });
      expect(plain.stdout).toContain("176");

      const err = await probeMedia(upload).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MediaError);
      expect((err as MediaError).code).toBe("corrupt_input");
      expect((err as MediaError).logTail).toMatch(/not on whitelist/);

      // The transcode's own input is hardened too (a caller that skipped the probe).
      const facts = await probeMedia(other);
      expect(await errorCode(transcodeToRenditions({ inputPath: upload, workDir: join(tmp.dir, `${name}-out`), facts, config: fastConfig }))).toBe("corrupt_input");

      if (hasStrace) {
        const probeOpens = await openedFiles("ffprobe", buildProbeArgs(upload));
        expect(probeOpens.some((l) => l.includes(name))).toBe(true);
        expect(probeOpens.some((l) => l.includes("other.mp4"))).toBe(false);
        const ffmpegOpens = await openedFiles("ffmpeg", ["-nostdin", ...hardenedInputArgs(), "-i", upload, "-f", "null", "-"]);
        expect(ffmpegOpens.some((l) => l.includes("other.mp4"))).toBe(false);
      } else {
        console.warn("strace not installed: checked FFmpeg's refusal, not the absence of the open() call");
      }
    });
  }

  it("calls an H.264 MP4 with bytes flipped mid-stream corrupt_input, though ffprobe reads it", async () => {
    const src = join(tmp.dir, "flip.mp4");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "250", src]);
    const size = (await readFile(src)).length;
    // moov is at the end (no faststart): the middle of the file is mdat, i.e. slice data.
    const fh = await open(src, "r+");
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i += 1) junk[i] = (i * 7919 + 13) % 256;
    await fh.write(junk, 0, junk.length, Math.floor(size * 0.4));
    await fh.close();
    const facts = await probeMedia(src);
    expect(facts.video?.codec).toBe("h264");
    const err = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "flip-out"), facts, config: fastConfig }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe("corrupt_input");
    expect((err as MediaError).logTail.length).toBeGreaterThan(0);
  });
});

describe("containment of FFmpeg (issue 10 #3)", () => {
  it("refuses a codec outside the decoder whitelist as unsupported_codec, naming it, before any decoder of it runs", async () => {
    // Cinepak: FFmpeg decodes it, no production delivers it, and legacy decoders are where bugs live.
    const src = join(tmp.dir, "cinepak.mov");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=d=1:s=320x240:r=25", "-c:v", "cinepak", src]);
    const err = await probeMedia(src).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe("unsupported_codec");
    expect((err as MediaError).message).toMatch(/cinepak/);
  });

  it("stops FFmpeg at the per-file size limit with limit_exceeded (SIGXFSZ), not a retried internal error", async () => {
    const src = join(tmp.dir, "big-enough.mp4");
    await ffmpegFixture(["-f", "lavfi", "-i", "testsrc2=d=4:s=640x360:r=25", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", src]);
    const facts = await probeMedia(src);
    const config = { ...fastConfig, sandbox: { ...fastConfig.sandbox, maxFileBytes: 20_000 } };
    const err = await transcodeToRenditions({ inputPath: src, workDir: join(tmp.dir, "fsize-out"), facts, config }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).code).toBe("limit_exceeded");
  });
});
