/**
 * `npm run bench`: every benchmark, one after the other, each printing its ratios against the raw
 * tool measured in the same run (docs/measurements.md: compare within one run only, never across hosts).
 *
 *  1. bench:upload    — presigned multipart upload of 1 GiB vs a plain SDK upload; bytes the web server saw
 *  2. bench:pipeline  — enqueue -> READY for 60 s of 1080p ProRes vs the bare FFmpeg command; one-pass ladder
 *                       vs three runs
 *  3. bench:load      — project page, asset page and GET /api/versions/:id at 100 connections against the
 *                       production build vs a static route of the same process
 *  4. bench:sse       — commit → delivery p50/p99 on 200 open live streams (SSE) of one web process, beside
 *                       the commit's own time
 *  5. bench:scale     — k = 1, 2 (4) worker processes pinned to disjoint cores, 20 short sources each:
 *                       throughput(k) ÷ (k × throughput(1))
 *
 * A failing benchmark does not stop the others; the exit code is non-zero if any failed.
 * `--only upload|pipeline|load|scale|sse` runs one of them; any other arguments are passed to each benchmark.
 */
import path from "node:path";
import { runCommand } from "../scripts/dev-services";

const BENCHMARKS = {
  upload: "bench/upload.ts",
  pipeline: "bench/pipeline.ts",
  load: "bench/load.ts",
  scale: "bench/scale.ts",
  sse: "bench/sse.ts",
} as const;
type BenchmarkName = keyof typeof BENCHMARKS;

const ROOT = path.resolve(__dirname, "..");

function parseArgs(argv: string[]): { only: BenchmarkName[]; passThrough: string[] } {
  const i = argv.indexOf("--only");
  if (i < 0) return { only: Object.keys(BENCHMARKS) as BenchmarkName[], passThrough: argv };
  const name = argv[i + 1];
  if (!name || !(name in BENCHMARKS)) {
    throw new Error(`--only takes one of: ${Object.keys(BENCHMARKS).join(", ")}`);
  }
  return { only: [name as BenchmarkName], passThrough: [...argv.slice(0, i), ...argv.slice(i + 2)] };
}

async function main(): Promise<number> {
  const { only, passThrough } = parseArgs(process.argv.slice(2));
  const log = (message: string) => console.log(`[bench] ${message}`);
  const failed: string[] = [];
  for (const name of only) {
    log(`── ${name} ──`);
    const exitCode = await runCommand(path.join(ROOT, "node_modules", ".bin", "tsx"), [BENCHMARKS[name], ...passThrough], {
      cwd: ROOT,
      env: process.env,
    });
    if (exitCode !== 0) failed.push(`${name} (exit ${exitCode})`);
  }
  log(failed.length ? `failed: ${failed.join(", ")}` : `done: ${only.join(", ")}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
