import { MediaError, classifyFfmpegFailure, firstErrorLine, type MediaErrorCode } from "./errors";
import { uploadInputArgs } from "./input-hardening";
import type { MediaFacts } from "./ffprobe";
import { runProcess, SpawnError, type ProcessSandbox } from "./run-process";

/**
 * Who is at fault when a transcode fails: the file or us. Our FFmpeg graph, muxer options and limits can
 * fail on a perfectly good file (a 0.3 s clip once did: the sprite branch got no frame), and telling a
 * producer "your file is damaged" then sends them to re-export for nothing. So before saying "damaged",
 * the source alone is decoded — no filters, no encoders, no muxers: `ffmpeg -xerror -i SOURCE -f null -`,
 * the very check a producer or a support engineer would run. Only if *that* fails is the file to blame.
 */

export type SourceDiagnosis =
  | { isClean: true }
  | {
      isClean: false;
      code: Extract<MediaErrorCode, "corrupt_input" | "unsupported_codec">;
      /** Seconds of the source decoded before the first error, at least (the last -progress report), when known. */
      decodedSeconds: number | null;
      /** The first error line FFmpeg printed, for the message. */
      firstError: string;
      logTail: string;
    };

/** The exact arguments of the diagnosis decode (exported for tests and docs). */
export function buildDiagnosisArgs(inputPath: string, facts: Pick<MediaFacts, "video" | "audio">, threads: number): string[] {
  const maps: string[] = [];
  if (facts.video) maps.push("-map", `0:${facts.video.streamIndex}`);
  if (facts.audio) maps.push("-map", `0:${facts.audio.streamIndex}`);
  return [
    "-hide_banner", "-nostdin", "-v", "error", "-xerror",
    // A report every 0.1 s of wall time: FFmpeg exits on the first error without a final report, so the
    // last periodic one is a lower bound on how far the decode got.
    "-progress", "pipe:1", "-stats_period", "0.1", "-nostats",
    "-threads", String(threads),
    ...uploadInputArgs(inputPath),
    "-i", inputPath,
    ...maps,
    "-f", "null", "-",
  ];
}

/**
 * Decodes the streams the pipeline reads, and nothing else. Throws MediaError `timeout` on deadline or
 * abort and `internal` when FFmpeg cannot be started; otherwise returns what it found.
 */
export async function diagnoseSource(
  inputPath: string,
  facts: Pick<MediaFacts, "video" | "audio">,
  options: { timeoutMs: number; signal?: AbortSignal; threads?: number; ffmpegPath?: string; sandbox?: ProcessSandbox },
): Promise<SourceDiagnosis> {
  let lastOutUs: number | null = null;
  let result;
  try {
    result = await runProcess(options.ffmpegPath ?? "ffmpeg", buildDiagnosisArgs(inputPath, facts, options.threads ?? 0), {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      tailLines: 30,
      sandbox: options.sandbox,
      onStdoutLine: (line) => {
        const m = /^out_time_us=(\d+)$/.exec(line.trim());
        if (m?.[1]) lastOutUs = Number(m[1]);
      },
    });
  } catch (err) {
    if (err instanceof SpawnError) throw new MediaError("internal", err.message, { cause: err });
    throw err;
  }
  if (result.timedOut || result.aborted) {
    throw new MediaError("timeout", "Checking whether the source decodes took too long and was stopped.", { logTail: result.stderrTail });
  }
  const log = `${result.stderrHead}\n${result.stderrTail}`.trim();
  if (result.exitCode === 0 && result.stderrLineCount === 0) return { isClean: true };
  const classified = classifyFfmpegFailure(result.exitCode, log, "corrupt_input");
  return {
    isClean: false,
    code: classified === "unsupported_codec" ? "unsupported_codec" : "corrupt_input",
    decodedSeconds: lastOutUs === null ? null : lastOutUs / 1e6,
    firstError: firstErrorLine(log),
    logTail: result.stderrTail,
  };
}

/**
 * The error a failed transcode ends in, once the source itself has been decoded: `pipeline_failed` when
 * the source decodes cleanly (our fault, said so), else `corrupt_input` / `unsupported_codec` with how far
 * the decode got. `failure` is the transcode's own error; its log is kept below the diagnosis.
 */
export function errorAfterDiagnosis(
  diagnosis: SourceDiagnosis,
  failure: MediaError,
  context: { durationSeconds: number; codec: string | null; step: string },
): MediaError {
  if (diagnosis.isClean) {
    return new MediaError(
      "pipeline_failed",
      `AXIOM could not ${context.step}, although the file itself decodes cleanly: this is a fault in our processing, not in your file. ` +
        "Do not re-export it; an administrator can see the log, and Retry will run it again after a fix.",
      { logTail: failure.logTail, failedChecks: failure.failedChecks, cause: failure },
    );
  }
  const logTail = [`--- decoding the source alone (ffmpeg -xerror -i SOURCE -f null -) ---`, diagnosis.logTail, `--- the failed step ---`, failure.logTail].join("\n");
  if (diagnosis.code === "unsupported_codec") {
    return new MediaError(
      "unsupported_codec",
      `FFmpeg cannot decode this file's ${context.codec ?? "media"} stream (${diagnosis.firstError || "no decoder"}). ` +
        "Export it in a codec FFmpeg reads (ProRes, DNxHR, H.264, HEVC) and upload it again.",
      { logTail, cause: failure },
    );
  }
  const where =
    diagnosis.decodedSeconds !== null && diagnosis.decodedSeconds >= 0.1 && context.durationSeconds > 0
      ? `decoding fails after ${diagnosis.decodedSeconds.toFixed(1)} s or more of its ${context.durationSeconds.toFixed(1)} s`
      : "decoding fails";
  return new MediaError(
    "corrupt_input",
    `The file is damaged: ${where} (${diagnosis.firstError || "decoder error"}). ` +
      "Copy or export it again from the original media and upload the new file.",
    { logTail, cause: failure },
  );
}
