import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { proxy } from "@/proxy";
import { buildContentSecurityPolicy, createNonce, STATIC_SECURITY_HEADERS, storageOriginsFor } from "./security-headers";

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => {
    const [name = "", ...values] = d.trim().split(/\s+/);
    return [name, values];
  }));
}

describe("buildContentSecurityPolicy", () => {
  const policy = buildContentSecurityPolicy({ nonce: "abc123==", storageOrigins: ["https://s3.studio.example"], isDevelopment: false });
  const d = directives(policy);

  it("runs only this response's scripts and what they load: no inline, no eval", () => {
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy).not.toContain("unsafe-eval");
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
  });

  it("refuses every frame ancestor", () => {
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("lets hls.js play (blob: media and worker) and the browser reach the object store", () => {
    expect(d.get("media-src")).toEqual(["'self'", "blob:", "https://s3.studio.example"]);
    expect(d.get("worker-src")).toEqual(["'self'", "blob:"]);
    expect(d.get("connect-src")).toEqual(["'self'", "https://s3.studio.example"]);
    expect(d.get("img-src")).toContain("https://s3.studio.example");
  });

  it("allows eval only in development (React's dev build needs it)", () => {
    expect(buildContentSecurityPolicy({ nonce: "n", storageOrigins: [], isDevelopment: true })).toContain("'unsafe-eval'");
  });
});

describe("storageOriginsFor", () => {
  it("uses the public endpoint browsers see, path and virtual-hosted style", () => {
    expect(
      storageOriginsFor({ S3_ENDPOINT: "http://minio:9000", S3_PUBLIC_ENDPOINT: "https://s3.studio.example/", S3_BUCKET: "axiom", S3_REGION: "us-east-1" }),
    ).toEqual(["https://s3.studio.example", "https://axiom.s3.studio.example"]);
  });

  it("names AWS's hosts when no endpoint is set", () => {
    expect(storageOriginsFor({ S3_BUCKET: "axiom", S3_REGION: "eu-west-1" })).toContain("https://axiom.s3.eu-west-1.amazonaws.com");
  });
});

describe("createNonce", () => {
  it("is new every time and 128 bits long", () => {
    const a = createNonce();
    expect(a).not.toBe(createNonce());
    expect(Buffer.from(a, "base64")).toHaveLength(16);
  });
});

describe("proxy.ts", () => {
  it("puts a fresh policy on the response and on the request (where Next.js reads the nonce)", () => {
    const first = proxy(new NextRequest("http://axiom.test/projects"));
    const second = proxy(new NextRequest("http://axiom.test/projects"));
    const policy = first.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
    // NextResponse.next({ request: { headers } }) forwards overridden request headers this way.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
  });
});

describe("next.config.ts headers", () => {
  it("sends the static headers on every path", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    expect(rules).toEqual([{ source: "/:path*", headers: STATIC_SECURITY_HEADERS }]);
    const byName = new Map(STATIC_SECURITY_HEADERS.map((h) => [h.key, h.value]));
    expect(byName.get("X-Content-Type-Options")).toBe("nosniff");
    expect(byName.get("X-Frame-Options")).toBe("DENY");
    expect(byName.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(byName.get("Strict-Transport-Security")).toMatch(/^max-age=\d{8,}/);
  });
});
