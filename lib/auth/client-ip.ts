import { isIP } from "node:net";

/**
 * The address sign-ins are counted under (lib/auth/sign-in-rate-limit.ts), from X-Forwarded-For.
 *
 * `next start` sets X-Forwarded-For to the socket's address only when the request has none
 * (`??=` in Next's base server), and a reverse proxy (nginx `$proxy_add_x_forwarded_for`, Caddy,
 * a load balancer) appends the address it saw. So with `trustedProxyHops` proxies in front, the
 * client is the entry that many places from the end; with 0 or 1 it is the last one. A client
 * talking to `next start` directly can choose that value by sending its own header: deploy
 * behind a proxy (docs/security.md). The per-email backstop bounds what a forged address buys.
 *
 * IPv6 clients are counted per /64: one host usually holds a whole /64 and can rotate through it.
 */
export function clientNetworkOf(headers: Headers | Record<string, unknown>, trustedProxyHops = 1): string {
  const raw = headerValue(headers, "x-forwarded-for");
  if (!raw) return "unknown";
  const entries = raw.split(",").map((e) => e.trim()).filter(Boolean);
  const entry = entries[Math.max(0, entries.length - Math.max(1, trustedProxyHops))];
  return entry ? networkOf(entry) : "unknown";
}

/** "203.0.113.5", "2001:db8:0:12::/64" or "unknown" (anything that is not an address). */
export function networkOf(address: string): string {
  let a = address.trim().toLowerCase();
  // "[2001:db8::1]:443" and "203.0.113.5:443" (some proxies keep the port).
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  if (a.startsWith("::ffff:") && isIP(a.slice(7)) === 4) a = a.slice(7);
  const version = isIP(a);
  if (version === 4) return a;
  if (version !== 6) return "unknown";
  return `${expandIpv6(a).slice(0, 4).join(":")}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail ("::1.2.3.4") takes two groups; it never matters for the /64.
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...Array.from({ length: Math.max(0, missing) }, () => "0"), ...right];
  return groups.map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? String(parseInt(g, 16).toString(16)) : g));
}

function headerValue(headers: Headers | Record<string, unknown>, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const value = headers[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string").join(",");
  return null;
}
