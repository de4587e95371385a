import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { Storage } from "@/lib/storage";
import { AppError } from "@/lib/errors";
import { ProcessingError } from "./processing-error";

const WRITE_BLOCK_BYTES = 1024 * 1024;

export type DownloadedMaster = { path: string; sizeBytes: number; sha256: string };

/**
 * Streams the master from object storage to a local file exactly once, hashing it (SHA-256, node
 * crypto: ~770 MB/s here, faster than the network) on the way, so the checksum costs no second read.
 * A missing object or a broken stream is `storage_unavailable` (retried). `onWritten` hears the bytes on
 * disk after every write (master-feed.ts serves them to FFmpeg while the rest arrives); `pace`, awaited
 * after every write, may hold the download back (the stream waits, unread) until it resolves.
 */
export async function downloadMaster(
  storage: Storage,
  params: {
    key: string;
    destination: string;
    signal?: AbortSignal;
    onWritten?: (bytesOnDisk: number) => void;
    pace?: (bytesOnDisk: number) => Promise<void>;
  },
): Promise<DownloadedMaster> {
  const hash = createHash("sha256");
  let sizeBytes = 0;
  try {
    params.signal?.throwIfAborted();
    // 0644 inside a job directory only its owner can enter (scratch-space.ts): readable, never
    // writable, by FFmpeg when it runs as its own unprivileged user.
    const file = await open(params.destination, "w", 0o644);
    try {
      const body = await storage.getStream(params.key);
      const onAbort = () => body.destroy(params.signal?.reason instanceof Error ? params.signal.reason : new Error("aborted"));
      params.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        // The body arrives in chunks of tens of KiB: written 1 MiB at a time (one writev, no copy), so a
        // 459 MiB master costs ~460 writes (and wakes of the feed's readers), not tens of thousands.
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const flush = async () => {
          if (pendingBytes === 0) return;
          await file.writev(pending);
          sizeBytes += pendingBytes;
          pending = [];
          pendingBytes = 0;
          params.onWritten?.(sizeBytes);
          await params.pace?.(sizeBytes);
        };
        for await (const chunk of body as AsyncIterable<Buffer>) {
          hash.update(chunk);
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= WRITE_BLOCK_BYTES) await flush();
        }
        await flush();
      } finally {
        params.signal?.removeEventListener("abort", onAbort);
      }
      params.signal?.throwIfAborted();
    } finally {
      await file.close();
    }
  } catch (err) {
    if (params.signal?.aborted) throw err;
    if (err instanceof AppError || err instanceof ProcessingError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    // The worker's own disk is not the store: say which one failed (both are retried).
    const diskProblem = localDiskProblem(err);
    if (diskProblem) {
      throw new ProcessingError("internal", `The master could not be written to the worker's scratch disk: ${diskProblem}.`, { cause: err, logTail: detail });
    }
    // The store's own words (bucket, key, host) go to the log tail, which only producers and admins see.
    throw new ProcessingError("storage_unavailable", "Reading the master from storage failed.", { cause: err, logTail: detail });
  }
  return { path: params.destination, sizeBytes, sha256: hash.digest("hex") };
}

const LOCAL_DISK_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EROFS: "the disk is read-only",
  EACCES: "permission denied",
  EIO: "an I/O error",
};

/** What is wrong with the local disk, when `err` is a file-system error of ours (not a socket's). */
function localDiskProblem(err: unknown): string | null {
  const code = typeof err === "object" && err !== null && "code" in err ? (err as { code: unknown }).code : null;
  const syscall = typeof err === "object" && err !== null && "syscall" in err ? (err as { syscall: unknown }).syscall : null;
  // Socket errors carry codes too (ECONNRESET, EPIPE): only these file-system codes, from a file call, are ours.
  if (typeof code !== "string" || !(code in LOCAL_DISK_ERRORS)) return null;
  if (syscall !== null && typeof syscall === "string" && !/^(open|write|writev|close|fsync)$/.test(syscall)) return null;
  return `${LOCAL_DISK_ERRORS[code]} (${code})`;
}
