import type { JobHelpers } from "graphile-worker";
import type { JobPayload } from "@/lib/jobs/definitions";
import { attemptWebhookDelivery } from "@/lib/webhooks/attempt-webhook-delivery";
import type { ResolveHost } from "@/lib/webhooks/ssrf-guard";
import type { WorkerContext } from "./worker-context";

export type WebhookConfig = {
  allowPrivate: boolean;
  secretsKey: string | undefined;
  /** Tests: a resolver standing in for DNS. */
  resolve?: ResolveHost;
};

/**
 * `deliver-webhook`: one attempt (lib/webhooks/attempt-webhook-delivery.ts). A failed attempt
 * with attempts left throws, so graphile retries it on its backoff schedule (WEBHOOK_MAX_ATTEMPTS,
 * docs/webhooks.md); the last one, or a manual redelivery (one attempt), records `failed` and
 * completes the job.
 */
export async function runDeliverWebhook(
  ctx: Pick<WorkerContext, "db" | "log" | "webhooks">,
  payload: JobPayload<"deliver-webhook">,
  helpers: Pick<JobHelpers, "job">,
): Promise<void> {
  const isLastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
  const outcome = await attemptWebhookDelivery(ctx.db, {
    deliveryId: payload.deliveryId,
    isManual: payload.manual,
    isLastAttempt,
    ...ctx.webhooks,
  });
  if (outcome.kind !== "sent" || outcome.result.isSuccess || isLastAttempt) return;
  const { status, excerpt } = outcome.result;
  throw new Error(`webhook delivery ${payload.deliveryId} failed (attempt ${helpers.job.attempts}/${helpers.job.max_attempts}): ${status ?? "no response"} ${excerpt.slice(0, 200)}`);
}
