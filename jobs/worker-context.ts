import type { Db } from "@/db/client";
import type { EventConsumer } from "@/lib/events/event-consumer";
import type { ProcessingConfig } from "@/lib/processing/processing-config";
import type { ProcessScratch } from "@/lib/processing/scratch-space";
import type { Storage } from "@/lib/storage";
import type { WebhookConfig } from "./deliver-webhook";
import type { EmailConfig } from "./send-email";

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
  /** What the events relay delivers to (lib/events/consumers.ts). */
  eventConsumers: readonly EventConsumer[];
  /** EVENTS_RETENTION_DAYS: the daily prune-events job deletes older events. */
  eventsRetentionDays: number;
  /** WEBHOOK_ALLOW_PRIVATE and WEBHOOK_SECRETS_KEY (docs/webhooks.md). */
  webhooks: WebhookConfig;
  /** The SMTP transport (null: no SMTP_URL, e-mails are kept) and the From address. */
  email: EmailConfig;
};
