import { describe, expect, it } from "vitest";
import { assertWebhookUrlAllowed, guardedLookup, isBlockedAddress } from "./ssrf-guard";

describe("isBlockedAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "100.64.0.1",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "192.0.0.8",
    "198.18.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",
    "64:ff9b::10.0.0.1",
    "0:0:0:0:0:ffff:c0a8:0101",
    "not-an-ip",
    "",
  ])("blocks %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "172.15.255.255",
    "100.128.0.1",
    "169.253.0.1",
    "192.169.0.1",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "fbff::1",
  ])("allows %s", (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe("assertWebhookUrlAllowed", () => {
  const resolveTo = (address: string, family = 4) => async () => [{ address, family }];

  it("refuses loopback, private and metadata literals without the flag", async () => {
    for (const url of ["http://127.0.0.1:8080/hook", "http://[::1]/", "http://169.254.169.254/latest", "https://10.1.2.3/", "http://[::ffff:127.0.0.1]/"]) {
      await expect(assertWebhookUrlAllowed(url, { allowPrivate: false }), url).rejects.toMatchObject({ code: "validation_failed" });
    }
  });

  it("refuses a name that resolves to a private address, accepts one that resolves to a public one", async () => {
    await expect(assertWebhookUrlAllowed("https://hooks.example.test/", { allowPrivate: false, resolve: resolveTo("192.168.0.5") })).rejects.toThrow(/192\.168\.0\.5/);
    await expect(assertWebhookUrlAllowed("https://hooks.example.test/", { allowPrivate: false, resolve: resolveTo("93.184.215.14") })).resolves.toBeInstanceOf(URL);
  });

  it("refuses other schemes and credentials in the URL, even with the flag", async () => {
    await expect(assertWebhookUrlAllowed("ftp://example.com/", { allowPrivate: true })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(assertWebhookUrlAllowed("https://u:p@example.com/", { allowPrivate: true })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(assertWebhookUrlAllowed("not a url", { allowPrivate: true })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("accepts a loopback URL with the flag", async () => {
    await expect(assertWebhookUrlAllowed("http://127.0.0.1:8080/hook", { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });
});

describe("guardedLookup", () => {
  function lookup(addresses: { address: string; family: number }[], allowPrivate: boolean, all: boolean) {
    const fn = guardedLookup({ allowPrivate, resolve: async () => addresses });
    return new Promise<{ err: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
      fn("hooks.example.test", { all }, (err, address) => resolve({ err, result: address })),
    );
  }

  it("refuses a name with any blocked answer (a rebinding name mixing public and private)", async () => {
    const { err } = await lookup([{ address: "93.184.215.14", family: 4 }, { address: "127.0.0.1", family: 4 }], false, true);
    expect(err?.code).toBe("EWEBHOOKBLOCKED");
  });

  it("hands over exactly the checked addresses", async () => {
    expect((await lookup([{ address: "93.184.215.14", family: 4 }], false, false)).result).toBe("93.184.215.14");
    expect((await lookup([{ address: "127.0.0.1", family: 4 }], true, true)).result).toEqual([{ address: "127.0.0.1", family: 4 }]);
  });
});
