/**
 * `npm run test:cli-install`: the CLI as someone installs it globally (docs/cli.md, "Install"):
 * `npm pack` (its prepack bundles lib/cli into dist/axiom-cli.cjs), `npm install -g` of that
 * tarball into a throwaway prefix, then `<prefix>/bin/axiom --help`, and, given a running AXIOM
 * (`AXIOM_URL`, `AXIOM_TOKEN`, `AXIOM_CLI_TEST_PROJECT` = a project code), one ingest of a
 * one-second FFmpeg test clip with `--wait --json`, which must end READY.
 *
 * Not part of `npm test`: the install fetches the package's dependencies from the npm registry (or
 * the local npm cache). tests/cli-ingest.int.test.ts covers the packed bin without that, offline.
 * Exit code 0: every step passed; 1: a step failed (it says which).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");

function step(name: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: "utf8" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}${run.stderr}`);
    throw new Error(`${name} failed (exit code ${run.status}, ${seconds} s)`);
  }
  console.log(`ok   ${name} (${seconds} s)`);
  return run.stdout;
}

function main(): number {
  const work = mkdtempSync(path.join(os.tmpdir(), "axiom-cli-install-"));
  const prefix = path.join(work, "prefix");
  try {
    step("npm pack", "npm", ["pack", "--pack-destination", work, "--silent"]);
    const tarball = readdirSync(work).find((f) => /^axiom-.*\.tgz$/.test(f));
    if (!tarball) throw new Error("npm pack made no axiom-*.tgz");
    // npm_config_prefix: where a global install goes, so nothing outside `work` is touched.
    const env = { ...process.env, npm_config_prefix: prefix };
    step(
      `npm install -g ${tarball} (prefix ${prefix})`,
      "npm",
      ["install", "-g", path.join(work, tarball), "--no-audit", "--no-fund"],
      {
        cwd: work,
        env,
      },
    );
    const bin = path.join(prefix, "bin", "axiom");
    // Run from elsewhere, with a PATH that has the prefix's bin first, as a user's shell would.
    const userEnv = { ...process.env, PATH: `${path.dirname(bin)}:${process.env.PATH}` };
    const help = step("axiom --help", "axiom", ["--help"], { cwd: work, env: userEnv });
    if (!help.includes("Usage: axiom ingest")) throw new Error("axiom --help printed no usage");

    const { AXIOM_URL, AXIOM_TOKEN, AXIOM_CLI_TEST_PROJECT } = process.env;
    if (!AXIOM_URL || !AXIOM_TOKEN || !AXIOM_CLI_TEST_PROJECT) {
      console.log(
        "skip axiom ingest: set AXIOM_URL, AXIOM_TOKEN and AXIOM_CLI_TEST_PROJECT (a project code) to ingest into a running AXIOM",
      );
      return 0;
    }
    const clip = path.join(work, `cli_install_${Date.now()}.mp4`);
    step("ffmpeg test clip", "ffmpeg", [
      ...[
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=24",
        "-t",
        "1",
      ],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip],
    ]);
    const out = step(
      "axiom ingest --wait --json",
      "axiom",
      ["ingest", clip, "--project", AXIOM_CLI_TEST_PROJECT, "--wait", "--json"],
      {
        cwd: work,
        env: { ...userEnv, AXIOM_STATE_DIR: path.join(work, "state") },
      },
    );
    const result = JSON.parse(out.trim()) as { state?: string; versionId?: string };
    if (result.state !== "READY") throw new Error(`ingest ended ${result.state}, not READY: ${out.trim()}`);
    console.log(`ok   version ${result.versionId} READY`);
    return 0;
  } catch (err) {
    console.error(`FAIL ${(err as Error).message}`);
    return 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
