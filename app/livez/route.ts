/**
 * Liveness: "ok" from the build's static output. It touches neither the database nor a session,
 * so it answers exactly when the web process does — what a process manager or a load balancer's
 * health check should restart or route on (a database outage is not cured by restarting the web
 * app). Readiness, i.e. "can this instance serve pages", is any signed-in page.
 *
 * It is also the ceiling of `npm run bench:load`: the cheapest response the same `next start`
 * process can give — routing, proxy.ts (the CSP nonce) and the security headers included — next
 * to which the real pages are measured (docs/operations.md, "Load").
 */
export const dynamic = "force-static";

export function GET(): Response {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
