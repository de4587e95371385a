import type { Db } from "@/db/client";
import type { ProcessingConfig } from "@/lib/processing/processing-config";
import type { ProcessScratch } from "@/lib/processing/scratch-space";
import type { Storage } from "@/lib/storage";

/** What every task handler of one worker process shares. Built once in jobs/run-worker.ts. */
export type WorkerContext = {
  db: Db;
  storage: Storage;
  config: ProcessingConfig;
  scratch: ProcessScratch;
  instanceId: string;
  /** Aborted on SIGTERM/SIGINT: running attempts stop and hand their version back. */
  shutdownSignal: AbortSignal;
  log: (message: string, data?: Record<string, unknown>) => void;
};
