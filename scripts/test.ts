/**
 * `npm test`: every suite, in order — lint, unit, integration, end-to-end — even when an earlier
 * one fails, then a summary. Exits non-zero if anything failed.
 *
 * FFmpeg and Chromium are checked (and installed with apt-get when running as root) first. The
 * test PostgreSQL server is chosen once and handed to every suite as TEST_DATABASE_URL, so an
 * embedded server starts at most once per run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { chooseTestPostgres, ensureChromium, ensureFfmpeg, runCommand } from "./dev-services";

const ROOT = path.resolve(__dirname, "..");

type Counts = { passed: number; failed: number; skipped: number };
type SuiteResult = { name: string; exitCode: number; counts?: Counts; note?: string };

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
  numTodoTests: z.number().default(0),
});
const playwrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
});

function log(message: string): void {
  console.log(`[test] ${message}`);
}

async function main(): Promise<number> {
  const results: SuiteResult[] = [];
  // First, as it takes a second: lint rules and import boundaries (biome.jsonc).
  log("running the linter (npm run lint)");
  const lintCode = await runCommand("npm", ["run", "--silent", "lint"], { cwd: ROOT });
  results.push({ name: "lint", exitCode: lintCode, note: lintCode === 0 ? "clean" : "see the findings above" });

  await ensureFfmpeg({ log });
  await ensureChromium({ log });

  const pg = await chooseTestPostgres({ testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined, log });
  log(`test PostgreSQL: ${pg.source}`);
  const stopOnSignal = (code: number) => () => {
    // The suites share our process group, so the terminal's Ctrl-C has reached them already.
    void pg.stop().finally(() => process.exit(code));
  };
  process.once("SIGINT", stopOnSignal(130));
  process.once("SIGTERM", stopOnSignal(143));

  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-test-reports-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEST_DATABASE_URL: pg.adminUrl,
    // Vite warns that this CommonJS project's vitest.config.ts would not load natively; harmless here.
    VITE_CONFIG_NATIVE_IGNORE_WARNING: "true",
  };
  try {
    for (const project of ["unit", "integration"] as const) {
      const reportFile = path.join(reportDir, `${project}.json`);
      log(`running ${project} tests`);
      const exitCode = await runCommand(
        path.join(ROOT, "node_modules", ".bin", "vitest"),
        ["run", "--project", project, "--passWithNoTests", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`],
        { env, cwd: ROOT },
      );
      results.push({ name: project, exitCode, counts: readVitestCounts(reportFile) });
    }

    log("running end-to-end tests");
    const e2eReport = path.join(reportDir, "e2e.json");
    const exitCode = await runCommand("npm", ["run", "--silent", "test:e2e"], {
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
      cwd: ROOT,
    });
    const counts = readPlaywrightCounts(e2eReport);
    results.push({ name: "e2e", exitCode, counts, note: !counts && exitCode === 0 ? "skipped (see above)" : undefined });

    // The short form of `npm run reliability` (~1.5 min): its own PostgreSQL and S3, the build the
    // e2e step just made, faults injected; the long form stays behind `npm run reliability`.
    log("running the reliability scenarios (short form)");
    const reliabilityCode = await runCommand("npm", ["run", "--silent", "reliability", "--", "--short", "--reuse-build"], { env, cwd: ROOT });
    results.push({ name: "reliability", exitCode: reliabilityCode, note: reliabilityCode === 0 ? "6 scenarios clean (reports/reliability.json)" : "see the table above" });
  } finally {
    await pg.stop();
    fs.rmSync(reportDir, { recursive: true, force: true });
  }

  return printSummary(results);
}

function printSummary(results: SuiteResult[]): number {
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const failedSuites: string[] = [];
  console.log("\n[test] summary");
  for (const result of results) {
    const { counts } = result;
    if (counts) {
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
    }
    // A suite can fail with no failed test: it crashed, a build failed, a setup hook threw.
    if (result.exitCode !== 0) failedSuites.push(result.name);
    const detail = counts
      ? `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`
      : (result.note ?? "no results");
    console.log(`  ${result.name.padEnd(12)} ${result.exitCode === 0 ? "ok  " : "FAIL"}  ${detail}`);
  }
  const suiteNote = failedSuites.length > 0 ? ` (failed suites: ${failedSuites.join(", ")})` : "";
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped${suiteNote}`);
  return failedSuites.length > 0 || total.failed > 0 ? 1 : 0;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function readVitestCounts(file: string): Counts | undefined {
  const parsed = vitestReport.safeParse(readJson(file));
  if (!parsed.success) return undefined;
  const r = parsed.data;
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function readPlaywrightCounts(file: string): Counts | undefined {
  const parsed = playwrightReport.safeParse(readJson(file));
  if (!parsed.success) return undefined;
  const s = parsed.data.stats;
  // "flaky" passed on a retry: counted as passed, the list reporter above names them.
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error("[test]", error instanceof Error ? error.message : error);
    process.exit(1);
  });
