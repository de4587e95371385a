import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, type WebhookDelivery } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { getProjectOrThrow } from "@/lib/projects/get-project-or-throw";
import { assertAdminActorOrThrow } from "@/lib/users/assert-admin-actor";
import type { WebhookEndpointInput } from "./schemas";
import { generateWebhookSecret, sealWebhookSecret } from "./secret-box";
import { assertWebhookUrlAllowed, type ResolveHost } from "./ssrf-guard";

/** What the server needs to manage endpoints: lib/env.ts's WEBHOOK_* (tests pass their own). */
export type WebhookSettings = { allowPrivate: boolean; secretsKey: string | undefined; resolve?: ResolveHost };

/**
 * Registers an endpoint (admins only; audited). The URL passes the SSRF check first
 * (ssrf-guard.ts); the secret is generated here, sealed for storage, and returned this once.
 */
export async function createWebhookEndpoint(
  db: DbOrTx,
  input: WebhookEndpointInput & { actor: Actor | null; projectId: string; settings: WebhookSettings },
): Promise<{ id: string; secret: string }> {
  const url = await assertWebhookUrlAllowed(input.url, input.settings);
  const secret = generateWebhookSecret();
  const secretCiphertext = sealWebhookSecret(secret, input.settings.secretsKey);
  const id = await db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const project = await getProjectOrThrow(tx, input.projectId);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ projectId: project.id, url: url.toString(), eventTypes: input.eventTypes, secretCiphertext, createdBy: input.actor?.id ?? null })
      .returning({ id: webhookEndpoints.id });
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "project.webhook_created",
      entityType: "webhook_endpoint",
      entityId: row!.id,
      projectId: project.id,
      data: { url: url.toString(), eventTypes: input.eventTypes },
    });
    return row!.id;
  });
  return { id, secret };
}

async function getEndpointForUpdateOrThrow(tx: DbOrTx, projectId: string, endpointId: string) {
  const [endpoint] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.projectId, projectId)))
    .for("update");
  if (!endpoint) throw notFound("No such webhook endpoint.");
  return endpoint;
}

/** Stops (or resumes) deliveries to an endpoint; its log stays. Audited when it changes. */
export async function setWebhookEndpointDisabled(
  db: DbOrTx,
  input: { actor: Actor | null; projectId: string; endpointId: string; disabled: boolean },
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const endpoint = await getEndpointForUpdateOrThrow(tx, input.projectId, input.endpointId);
    if ((endpoint.disabledAt !== null) === input.disabled) return;
    await tx
      .update(webhookEndpoints)
      .set({ disabledAt: input.disabled ? sql`now()` : null })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: input.disabled ? "project.webhook_disabled" : "project.webhook_enabled",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      projectId: endpoint.projectId,
      data: { url: endpoint.url },
    });
  });
}

/** Deletes an endpoint with its delivery log (ON DELETE CASCADE); queued jobs find nothing. Audited. */
export async function deleteWebhookEndpoint(
  db: DbOrTx,
  input: { actor: Actor | null; projectId: string; endpointId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const endpoint = await getEndpointForUpdateOrThrow(tx, input.projectId, input.endpointId);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    await recordAuditEvent(tx, {
      actorId: input.actor?.id ?? null,
      action: "project.webhook_deleted",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      projectId: endpoint.projectId,
      data: { url: endpoint.url, eventTypes: endpoint.eventTypes },
    });
  });
}

/**
 * Sends a delivery again now: a `deliver-webhook` job of one attempt (a new row in the log), under
 * a key of its own so the scheduled retries, if any, go on. Not audited: it sends nothing the
 * endpoint was not already sent.
 */
export async function redeliverWebhook(
  db: DbOrTx,
  input: { actor: Actor | null; projectId: string; deliveryId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertAdminActorOrThrow(tx, input.actor);
    const [delivery] = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookEndpoints.projectId, input.projectId)));
    if (!delivery) throw notFound("No such webhook delivery.");
    await enqueueJob(tx, "deliver-webhook", { deliveryId: delivery.id, manual: true }, { maxAttempts: 1, priority: -1 });
  });
}

export type WebhookAttemptView = {
  startedAt: Date;
  responseStatus: number | null;
  latencyMs: number;
  responseExcerpt: string;
  isSuccess: boolean;
  isManual: boolean;
};
export type WebhookDeliveryView = Pick<WebhookDelivery, "id" | "eventId" | "eventType" | "status" | "createdAt"> & {
  attempts: WebhookAttemptView[];
};
export type WebhookEndpointView = {
  id: string;
  url: string;
  eventTypes: string[];
  disabledAt: Date | null;
  createdAt: Date;
  deliveries: WebhookDeliveryView[];
};

/** A project's endpoints, each with its `recent` newest deliveries and their attempts (the admin page). */
export async function listWebhookEndpoints(db: DbOrTx, input: { projectId: string; recent?: number }): Promise<WebhookEndpointView[]> {
  const endpoints = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      eventTypes: webhookEndpoints.eventTypes,
      disabledAt: webhookEndpoints.disabledAt,
      createdAt: webhookEndpoints.createdAt,
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.projectId, input.projectId))
    .orderBy(webhookEndpoints.createdAt);
  const recent = input.recent ?? 10;
  const views: WebhookEndpointView[] = [];
  for (const endpoint of endpoints) {
    const deliveries = await db
      .select({
        id: webhookDeliveries.id,
        eventId: webhookDeliveries.eventId,
        eventType: webhookDeliveries.eventType,
        status: webhookDeliveries.status,
        createdAt: webhookDeliveries.createdAt,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint.id))
      .orderBy(desc(webhookDeliveries.createdAt))
      .limit(recent);
    const attempts =
      deliveries.length === 0
        ? []
        : await db
            .select()
            .from(webhookDeliveryAttempts)
            .where(inArray(webhookDeliveryAttempts.deliveryId, deliveries.map((d) => d.id)))
            .orderBy(desc(webhookDeliveryAttempts.startedAt));
    views.push({
      ...endpoint,
      deliveries: deliveries.map((d) => ({
        ...d,
        attempts: attempts
          .filter((a) => a.deliveryId === d.id)
          .map(({ startedAt, responseStatus, latencyMs, responseExcerpt, isSuccess, isManual }) => ({
            startedAt,
            responseStatus,
            latencyMs,
            responseExcerpt,
            isSuccess,
            isManual,
          })),
      })),
    });
  }
  return views;
}
