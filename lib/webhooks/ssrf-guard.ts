import dns from "node:dns";
import net from "node:net";
import { AppError } from "@/lib/errors";

/**
 * The SSRF guard of webhooks (docs/webhooks.md, "Address checks"). An admin types a URL and the
 * worker POSTs to it: without this, `http://169.254.169.254/…` (cloud metadata), `http://127.0.0.1:5432`
 * or any host on the worker's LAN would be one form away. Addresses are checked twice:
 *
 * - at registration (`assertWebhookUrlAllowed`): the URL's literal address, or every address its
 *   host name resolves to now, so the admin hears about a private target at once;
 * - at connect time (`guardedLookup`, the delivery agent's `connect.lookup`): the address the
 *   socket connects to is the one this check resolved and accepted. A name that resolved to a
 *   public address at registration and to 127.0.0.1 now (DNS rebinding) is refused here.
 *
 * `allowPrivate` (WEBHOOK_ALLOW_PRIVATE=true) turns both off: a receiver on the same host or LAN.
 */

const BLOCKED = new net.BlockList();
// IPv4: "this network" (0.0.0.0 reaches the local host on Linux), private (RFC 1918), shared
// address space (CGNAT, RFC 6598), loopback, link-local (cloud metadata), IETF protocol
// assignments, benchmarking, multicast, reserved and broadcast.
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(prefix, bits, "ipv4");
}
// IPv6: unspecified, loopback, unique local (fc00::/7), link-local, site-local (deprecated),
// multicast. v4-mapped, v4-compatible and NAT64 addresses are checked as the IPv4 they carry.
BLOCKED.addAddress("::", "ipv6");
BLOCKED.addAddress("::1", "ipv6");
for (const [prefix, bits] of [
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(prefix, bits, "ipv6");
}

/** The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d), or null. */
function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  const isCompatible = groups.slice(0, 6).every((g) => g === 0) && (groups[6]! !== 0 || groups[7]! > 1);
  const isNat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!isMapped && !isCompatible && !isNat64) return null;
  const hi = groups[6]!;
  const lo = groups[7]!;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** The 8 groups of an IPv6 address (with a dotted IPv4 tail or `::`), or null if it is not one. */
function expandIpv6(address: string): number[] | null {
  if (!net.isIPv6(address)) return null;
  let text = address.split("%")[0]!.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = tail === null ? [] : new Array(8 - headGroups.length - tailGroups.length).fill("0");
  const groups = [...headGroups, ...zeros, ...tailGroups].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * Whether an IP address is one a webhook must not reach: loopback, link-local, private, shared,
 * multicast, reserved or unspecified, in IPv4 or IPv6 (IPv4 carried in IPv6 included). Anything
 * that is not an IP address at all counts as blocked.
 */
export function isBlockedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return BLOCKED.check(v4, "ipv4");
  return BLOCKED.check(address.split("%")[0]!, "ipv6");
}

export type ResolvedAddress = { address: string; family: number };
/** Every address of a host name (dns.lookup, as the OS resolves it). Tests pass their own. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithSystem: ResolveHost = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

function refused(message: string): AppError {
  return new AppError("validation_failed", message, { field: "url" });
}

/** A URL's host as an address or name (URL keeps IPv6 literals in brackets). */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * The registration check: an http(s) URL without credentials whose host is a public address or a
 * name that resolves only to public ones. Throws `validation_failed` (field `url`) otherwise.
 */
export async function assertWebhookUrlAllowed(
  raw: string,
  options: { allowPrivate: boolean; resolve?: ResolveHost },
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused("Enter a full URL, such as https://hooks.example.com/axiom.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refused("The URL must start with https:// or http://.");
  if (url.username || url.password) throw refused("Put credentials in the receiver's check of the signature, not in the URL.");
  if (options.allowPrivate) return url;
  const host = hostOf(url);
  if (net.isIP(host)) {
    if (isBlockedAddress(host)) throw refused(`${host} is a loopback, link-local or private address.`);
    return url;
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.resolve ?? resolveWithSystem)(host);
  } catch {
    throw refused(`${host} does not resolve.`);
  }
  const blocked = addresses.find((a) => isBlockedAddress(a.address));
  if (addresses.length === 0 || blocked) {
    throw refused(`${host} resolves to ${blocked?.address ?? "nothing"}, a loopback, link-local or private address.`);
  }
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;
/** The shape of `net.connect`'s `lookup` option (what undici's connector passes through). */
export type ConnectLookup = (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => void;

/**
 * `connect.lookup` for the delivery agent: resolves the name itself and hands the socket only
 * addresses it accepted, so the connection goes to a checked address (no second resolution an
 * attacker's DNS could answer differently). One blocked address refuses the whole name: a
 * rebinding name typically mixes a public and a private answer. An IP literal never reaches a
 * lookup (net connects to it directly): `sendWebhook` checks those itself.
 */
export function guardedLookup(options: { allowPrivate: boolean; resolve?: ResolveHost }): ConnectLookup {
  const resolve = options.resolve ?? resolveWithSystem;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted = Number(lookupOptions.family) === 4 || Number(lookupOptions.family) === 6 ? Number(lookupOptions.family) : 0;
        const addresses = wanted ? all.filter((a) => a.family === wanted) : all;
        const blocked = options.allowPrivate ? undefined : addresses.find((a) => isBlockedAddress(a.address));
        if (blocked || addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(
            blocked ? `webhook: ${hostname} resolves to ${blocked.address}, a blocked address` : `webhook: ${hostname} has no address`,
          );
          error.code = blocked ? "EWEBHOOKBLOCKED" : "ENOTFOUND";
          callback(error, "");
          return;
        }
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ""),
    );
  };
}
