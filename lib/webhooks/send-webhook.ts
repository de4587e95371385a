import net from "node:net";
import { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";
import { guardedLookup, isBlockedAddress, type ResolveHost } from "./ssrf-guard";

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 1024;

export type WebhookSendResult = {
  /** The HTTP status, or null when no response came. */
  status: number | null;
  /** 2xx. Redirects are not followed: a 3xx is a failure (the Location was never checked). */
  isSuccess: boolean;
  latencyMs: number;
  /** The first 1 KB of the response body, or what went wrong when there was no response. */
  excerpt: string;
};

/**
 * Signs `body` the Standard Webhooks way (`standardwebhooks`, the spec's reference library:
 * `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<HMAC-SHA256>`) and POSTs it, with
 * every connection going through the SSRF guard (ssrf-guard.ts): an IP literal is checked here, a
 * name by the agent's `connect.lookup`, which hands the socket only the addresses it checked.
 * Never throws for the receiver's sake: a refusal, a timeout or a reset is a result.
 */
export async function sendWebhook(input: {
  url: string;
  secret: string;
  messageId: string;
  body: string;
  allowPrivate: boolean;
  /** Tests: a resolver standing in for DNS. */
  resolve?: ResolveHost;
  timeoutMs?: number;
  now?: Date;
}): Promise<WebhookSendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = input.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const url = new URL(input.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(host) && !input.allowPrivate && isBlockedAddress(host)) {
    return { status: null, isSuccess: false, latencyMs: elapsed(), excerpt: `refused: ${host} is a blocked address` };
  }
  const timestamp = input.now ?? new Date();
  const signature = new Webhook(input.secret).sign(input.messageId, timestamp, input.body);
  const agent = new Agent({
    connect: { lookup: guardedLookup({ allowPrivate: input.allowPrivate, resolve: input.resolve }), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  try {
    const response = await request(url, {
      method: "POST",
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "AXIOM-Webhooks/1",
        "webhook-id": input.messageId,
        "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body: input.body,
    });
    const excerpt = await readExcerpt(response.body);
    const status = response.statusCode;
    return { status, isSuccess: status >= 200 && status < 300, latencyMs: elapsed(), excerpt };
  } catch (err) {
    return { status: null, isSuccess: false, latencyMs: elapsed(), excerpt: describeError(err) };
  } finally {
    void agent.destroy().catch(() => {});
  }
}

/** The first RESPONSE_EXCERPT_BYTES of the body, the rest not read (the connection is dropped). */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= RESPONSE_EXCERPT_BYTES) break;
    }
  } catch {
    // A body cut off after the status: the status is what counts.
  } finally {
    body.destroy();
  }
  // Cut at a byte count: a character split in two becomes U+FFFD, which is fine for a log line.
  return Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
}

function describeError(err: unknown): string {
  const error = err as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (error.name === "TimeoutError" || error.name === "AbortError") return "timeout: no response in time";
  const code = error.cause?.code ?? error.code;
  const message = error.cause?.message ?? error.message ?? String(err);
  return (code ? `${code}: ${message}` : message).slice(0, RESPONSE_EXCERPT_BYTES);
}
