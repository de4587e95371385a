import type { z } from "zod";
import { ApiError, apiErrorOf, networkError, parseJsonOrNull } from "./api-error";

export type JsonRequest = {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
};

/**
 * The one way the browser calls AXIOM's JSON API: same-origin with the session cookie, JSON in
 * and out, never cached. A 2xx answer is parsed with `schema` — the very schema the server's
 * code is typed with, so a mismatch means this page is older than the server (a deploy happened
 * while it was open). Throws `ApiError` for a non-2xx answer, a failed request (status 0,
 * `network_error`) and an answer of the wrong shape (`invalid_response`); an abort rejects with
 * the signal's AbortError as fetch does.
 */
export async function requestJson<S extends z.ZodType>(
  path: string,
  schema: S,
  request: JsonRequest = {},
): Promise<z.output<S>> {
  const method = request.method ?? "GET";
  const hasBody = request.body !== undefined;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      // Mutations with a body must say JSON (lib/api/request-guards.ts refuses anything else).
      headers: hasBody
        ? { Accept: "application/json", "Content-Type": "application/json" }
        : { Accept: "application/json" },
      body: hasBody ? JSON.stringify(request.body) : undefined,
      credentials: "same-origin",
      cache: "no-store",
      signal: request.signal,
    });
  } catch (err) {
    if (request.signal?.aborted) throw err;
    throw networkError();
  }
  const text = await res.text();
  if (!res.ok) throw apiErrorOf(res.status, text);
  const parsed = schema.safeParse(parseJsonOrNull(text));
  if (!parsed.success) {
    console.error(`${method} ${path}: unexpected answer`, parsed.error.issues);
    throw new ApiError(
      res.status,
      "invalid_response",
      "The server answered in a way this page does not understand. Reload the page.",
    );
  }
  return parsed.data;
}
