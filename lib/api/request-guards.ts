import { AppError } from "@/lib/errors";

/**
 * Cross-site request defences for cookie-authenticated mutations (docs/security.md, "Origin and
 * Content-Type"). The session cookie is SameSite=Lax, which does not stop a *same-site* attacker
 * (a sibling subdomain, another port) nor every browser quirk, so mutations also prove they come
 * from AXIOM's own pages:
 *
 * - `Origin`, when present, must be AXIOM's own origin: the host the request was sent to (`Host`,
 *   or `X-Forwarded-Host` from a proxy — a browser cannot forge either on a cross-site request),
 *   or the configured public URL (`NEXTAUTH_URL`). `Origin: null` (sandboxed frames, opaque
 *   redirects) is refused.
 * - Without `Origin`, `Sec-Fetch-Site: cross-site | same-site` is refused; a request with neither
 *   header is not a browser's cross-site request (curl, scripts, tests) and passes.
 * - A mutation that carries a body must say `Content-Type: application/json`: an HTML form or a
 *   `text/plain` fetch (the only "simple" requests a foreign page can send without a CORS
 *   preflight) is refused with 415 before anything else happens.
 */

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

export function isMutation(req: Request): boolean {
  return !SAFE_METHODS.has(req.method.toUpperCase());
}

/** Throws `forbidden_origin` (403) unless the request comes from AXIOM's own origin (see above). */
export function assertSameOrigin(req: Request, options: { publicUrl?: string }): void {
  const origin = req.headers.get("origin");
  if (origin === null) {
    const site = req.headers.get("sec-fetch-site")?.toLowerCase();
    if (site === "cross-site" || site === "same-site") throw forbiddenOrigin();
    return;
  }
  if (!allowedOrigins(req, options).has(normalizeOrigin(origin) ?? "")) throw forbiddenOrigin();
}

/** The origins this request may come from: its own host under either scheme, and the public URL. */
function allowedOrigins(req: Request, options: { publicUrl?: string }): Set<string> {
  const hosts = [req.headers.get("host"), req.headers.get("x-forwarded-host")?.split(",")[0]]
    .map((h) => h?.trim().toLowerCase())
    .filter((h): h is string => Boolean(h));
  const allowed = new Set<string>();
  for (const host of hosts) {
    // The scheme the browser used is unknown behind a TLS-terminating proxy; the host decides.
    for (const scheme of ["http", "https"]) {
      const o = normalizeOrigin(`${scheme}://${host}`);
      if (o) allowed.add(o);
    }
  }
  const configured = options.publicUrl ? normalizeOrigin(options.publicUrl) : null;
  if (configured) allowed.add(configured);
  return allowed;
}

/** `scheme://host[:port]` with the default port dropped, or null for "null" and garbage. */
function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

function forbiddenOrigin(): AppError {
  return new AppError("forbidden_origin", "This request did not come from AXIOM's own pages.");
}

/**
 * Throws `unsupported_media_type` (415) when a body-carrying mutation is not JSON. A request with
 * no Content-Type passes here; `assertNoBodyWithoutContentType` checks its body is empty.
 */
export function assertJsonContentType(req: Request): void {
  const contentType = req.headers.get("content-type");
  if (contentType === null) return;
  if (mediaTypeOf(contentType) !== "application/json") throw notJson();
}

export function assertNoBodyWithoutContentType(req: Request, bodyText: string): void {
  if (req.headers.get("content-type") === null && bodyText.length > 0) throw notJson();
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

function notJson(): AppError {
  return new AppError("unsupported_media_type", "Send the request body as application/json.");
}
