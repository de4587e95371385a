import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { promisify } from "node:util";
import type { APIRequestContext, Page } from "@playwright/test";
import { createUserViaApi } from "../fixtures";

const run = promisify(execFile);

/**
 * Frame-numbered test media. Every frame carries its own frame number as a 4×4 grid of black/white
 * cells (bit i = cell i, row-major from the top left; white = 1), so a test can read back which
 * source frame a player is showing from the pixels alone. Cells are a quarter of the picture on each
 * side: they survive H.264 at every ladder rung (the smallest cell at 360p is 160×90 px) and the
 * decoder samples only each cell's centre, far from compression ringing at the edges.
 */
export const FRAME_CODE = { columns: 4, rows: 4, bits: 16, width: 640, height: 360 } as const;

export interface TestRate {
  /** "23.976" or "29.97 DF": names the run in test titles. */
  name: string;
  num: number;
  den: number;
  dropFrame: boolean;
  /** Start timecode written into the file (tmcd track). */
  startTimecode: string;
}

export const RATE_23976: TestRate = {
  name: "23.976",
  num: 24000,
  den: 1001,
  dropFrame: false,
  startTimecode: "01:00:00:00",
};
/**
 * Starts ten frames before minute 1, whose labels ;00 and ;01 are dropped: frame 9 is 00:00:59;29,
 * frame 10 is 00:01:00;02. (Every tenth minute drops nothing, so 00:59:59;28 → 01:00:00;00 would
 * not exercise the drop.)
 */
export const RATE_2997_DF: TestRate = {
  name: "29.97 DF",
  num: 30000,
  den: 1001,
  dropFrame: true,
  startTimecode: "00:00:59;20",
};

/**
 * Writes a frame-numbered H.264 MOV of `frames` frames at `rate` with its start timecode. Intra-heavy
 * high quality (crf 12) so the source itself is never the reason a number is misread. `extraFilters`
 * (FFmpeg filters, e.g. a `drawbox`) are drawn over the frame code: two versions that differ in one
 * region for the compare tests. `options.audio` adds a 440 Hz tone (AAC, swelling and fading) as long as the picture, for
 * the waveform.
 */
export async function generateFrameNumberedSource(
  outPath: string,
  rate: TestRate,
  frames: number,
  extraFilters: readonly string[] = [],
  options: { audio?: boolean } = {},
): Promise<void> {
  const { width, height, columns, rows } = FRAME_CODE;
  const cw = width / columns;
  const ch = height / rows;
  // One filled white box per bit, enabled on the frames whose number has that bit set (drawbox's `n`
  // is the frame number). Much faster than a per-pixel geq expression.
  const boxes = Array.from({ length: columns * rows }, (_, bit) => {
    const x = (bit % columns) * cw;
    const y = Math.floor(bit / columns) * ch;
    return `drawbox=x=${x}:y=${y}:w=${cw}:h=${ch}:color=white:t=fill:enable='mod(floor(n/${2 ** bit}),2)'`;
  })
    .concat(extraFilters)
    // The picture ends itself after `frames` frames. Not `-frames:v`: FFmpeg closes the whole file when
    // the video reaches that count, cutting the AAC tone short (9.2 s of a 10 s clip, measured on 5.1).
    .concat(`trim=end_frame=${frames}`)
    .join(",");
  await run(
    "ffmpeg",
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `color=c=black:s=${width}x${height}:r=${rate.num}/${rate.den},format=yuv420p,${boxes}`,
      ...(options.audio
        ? [
            "-f",
            "lavfi",
            "-i",
            // A 440 Hz tone swelling and fading every two seconds: a waveform with a visible shape.
            `aevalsrc=0.8*sin(2*PI*440*t)*abs(sin(PI*t/2)):s=48000:d=${(frames * rate.den) / rate.num}`,
            "-c:a",
            "aac",
          ]
        : []),
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "12",
      "-pix_fmt",
      "yuv420p",
      "-timecode",
      rate.startTimecode,
      "-f",
      "mov",
      outPath,
    ],
    { timeout: 120_000 },
  );
}

