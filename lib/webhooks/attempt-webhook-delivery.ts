import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from "@/db/schema";
import { openWebhookSecret } from "./secret-box";
import { sendWebhook, type WebhookSendResult } from "./send-webhook";
import type { ResolveHost } from "./ssrf-guard";

export type AttemptOutcome =
  | { kind: "sent"; result: WebhookSendResult }
  /** The endpoint (and with it the delivery) was deleted: nothing to do. */
  | { kind: "gone" }
  /** The endpoint is disabled: not sent, no attempt recorded, the delivery stays as it was. */
  | { kind: "disabled" };

/**
 * One attempt at one delivery (the `deliver-webhook` job): POST the stored body, signed with the
 * endpoint's secret and the event's id as `webhook-id` (the same on every retry and redelivery,
 * so a receiver deduplicates by it), then record the attempt and the delivery's status —
 * `succeeded`, `failed` when this was the last attempt, `pending` while retries remain. The HTTP
 * call holds no transaction or row lock.
 */
export async function attemptWebhookDelivery(
  db: Db,
  input: {
    deliveryId: string;
    isManual: boolean;
    isLastAttempt: boolean;
    allowPrivate: boolean;
    secretsKey: string | undefined;
    resolve?: ResolveHost;
    timeoutMs?: number;
  },
): Promise<AttemptOutcome> {
  const [row] = await db
    .select({
      eventId: webhookDeliveries.eventId,
      body: webhookDeliveries.body,
      url: webhookEndpoints.url,
      secretCiphertext: webhookEndpoints.secretCiphertext,
      disabledAt: webhookEndpoints.disabledAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, input.deliveryId))
    .limit(1);
  if (!row) return { kind: "gone" };
  if (row.disabledAt) return { kind: "disabled" };
  const result = await sendWebhook({
    url: row.url,
    secret: openWebhookSecret(row.secretCiphertext, input.secretsKey),
    messageId: row.eventId,
    body: row.body,
    allowPrivate: input.allowPrivate,
    resolve: input.resolve,
    timeoutMs: input.timeoutMs,
  });
  const status = result.isSuccess ? "succeeded" : input.isLastAttempt ? "failed" : "pending";
  await db.transaction(async (tx) => {
    // The endpoint may have been deleted while the request ran: then there is nothing to log.
    const [delivery] = await tx
      .update(webhookDeliveries)
      .set({ status, updatedAt: sql`now()` })
      .where(eq(webhookDeliveries.id, input.deliveryId))
      .returning({ id: webhookDeliveries.id });
    if (!delivery) return;
    await tx.insert(webhookDeliveryAttempts).values({
      deliveryId: input.deliveryId,
      responseStatus: result.status,
      latencyMs: result.latencyMs,
      responseExcerpt: result.excerpt,
      isSuccess: result.isSuccess,
      isManual: input.isManual,
    });
  });
  return { kind: "sent", result };
}
