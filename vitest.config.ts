import path from "node:path";
import { defineConfig } from "vitest/config";

const root = __dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // The real module throws outside React Server Components; tests call server code directly.
      "server-only": path.join(root, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    // Audit events are HMAC-chained with this key (lib/audit); a fixed one, so runs are repeatable.
    env: { AUDIT_HMAC_KEY: "axiom-test-audit-hmac-key-not-a-secret-0123" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["{lib,components,jobs,scripts,tests}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.{ts,tsx}", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["**/*.int.test.{ts,tsx}"],
          exclude: ["**/node_modules/**", ".next/**", ".axiom/**"],
          globalSetup: ["tests/global-setup.ts"],
          // Real PostgreSQL, S3 and FFmpeg: a busy 2-core host can take seconds per step.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file clones its own database; two at a time keeps a 2-core host responsive.
          maxWorkers: 2,
        },
      },
    ],
  },
});
