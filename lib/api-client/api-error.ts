import { z } from "zod";

/**
 * Any request the browser makes for AXIOM that did not succeed: an answer of AXIOM's API (its
 * `{ error: { code, message } }` body, docs/review-api.md), an object store's answer to a presigned
 * upload, or no answer at all (`status` 0, like XMLHttpRequest's). `message` is a sentence fit to
 * show the user.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Not `strictObject`: a proxy in front of AXIOM may answer too, with anything. */
const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * The error a non-2xx answer stands for: the server's code and sentence when the body is AXIOM's
 * error body, else `http_error` with the status (a proxy's HTML page, an empty body).
 */
export function apiErrorOf(status: number, bodyText: string): ApiError {
  const parsed = errorBodySchema.safeParse(parseJsonOrNull(bodyText));
  return parsed.success
    ? new ApiError(status, parsed.data.error.code, parsed.data.error.message)
    : new ApiError(status, "http_error", `Request failed (${status}).`);
}

export function parseJsonOrNull(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A fetch that got no answer (offline, connection reset, DNS): retrying may help. */
export function networkError(): ApiError {
  return new ApiError(0, "network_error", "Could not reach AXIOM. Check the connection and try again.");
}

/** What to show for any error a request or a mutation threw. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : "Something went wrong.";
}
