import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { open, type FileHandle } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import type { Storage } from "@/lib/storage";
import { downloadMaster, type DownloadedMaster } from "./download-master";

/**
 * The master, readable by ffprobe and FFmpeg while it downloads (issue 16 #1: no serial download phase).
 *
 * The download is the one it always was (downloadMaster: the object streamed once to scratch, SHA-256 on
 * the same stream). Beside it a loopback HTTP server answers range requests for the master: bytes already
 * on disk come from the file; a read at the download's frontier waits for the bytes to arrive; a read far
 * beyond it (a MOV whose `moov` is at the end: the demuxer seeks there first) is a ranged GET from the
 * store, so decoding can start long before the last byte is local. FFmpeg reads the URL through its
 * `http` protocol (input-hardening.ts `uploadInputArgs`: `http,tcp` and nothing else for that input).
 *
 * Integrity is unchanged: `downloaded` gives size and SHA-256 of the whole stream, and the caller checks
 * them before READY. The few tail bytes a ranged GET served come from the same immutable master key
 * (written once, by the upload's completion; docs/ingest.md), and the rest FFmpeg reads is the hashed file.
 *
 * Paced start (`isPaced`): until `release()`, the download stays at most PACED_LEAD_BYTES ahead of the
 * furthest byte a reader has reached or waits for. On a worker whose cores FFmpeg fills, a download racing ahead
 * (socket, SHA-256, disk: ~15 ms of CPU per MiB here) takes them from the first segment; held back, it
 * costs only what FFmpeg reads. The caller releases it when the live preview is out or when it needs the
 * whole file; at the latest after PACED_FOR_AT_MOST_MS, so the store's GET is never held for long.
 */
export type MasterFeed = {
  /** What FFmpeg and ffprobe open: `http://127.0.0.1:PORT/<random token>`. */
  url: string;
  /** The local copy; whole once `downloaded` has resolved. */
  path: string;
  /** The whole master on disk, with its size and SHA-256. Rejects like downloadMaster (storage_unavailable). */
  downloaded: Promise<DownloadedMaster>;
  /** Ends the paced start: the download runs at full speed from now on. Idempotent. */
  release(): void;
  /** Stops the download if it still runs, ends every answer and the server. Idempotent. */
  close(): Promise<void>;
};

/** Reads that start this far ahead of the download are fetched from the store instead of waited for. */
const FAR_AHEAD_BYTES = 16 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;
/** Paced start: how far the download may run ahead of the reader (4 s of 1080p ProRes 422 HQ)… */
const PACED_LEAD_BYTES = 32 * 1024 * 1024;
/** …and for how long at most. */
const PACED_FOR_AT_MOST_MS = 15_000;

