import { existsSync } from "node:fs";
import path from "node:path";
import type { FrameRate } from "@/lib/timecode";
import { runFfmpeg } from "./ffmpeg";
import { hardenedInputArgs, mp4FormatWhitelist } from "./input-hardening";
import type { ProcessSandbox } from "./run-process";

/**
 * Exact single frames of AXIOM's own H.264 proxy as JPEG files: the pure FFmpeg layer of the notes
 * PDF (lib/exports). Knows paths, URLs and options only.
 *
 * One FFmpeg run per frame with input seeking (`-ss` before `-i`): FFmpeg jumps to the keyframe
 * before the time and decodes forward, dropping every frame that starts before it, so the first
 * frame out is the first one starting at or after the seek time. Seeking to half a frame *before*
 * frame N therefore yields exactly frame N whatever the float error (frame N starts at N·den/num,
 * frame N-1 half a frame earlier than the seek). Reading the proxy over HTTP(S) (a presigned URL)
 * costs a few range requests per frame instead of downloading a feature-length proxy.
 */
export interface ExtractFramesOptions {
  /** The proxy: a local path or a presigned http(s) URL. */
  input: string;
  /** 0-based frame numbers on the proxy's (= the version's) frame grid; duplicates are grabbed once. */
  frames: readonly number[];
  rate: FrameRate;
  outDir: string;
  /** Widest thumbnail, in pixels (kept when the proxy is narrower). */
  maxWidth?: number;
  sandbox?: ProcessSandbox;
  signal?: AbortSignal;
  /** Per frame. */
  timeoutMs?: number;
}

/** 480 px: sharp at the ~3 inch width the PDF prints a thumbnail at (about 160 dpi). */
const DEFAULT_MAX_WIDTH = 480;
/** Seeking over HTTP plus decoding up to one GOP of 1080p: a second or two; 60 s is for a busy host. */
const DEFAULT_FRAME_TIMEOUT_MS = 60_000;

/** The time to seek to for exactly `frame`: half a frame before its start (see the module comment). */
export function seekSecondsForFrame(frame: number, rate: FrameRate): number {
  return Math.max(0, ((frame - 0.5) * rate.den) / rate.num);
}

export function buildFrameGrabArgs(params: { input: string; frame: number; rate: FrameRate; outPath: string; maxWidth: number }): string[] {
  const isRemote = /^https?:\/\//.test(params.input);
  // Our own proxy only: MP4 demuxer, H.264 decoder; the network protocols only when it is a URL.
  const protocols = isRemote ? "http,https,tcp,tls" : "file";
  return [
    ...hardenedInputArgs(mp4FormatWhitelist, protocols, "h264"),
    "-ss",
    seekSecondsForFrame(params.frame, params.rate).toFixed(6),
    "-i",
    params.input,
    "-map",
    "0:v:0",
    "-frames:v",
    "1",
    // Never upscale; even height for the JPEG encoder's 4:2:0.
    "-vf",
    `scale=w='min(iw,${params.maxWidth})':h=-2`,
    "-q:v",
    "3",
    "-y",
    params.outPath,
  ];
}

/**
 * Grabs each frame into `outDir/frame-<N>.jpg`. Returns frame → path for every frame FFmpeg wrote
 * a picture for; a frame past the proxy's end yields no picture (and no entry) rather than an error.
 * Throws MediaError when FFmpeg fails (timeout, abort, a broken proxy).
 */
export async function extractFrames(options: ExtractFramesOptions): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  for (const frame of [...new Set(options.frames)].sort((a, b) => a - b)) {
    const outPath = path.join(options.outDir, `frame-${frame}.jpg`);
    await runFfmpeg(
      buildFrameGrabArgs({ input: options.input, frame, rate: options.rate, outPath, maxWidth: options.maxWidth ?? DEFAULT_MAX_WIDTH }),
      { timeoutMs: options.timeoutMs ?? DEFAULT_FRAME_TIMEOUT_MS, signal: options.signal, reads: "own_files", sandbox: options.sandbox },
    );
    if (existsSync(outPath)) result.set(frame, outPath);
  }
  return result;
}