/**
 * Runs in the page: draws each video matched by `selectors` onto a canvas at its native size and
 * decodes the frame number from the cell centres, all in one task (so two players are read at the
 * same instant). −1 for a picture that is not a frame code (e.g. nothing decoded yet).
 */
export function readFrameNumbersInPage(args: { selectors: string[]; columns: number; rows: number }): number[] {
  return args.selectors.map((selector) => {
    const video = document.querySelector(selector);
    if (!(video instanceof HTMLVideoElement) || video.videoWidth === 0) return -1;
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) return -1;
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    const cw = canvas.width / args.columns;
    const ch = canvas.height / args.rows;
    let value = 0;
    for (let row = 0; row < args.rows; row++) {
      for (let col = 0; col < args.columns; col++) {
        // Average an 8×8 patch at the cell's centre.
        const x = Math.floor(col * cw + cw / 2 - 4);
        const y = Math.floor(row * ch + ch / 2 - 4);
        const data = ctx.getImageData(x, y, 8, 8).data;
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += data[i]!;
        const mean = sum / (data.length / 4);
        // Anything mid-grey means the picture is not a clean frame code (blend, poster, black).
        if (mean > 64 && mean < 192) return -1;
        if (mean >= 192) value += 2 ** (col + args.columns * row);
      }
    }
    return value;
  });
}

/**
 * The frame number a still picture of a frame-numbered source shows (a frame grab's PNG): FFmpeg
 * averages each cell of the code (`scale` by area to the grid's size), a light cell is a set bit.
 * −1 when a cell is mid-grey (not a clean frame code).
 */
export async function frameNumberInPicture(imagePath: string): Promise<number> {
  const { columns, rows } = FRAME_CODE;
  const { stdout } = await run(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-i", imagePath, "-vf", `scale=${columns}:${rows}:flags=area,format=gray`, "-f", "rawvideo", "-"],
    { encoding: "buffer", timeout: 30_000 },
  );
  let value = 0;
  for (let bit = 0; bit < columns * rows; bit++) {
    const mean = stdout[bit]!;
    if (mean > 64 && mean < 192) return -1;
    if (mean >= 192) value += 2 ** bit;
  }
  return value;
}

/** Reads the frame number shown by the video matching `selector` (default: the primary player). */
export async function readShownFrame(page: Page, selector = '[data-testid="player-primary"] video'): Promise<number> {
  const [frame] = await readShownFrames(page, [selector]);
  return frame ?? -1;
}

/** The frame numbers shown by several videos, read in the same task. */
export async function readShownFrames(page: Page, selectors: string[]): Promise<number[]> {
  return page.evaluate(readFrameNumbersInPage, { selectors, columns: FRAME_CODE.columns, rows: FRAME_CODE.rows });
}

/**
 * A real, decodable movie above the 64 MiB single-PUT limit (so the browser takes the multipart
 * path, 7 parts of 16 MiB): 170 frames of uncompressed 10-bit 4:2:2 640×360 (v210, as many masters
 * are; mov cannot hold yuv420p rawvideo), ~105 MiB. Real media, so the worker processes it to READY
 * instead of failing it.
 */
export async function writeMultipartMovie(filePath: string): Promise<void> {
  await run(
    "ffmpeg",
    ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
     "-frames:v", "170", "-c:v", "v210", "-f", "mov", filePath],
    { timeout: 120_000 },
  );
}

export interface UploadedVersion {
  versionId: string;
  assetId: string;
}

/**
 * Uploads a file through the real upload API: POST /api/projects/:id/uploads → PUT to the presigned
 * URL → POST /api/versions/:id/complete. `request` must carry a producer's (or admin's) session.
 */