export async function openMasterFeed(
  storage: Storage,
  params: { key: string; destination: string; sizeBytes: number; signal?: AbortSignal; isPaced?: boolean },
): Promise<MasterFeed> {
  const { key, destination, sizeBytes } = params;
  const stop = new AbortController();
  const onAbort = () => stop.abort(params.signal?.reason);
  if (params.signal?.aborted) onAbort();
  params.signal?.addEventListener("abort", onAbort, { once: true });

  // The frontier: bytes of the master on disk. Waiters are woken on every write and when the download ends.
  let frontier = 0;
  let isDownloadOver = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  const advanced = () => new Promise<void>((resolve) => waiters.push(resolve));

  // The paced start: the furthest byte a reader reached or waits for, and the download waiting for it to move.
  let readUpTo = 0;
  let isPaced = params.isPaced === true;
  let pacer: (() => void) | null = null;
  const wakePacer = () => {
    pacer?.();
    pacer = null;
  };
  const release = () => {
    isPaced = false;
    wakePacer();
  };
  const pacingLimit = isPaced ? setTimeout(release, PACED_FOR_AT_MOST_MS) : undefined;
  pacingLimit?.unref();
  stop.signal.addEventListener("abort", release, { once: true });
  const reached = (position: number) => {
    if (position <= readUpTo) return;
    readUpTo = position;
    wakePacer();
  };
  const pace = async (bytesOnDisk: number) => {
    while (isPaced && bytesOnDisk - readUpTo > PACED_LEAD_BYTES) {
      await new Promise<void>((resolve) => {
        pacer = resolve;
      });
    }
  };

  const downloaded = downloadMaster(storage, {
    key,
    destination,
    signal: stop.signal,
    onWritten: (bytes) => {
      frontier = bytes;
      wake();
    },
    pace,
  }).then(
    (master) => {
      isDownloadOver = true;
      wake();
      return master;
    },
    (error: unknown) => {
      isDownloadOver = true;
      wake();
      throw error;
    },
  );
  // Whoever needs the outcome awaits it; an attempt that fails first must not leave it unhandled.
  downloaded.catch(() => {});

  const token = randomBytes(24).toString("base64url");
  const server: Server = createServer((req, res) => {
    serve(req, res).catch(() => res.destroy());
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url !== `/${token}` || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404).end();
      return;
    }
    const range = parseRange(req.headers.range, sizeBytes);
    if (range === null) {
      res.writeHead(416, { "Content-Range": `bytes */${sizeBytes}` }).end();
      return;
    }
    const { start, end } = range;
    res.writeHead(req.headers.range ? 206 : 200, {
      "Accept-Ranges": "bytes",
      "Content-Type": "application/octet-stream",
      "Content-Length": String(end - start + 1),
      ...(req.headers.range ? { "Content-Range": `bytes ${start}-${end}/${sizeBytes}` } : {}),
    });
    if (req.method === "HEAD" || end < start) {
      res.end();
      return;
    }
    let isGone = false;
    res.on("close", () => {
      isGone = true;
      wake();
    });
    if (!isDownloadOver && start >= frontier + FAR_AHEAD_BYTES) {
      await pipeFromStore(storage.getStream(key, { start, end }), res, () => isGone);
      return;
    }
    let position = start;
    let file: FileHandle | null = null;
    try {
      while (position <= end && !isGone) {
        // Waited for: the download may come this far (a reader waiting ahead of a held-back download
        // must not wait for the pacing limit).
        reached(position);
        if (position < frontier) {
          // Opened once bytes exist: the download has created the file by then.
          file ??= await open(destination, "r");
          const length = Math.min(READ_CHUNK_BYTES, frontier - position, end - position + 1);
          // A fresh buffer per read: the socket keeps it until sent, so no second copy is needed.
          const chunk = Buffer.allocUnsafe(length);
          const { bytesRead } = await file.read(chunk, 0, length, position);
          if (bytesRead === 0) break;
          position += bytesRead;
          reached(position);
          if (!res.write(chunk.subarray(0, bytesRead))) await drained(res);
        } else if (isDownloadOver) {
          // The download failed, or ended short of the declared size: nothing more will come.
          break;
        } else {
          await advanced();
        }
      }
    } finally {
      await file?.close();
    }
    // A short answer must look broken to FFmpeg (a reset, not a clean end): it then fails, and the caller
    // reports the download's verdict — never "damaged file".
    if (position > end) res.end();
    else res.destroy();
  }

  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  let isClosed = false;
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    path: destination,
    downloaded,
    release,
    async close() {
      if (isClosed) return;
      isClosed = true;
      clearTimeout(pacingLimit);
      params.signal?.removeEventListener("abort", onAbort);
      if (!isDownloadOver) stop.abort(new Error("master feed closed"));
      await downloaded.catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function pipeFromStore(body: Promise<Readable>, res: ServerResponse, isGone: () => boolean): Promise<void> {
  const stream = await body;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (isGone()) break;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } finally {
    // A broken store stream leaves the answer short: destroyed, so the reader sees the failure.
    if (!res.writableEnded) res.destroy();
    stream.destroy();
  }
}

/** Until the answer takes more bytes or its reader is gone (both listeners removed either way). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) {
      resolve();
      return;
    }
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** `bytes=START-` or `bytes=START-END` (END clamped to the size); none: the whole object; null: unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (header === undefined) return { start: 0, end: size - 1 };
  const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return null;
  return { start, end };
}
