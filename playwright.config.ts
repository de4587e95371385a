import { defineConfig, devices } from "@playwright/test";

/**
 * Run through `npm run test:e2e` (scripts/e2e.ts), which builds and starts the app, the worker,
 * PostgreSQL and s3rver and passes E2E_BASE_URL, E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD,
 * E2E_DATABASE_URL and E2E_S3_CONTROL_URL. Running `playwright test` directly needs those set by hand.
 */
const jsonReport = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // One browser at a time: the app, the worker and FFmpeg share a 2-core host with it.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // scripts/test.ts asks for a JSON report too, to count results for its summary.
  reporter: jsonReport ? [["list"], ["json", { outputFile: jsonReport }]] : "list",
  outputDir: "test-results",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Debian's Chromium, never a downloaded one (scripts/test.ts installs it with apt-get).
          executablePath: "/usr/bin/chromium",
          args: [
            "--no-sandbox", // root in a container: the sandbox cannot start
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
});