export async function uploadVersion(
  request: APIRequestContext,
  params: {
    projectId: string;
    filePath: string;
    fileName: string;
    contentType: string;
    assetName?: string;
    assetId?: string;
    /** false: stop after the PUT (the version stays AWAITING_UPLOAD); call `completeUpload` later. */
    complete?: boolean;
  },
): Promise<UploadedVersion & { sha256: string }> {
  const bytes = await readFile(params.filePath);
  const size = (await stat(params.filePath)).size;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const created = await request.post(`/api/projects/${params.projectId}/uploads`, {
    data: {
      ...(params.assetId ? { assetId: params.assetId } : { assetName: params.assetName }),
      fileName: params.fileName,
      size,
      contentType: params.contentType,
      sha256,
    },
  });
  if (created.status() !== 201) throw new Error(`create upload: ${created.status()} ${await created.text()}`);
  const upload = (await created.json()) as {
    versionId: string;
    assetId: string;
    mode: "single" | "multipart";
    url?: string;
    headers?: Record<string, string>;
  };
  if (upload.mode !== "single" || !upload.url) throw new Error(`expected a single-PUT upload for ${size} bytes`);
  const put = await fetch(upload.url, { method: "PUT", body: bytes, headers: upload.headers ?? {} });
  if (!put.ok) throw new Error(`PUT to storage: ${put.status} ${await put.text()}`);
  if (params.complete !== false) await completeUpload(request, upload.versionId, sha256);
  return { versionId: upload.versionId, assetId: upload.assetId, sha256 };
}

/** POST /api/versions/:id/complete: the version moves to PENDING and processing is queued. */
export async function completeUpload(request: APIRequestContext, versionId: string, sha256: string): Promise<void> {
  const completed = await request.post(`/api/versions/${versionId}/complete`, { data: { sha256 } });
  if (completed.status() !== 202) throw new Error(`complete: ${completed.status()} ${await completed.text()}`);
}

/** Polls the review endpoint until the worker has made the version READY (throws on ERROR or timeout). */
export async function waitForReady(request: APIRequestContext, versionId: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const res = await request.get(`/api/versions/${versionId}/review`);
    if (res.ok()) {
      const body = (await res.json()) as { version: { processingState: string; errorMessage?: string | null } };
      last = body.version.processingState;
      if (last === "READY") return;
      if (last === "ERROR")
        throw new Error(`version ${versionId} failed: ${body.version.errorMessage ?? "unknown error"}`);
    } else {
      last = `HTTP ${res.status()}`;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`version ${versionId} not READY after ${timeoutMs} ms (last: ${last})`);
}

export interface ReviewUser {
  email: string;
  password: string;
  name: string;
}

export interface ReviewWorld {
  projectId: string;
  admin: ReviewUser;
  supervisor: ReviewUser;
  producer: ReviewUser;
  viewer: ReviewUser;
}

/**
 * A fresh project with one supervisor, one producer and one viewer, created through the admin API
 * by the seeded admin (`admin` must be a request context signed in as that admin).
 */
export async function createReviewWorld(
  admin: APIRequestContext,
  adminUser: ReviewUser,
  suffix: string,
): Promise<ReviewWorld> {
  const project = await admin.post("/api/admin/projects", {
    data: {
      name: `Review ${suffix}`,
      code: `RV_${suffix}`
        .slice(0, 16)
        .toUpperCase()
        .replace(/[^A-Z0-9_]/g, "_"),
    },
  });
  if (project.status() !== 201) throw new Error(`create project: ${project.status()} ${await project.text()}`);
  const projectId = ((await project.json()) as { project: { id: string } }).project.id;
  const make = async (role: "supervisor" | "producer" | "viewer", name: string): Promise<ReviewUser> => {
    const email = `${role}-${suffix.toLowerCase()}@e2e.test`;
    const { user, password } = await createUserViaApi(admin, { email, name });
    const member = await admin.post(`/api/admin/projects/${projectId}/members`, { data: { userId: user.id, role } });
    if (member.status() !== 201) throw new Error(`add member: ${member.status()} ${await member.text()}`);
    return { email, password, name };
  };
  return {
    projectId,
    admin: adminUser,
    supervisor: await make("supervisor", `Sam Supervisor ${suffix}`),
    producer: await make("producer", `Pat Producer ${suffix}`),
    viewer: await make("viewer", `Vic Viewer ${suffix}`),
  };
}
