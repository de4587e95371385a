import path from "node:path";
import cliProgress from "cli-progress";
import { ApiError } from "@/lib/api-client/api-error";
import type { VersionStatus } from "@/lib/versions/version-status.types";
import { type AxiomApi, axiomApi } from "./axiom-api";
import { assetNameOf, findMediaFiles, type MediaFile } from "./find-media-files";
import { type CliEnv, HELP_TEXT, type IngestOptions, parseCommand } from "./ingest-args";
import { uploadFile } from "./upload-file";
import { uploadStateDir, uploadStateFile } from "./upload-state";

/**
 * `axiom` (bin/axiom.mjs): the command line over /api/v1 (docs/cli.md). Returns the exit code:
 * 0 every file uploaded (with --wait: READY), 1 any file refused or ERROR, 2 usage, configuration
 * or connection errors. Streams are parameters so tests can run it in-process too.
 */

export type CliIo = {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: CliEnv;
  /** How often --wait asks for the version's state. */
  pollMs?: number;
};

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** One line of `--json` per file. `state` is the version's processingState, or REFUSED. */
export type FileResult = {
  file: string;
  versionId: string | null;
  number: number | null;
  state: VersionStatus["processingState"] | "REFUSED";
  errorCode: string | null;
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const command = parseCommand(argv, io.env);
  if (command.kind === "help") {
    io.stdout.write(HELP_TEXT);
    return EXIT_OK;
  }
  if (command.kind === "usage_error") {
    io.stderr.write(`axiom: ${command.message}\n\n${HELP_TEXT}`);
    return EXIT_USAGE;
  }
  try {
    return await ingest(command.options, io);
  } catch (err) {
    // Whatever stops the whole run: AXIOM unreachable, a bad token, an unknown project.
    io.stderr.write(`axiom: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
}

async function ingest(options: IngestOptions, io: CliIo): Promise<number> {
  const api = axiomApi(options.url, options.token);
  const project = await api.findProject(options.project);
  if (!project) throw new Error(`no project with code "${options.project}" that this token's user can see`);

  const found = await findMediaFiles(options.paths);
  for (const s of found.skipped) io.stderr.write(`skipped ${s.path}: ${s.reason}\n`);
  if (found.media.length === 0) {
    io.stderr.write("axiom: no media files to ingest\n");
    return EXIT_USAGE;
  }

  const isTty = "isTTY" in io.stdout && io.stdout.isTTY === true;
  const bars =
    !options.json && isTty ? new cliProgress.MultiBar(BAR_OPTIONS, cliProgress.Presets.shades_classic) : null;
  const stateDir = uploadStateDir(io.env);
  const results: FileResult[] = [];
  let failed = false;

  // One file after another (each file's parts go four at a time): a clear order, and no unbounded memory.
  try {
    for (const file of found.media) {
      const name = path.relative(process.cwd(), file.path) || file.path;
      const bar = bars?.create(file.size, 0, { name: truncate(name, 32) }) ?? null;
      const result = await ingestOne(api, project.id, file, name, options, stateDir, io, (n) => bar?.increment(n));
      bar?.update(file.size);
      results.push(result);
      if (result.state === "REFUSED" || result.state === "ERROR") failed = true;
      if (options.json) io.stdout.write(`${JSON.stringify(result)}\n`);
      else if (!bars) io.stdout.write(`${describe(result)}\n`);
    }
  } finally {
    bars?.stop();
  }
  if (bars) for (const r of results) io.stdout.write(`${describe(r)}\n`);
  return failed ? EXIT_FAILED : EXIT_OK;
}

async function ingestOne(
  api: AxiomApi,
  projectId: string,
  file: MediaFile,
  name: string,
  options: IngestOptions,
  stateDir: string,
  io: CliIo,
  onBytes: (n: number) => void,
): Promise<FileResult> {
  const stateFile = uploadStateFile(stateDir, options.url, projectId, file);
  let version: VersionStatus;
  try {
    ({ version } = await uploadFile(api, projectId, file, options.asset ?? assetNameOf(file.path), stateFile, {
      onBytes,
      urgent: options.urgent,
    }));
  } catch (err) {
    // AXIOM refused this file (too big, a type it does not take, a permission): the others go on.
    if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
      io.stderr.write(`${name}: refused — ${err.message}\n`);
      return { file: name, versionId: null, number: null, state: "REFUSED", errorCode: err.code };
    }
    throw err;
  }
  if (options.wait) version = await waitForVersion(api, version, io.pollMs ?? 2000);
  return {
    file: name,
    versionId: version.id,
    number: version.number,
    state: version.processingState,
    errorCode: version.error?.code ?? null,
  };
}

async function waitForVersion(api: AxiomApi, version: VersionStatus, pollMs: number): Promise<VersionStatus> {
  let current = version;
  while (
    current.processingState !== "READY" &&
    current.processingState !== "ERROR" &&
    current.processingState !== "ABANDONED"
  ) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    current = (await api.getVersion(current.id)).version;
  }
  return current;
}

/** Drawn on stderr (cli-progress's default stream), so stdout carries only the per-file results. */
const BAR_OPTIONS: cliProgress.Options = {
  format: "{name} |{bar}| {percentage}% | {value}/{total} MiB",
  hideCursor: true,
  clearOnComplete: false,
  // Bars count bytes; people read MiB.
  formatValue: (value, _options, type) =>
    type === "value" || type === "total" ? (value / 1024 / 1024).toFixed(1) : String(value),
};

function describe(r: FileResult): string {
  if (r.state === "REFUSED") return `${r.file}: refused (${r.errorCode})`;
  const v = r.number === null ? "" : ` v${r.number}`;
  return `${r.file}:${v} ${r.state}${r.errorCode ? ` (${r.errorCode})` : ""} ${r.versionId}`;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s.padEnd(max) : `…${s.slice(s.length - max + 1)}`;
}
