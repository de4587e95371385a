import type { JobHelpers } from "graphile-worker";
import { getMailSettings } from "@/lib/env";
import type { JobPayload } from "@/lib/jobs/definitions";
import { sendNotificationDigests } from "@/lib/notifications/send-notification-digests";
import type { WorkerContext } from "./worker-context";

/**
 * `send-notification-digests` (the events runner's crontab, hourly and daily): queues one digest
 * e-mail per user of that period (lib/notifications/send-notification-digests.ts); the `send-email`
 * jobs it queues do the sending. A throw (the database away) retries the whole run: users already
 * done have their rows marked, so they are not sent again.
 */
export async function runSendNotificationDigests(
  ctx: Pick<WorkerContext, "db" | "log">,
  payload: JobPayload<"send-notification-digests">,
  helpers: Pick<JobHelpers, "job">,
): Promise<void> {
  const result = await sendNotificationDigests(ctx.db, { period: payload.period, appUrl: getMailSettings().appUrl });
  ctx.log("send-notification-digests", { jobId: helpers.job.id, period: payload.period, ...result });
}
