import { describe, expect, it } from "vitest";
import { clientNetworkOf, networkOf } from "./client-ip";

describe("clientNetworkOf", () => {
  it("takes the address the nearest proxy appended (the last entry)", () => {
    expect(clientNetworkOf(new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5" }))).toBe("203.0.113.5");
    expect(clientNetworkOf({ "x-forwarded-for": "203.0.113.5" })).toBe("203.0.113.5");
  });

  it("counts back past further trusted proxies", () => {
    expect(clientNetworkOf({ "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.2" }, 2)).toBe("203.0.113.5");
    expect(clientNetworkOf({ "x-forwarded-for": "203.0.113.5" }, 3)).toBe("203.0.113.5");
  });

  it("is 'unknown' without a usable address", () => {
    expect(clientNetworkOf({})).toBe("unknown");
    expect(clientNetworkOf({ "x-forwarded-for": "not-an-ip" })).toBe("unknown");
    expect(clientNetworkOf({ "x-forwarded-for": "pair:1.2.3.4 admin@x" })).toBe("unknown");
  });
});

describe("networkOf", () => {
  it("keeps IPv4 addresses, dropping a port and the IPv4-mapped prefix", () => {
    expect(networkOf("203.0.113.5")).toBe("203.0.113.5");
    expect(networkOf("203.0.113.5:4431")).toBe("203.0.113.5");
    expect(networkOf("::ffff:203.0.113.5")).toBe("203.0.113.5");
  });

  it("counts IPv6 per /64, however the address is written", () => {
    expect(networkOf("2001:db8:0:12::1")).toBe("2001:db8:0:12::/64");
    expect(networkOf("2001:0DB8:0000:0012:ffff:1:2:3")).toBe("2001:db8:0:12::/64");
    expect(networkOf("[2001:db8:0:12::7]:443")).toBe("2001:db8:0:12::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
  });
});
