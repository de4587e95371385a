/**
 * HTTP security headers (docs/security.md, "Headers"). Two halves:
 *
 * - `STATIC_SECURITY_HEADERS` never change: next.config.ts sends them on every response, static
 *   files included.
 * - The Content-Security-Policy depends on the request (a fresh nonce) and on the runtime
 *   environment (the object store's public origin, which browsers PUT uploads to and fetch media
 *   from after the media route's redirect), so proxy.ts builds it per request. next.config.ts
 *   headers are frozen at `next build`, when the store's address is not known.
 */

/** Sent with every response (next.config.ts). */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Not "no-referrer": with it, browsers send `Origin: null` on same-origin POSTs (Fetch spec,
  // "serialize a request origin"), which the origin check in lib/api/request-guards.ts refuses.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  // Ignored by browsers over plain http (local installs); binding once served over https.
  // No includeSubDomains: AXIOM does not own its parent domain's other hosts.
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export type CspOptions = {
  /** Base64 nonce of this response; Next.js puts it on its own inline and bundle scripts. */
  nonce: string;
  /** Origins of the object store as browsers reach it (`storageOriginsFor`). */
  storageOrigins: readonly string[];
  /** React's development build needs eval (call stacks); production never does. */
  isDevelopment: boolean;
};

/**
 * The policy of one response:
 * - scripts: only this response's nonce, and what those scripts load ('strict-dynamic': Next.js's
 *   runtime adds its chunks as script elements); 'self' is the fallback for browsers without
 *   CSP 3. No 'unsafe-inline', no 'unsafe-eval' in production.
 * - styles: 'unsafe-inline', because server-rendered `style` attributes (progress bars, player
 *   overlays) cannot carry a nonce. Style injection cannot run code.
 * - media: hls.js plays through Media Source Extensions (blob: URLs) and runs its demuxer in a
 *   blob: worker; segments, posters, sprites and proxies come from the store after a redirect.
 * - uploads: the browser PUTs parts straight to the store (connect-src).
 * - framing: none at all (clickjacking), no plugins, no <base> hijack, forms post only here.
 */
export function buildContentSecurityPolicy(options: CspOptions): string {
  const storage = options.storageOrigins.join(" ");
  const directives: Array<[string, string]> = [
    ["default-src", "'self'"],
    ["script-src", `'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.isDevelopment ? " 'unsafe-eval'" : ""}`],
    ["style-src", "'self' 'unsafe-inline'"],
    ["img-src", `'self' data: blob: ${storage}`],
    ["media-src", `'self' blob: ${storage}`],
    ["connect-src", `'self' ${storage}`],
    ["worker-src", "'self' blob:"],
    ["font-src", "'self' data:"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value.trim()}`).join("; ");
}

/**
 * The origins browsers reach the bucket at: the public endpoint (or the endpoint) when set;
 * AWS S3's virtual-hosted and path-style hosts otherwise.
 */
export function storageOriginsFor(env: { S3_PUBLIC_ENDPOINT?: string; S3_ENDPOINT?: string; S3_BUCKET: string; S3_REGION: string }): string[] {
  const endpoint = env.S3_PUBLIC_ENDPOINT ?? env.S3_ENDPOINT;
  if (endpoint) {
    const url = new URL(endpoint);
    // Virtual-hosted style puts the bucket in the host name.
    return [url.origin, `${url.protocol}//${env.S3_BUCKET}.${url.host}`];
  }
  return [
    `https://${env.S3_BUCKET}.s3.${env.S3_REGION}.amazonaws.com`,
    `https://s3.${env.S3_REGION}.amazonaws.com`,
    `https://${env.S3_BUCKET}.s3.amazonaws.com`,
  ];
}

/** 128 random bits, base64: unguessable per response, as CSP nonces must be. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
