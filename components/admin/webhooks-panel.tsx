"use client";

import { Webhook } from "lucide-react";
import { useRef, useState } from "react";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  redeliverWebhookAction,
  setWebhookEndpointDisabledAction,
} from "@/lib/admin/admin-actions";
import { formatDate } from "@/lib/format-date";
import { ActionError, useAdminAction } from "./admin-action";

export type AdminWebhookAttempt = {
  startedAt: Date;
  responseStatus: number | null;
  latencyMs: number;
  responseExcerpt: string;
  isSuccess: boolean;
  isManual: boolean;
};
export type AdminWebhookDelivery = { id: string; eventType: string; status: string; createdAt: Date; attempts: AdminWebhookAttempt[] };
export type AdminWebhookEndpoint = {
  id: string;
  url: string;
  eventTypes: string[];
  disabledAt: Date | null;
  createdAt: Date;
  deliveries: AdminWebhookDelivery[];
};

/**
 * The project's webhook endpoints (docs/webhooks.md): add one (URL and event types; its signing
 * secret is shown once), and for each its recent deliveries with the last attempt's status,
 * latency and response excerpt, with disable/enable, delete and redeliver.
 */
export function WebhooksPanel({
  projectId,
  endpoints,
  eventTypes,
}: {
  projectId: string;
  endpoints: AdminWebhookEndpoint[];
  eventTypes: string[];
}) {
  const create = useAdminAction(createWebhookEndpointAction);
  const setDisabled = useAdminAction(setWebhookEndpointDisabledAction);
  const remove = useAdminAction(deleteWebhookEndpointAction);
  const redeliver = useAdminAction(redeliverWebhookAction);
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  async function onAdd(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await create.run({
      projectId,
      url: String(form.get("url") ?? ""),
      eventTypes: form.getAll("eventTypes").map(String),
    });
    if (result.ok) {
      setNewSecret(result.data.secret);
      formRef.current?.reset();
    }
  }

  return (
    <div className="space-y-4">
      <form ref={formRef} onSubmit={onAdd} aria-label="Add webhook endpoint" className="space-y-2" noValidate>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-ink-400">Endpoint URL</span>
          <input name="url" type="url" required placeholder="https://hooks.example.com/axiom" className="input w-[32rem] py-1.5" />
        </label>
        <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
          <legend className="text-xs text-ink-400">Event types</legend>
          {eventTypes.map((type) => (
            <label key={type} className="flex items-center gap-1 font-mono text-xs">
              <input type="checkbox" name="eventTypes" value={type} />
              {type}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn" disabled={create.isPending}>
          <Webhook aria-hidden size={14} />
          {create.isPending ? "Adding…" : "Add endpoint"}
        </button>
      </form>
      {newSecret && (
        <div role="status" className="rounded border border-accent-400/40 px-3 py-2">
          <p>Signing secret — shown only now; the receiver verifies signatures with it:</p>
          <code className="font-mono break-all">{newSecret}</code>
        </div>
      )}
      <ActionError message={create.error ?? setDisabled.error ?? remove.error ?? redeliver.error} />

      {endpoints.length === 0 ? (
        <p className="text-ink-400">No webhook endpoints.</p>
      ) : (
        <ul className="space-y-4" aria-label="Webhook endpoints">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id} className="rounded border border-ink-800 p-3" aria-label={`Endpoint ${endpoint.url}`}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{endpoint.url}</span>
                {endpoint.disabledAt && <span className="rounded bg-ink-800 px-2 py-0.5 text-xs text-ink-300">Disabled</span>}
                <span className="ml-auto flex gap-2">
                  <button
                    type="button"
                    className="btn"
                    disabled={setDisabled.isPending}
                    onClick={() => setDisabled.run({ projectId, endpointId: endpoint.id, disabled: endpoint.disabledAt === null })}
                  >
                    {endpoint.disabledAt ? "Enable" : "Disable"}
                  </button>
                  <button
                    type="button"
                    className="btn-danger"
                    disabled={remove.isPending}
                    aria-label={`Delete ${endpoint.url}`}
                    onClick={() => remove.run({ projectId, endpointId: endpoint.id })}
                  >
                    Delete
                  </button>
                </span>
              </div>
              <p className="mt-1 font-mono text-xs text-ink-400">{endpoint.eventTypes.join(", ")}</p>
              {endpoint.deliveries.length === 0 ? (
                <p className="mt-2 text-ink-400">No deliveries yet.</p>
              ) : (
                <table className="mt-2 w-full border-collapse" aria-label={`Deliveries to ${endpoint.url}`}>
                  <thead className="text-left text-xs uppercase tracking-wide text-ink-400">
                    <tr className="border-b border-ink-800">
                      <th className="py-1 pr-3 font-medium">Event</th>
                      <th className="py-1 pr-3 font-medium">Status</th>
                      <th className="py-1 pr-3 font-medium">Last response</th>
                      <th className="py-1 pr-3 font-medium">Latency</th>
                      <th className="py-1 pr-3 font-medium">Attempts</th>
                      <th className="py-1 font-medium">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {endpoint.deliveries.map((delivery) => {
                      const last = delivery.attempts[0];
                      return (
                        <tr key={delivery.id} className="border-b border-ink-850 align-top">
                          <td className="py-1 pr-3 font-mono text-xs">
                            {delivery.eventType}
                            <div className="text-ink-400">{formatDate(delivery.createdAt)}</div>
                          </td>
                          <td className="py-1 pr-3">{delivery.status}</td>
                          <td className="py-1 pr-3">
                            {last ? (
                              <>
                                <span className="font-mono">{last.responseStatus ?? "—"}</span>
                                <pre className="max-h-16 max-w-md overflow-auto text-xs whitespace-pre-wrap text-ink-400">{last.responseExcerpt}</pre>
                              </>
                            ) : (
                              <span className="text-ink-400">not sent yet</span>
                            )}
                          </td>
                          <td className="py-1 pr-3">{last ? `${last.latencyMs} ms` : "—"}</td>
                          <td className="py-1 pr-3">{delivery.attempts.length}</td>
                          <td className="py-1 text-right">
                            <button
                              type="button"
                              className="btn"
                              disabled={redeliver.isPending}
                              onClick={() => redeliver.run({ projectId, deliveryId: delivery.id })}
                            >
                              Redeliver
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
