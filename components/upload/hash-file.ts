import type { HashMessage } from "./sha256.worker";

/**
 * Starts hashing `file` in a Web Worker. The promise settles with the lower-case hex digest;
 * aborting `signal` terminates the worker.
 */
export function hashFileInWorker(
  file: File,
  options: { signal: AbortSignal; onProgress?: (hashedBytes: number) => void },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./sha256.worker.ts", import.meta.url), { type: "module" });
    const stop = () => {
      worker.terminate();
      reject(new DOMException("Hashing cancelled", "AbortError"));
    };
    options.signal.addEventListener("abort", stop, { once: true });
    worker.onmessage = (event: MessageEvent<HashMessage>) => {
      const msg = event.data;
      if (msg.type === "progress") options.onProgress?.(msg.hashedBytes);
      else {
        options.signal.removeEventListener("abort", stop);
        worker.terminate();
        if (msg.type === "done") resolve(msg.sha256);
        else reject(new Error(`SHA-256 failed: ${msg.message}`));
      }
    };
    worker.onerror = (event) => {
      options.signal.removeEventListener("abort", stop);
      worker.terminate();
      reject(new Error(`SHA-256 worker failed: ${event.message}`));
    };
    worker.postMessage({ file });
  });
}
