import { parseArgs } from "node:util";

/**
 * `axiom ingest` arguments and environment, parsed with node:util's parseArgs (no dependency; it
 * refuses unknown flags and missing values itself). A usage error is a value, not a throw, so the
 * caller maps it to exit code 2 and the help text.
 */

/** The environment the CLI reads (process.env, or a test's own). */
export type CliEnv = Readonly<Record<string, string | undefined>>;

export type IngestOptions = {
  paths: string[];
  project: string;
  asset: string | null;
  wait: boolean;
  json: boolean;
  /** Queue the versions urgent (docs/processing.md, "Queue order"); the token's user needs version.prioritize. */
  urgent: boolean;
  url: string;
  token: string;
};

export type ParsedCommand =
  | { kind: "help" }
  | { kind: "ingest"; options: IngestOptions }
  | { kind: "usage_error"; message: string };

export const HELP_TEXT = `Usage: axiom ingest <files or folders…> --project <code> [--asset <name>] [--wait] [--json] [--urgent]

Uploads media files to an AXIOM project over /api/v1 (docs/cli.md).

Options:
  --project <code>  the project's code, e.g. DEMO (required)
  --asset <name>    the asset to add the version(s) to; default: each file's name without its extension
  --wait            after uploading, wait until each version is READY or ERROR
  --json            one JSON object per file on stdout: file, versionId, number, state, errorCode
  --urgent          process these before other uploads (needs a producer's token)
  -h, --help        this text

Folders are walked recursively; only media files (lib/media/media-formats.ts) are sent, others are
skipped with a note on stderr. An interrupted run resumes: run the same command again.

Environment:
  AXIOM_URL    AXIOM's address, e.g. https://axiom.example.com (required)
  AXIOM_TOKEN  an API token, axm_… (Settings → API tokens) (required)

Exit codes: 0 every file uploaded (with --wait: READY); 1 a file was refused or ended in ERROR;
2 usage, configuration or connection error.
`;

export function parseCommand(argv: string[], env: CliEnv): ParsedCommand {
  let parsed: ReturnType<typeof parseIngestArgs>;
  try {
    parsed = parseIngestArgs(argv);
  } catch (err) {
    return { kind: "usage_error", message: err instanceof Error ? err.message : String(err) };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { kind: "help" };
  const [command, ...paths] = positionals;
  if (command === "help") return { kind: "help" };
  if (command !== "ingest") return { kind: "usage_error", message: `unknown command "${command}"` };
  if (paths.length === 0) return { kind: "usage_error", message: "name at least one file or folder to ingest" };
  if (!values.project) return { kind: "usage_error", message: "--project <code> is required" };
  if (values.asset !== undefined && values.asset.trim() === "")
    return { kind: "usage_error", message: "--asset must not be empty" };
  const url = env["AXIOM_URL"]?.trim();
  const token = env["AXIOM_TOKEN"]?.trim();
  if (!url) return { kind: "usage_error", message: "set AXIOM_URL to AXIOM's address" };
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    return { kind: "usage_error", message: `AXIOM_URL is not an http(s) URL: ${url}` };
  if (!token) return { kind: "usage_error", message: "set AXIOM_TOKEN to an API token (Settings → API tokens)" };
  return {
    kind: "ingest",
    options: {
      paths,
      project: values.project,
      asset: values.asset?.trim() ?? null,
      wait: values.wait ?? false,
      json: values.json ?? false,
      urgent: values.urgent ?? false,
      url: url.replace(/\/+$/, ""),
      token,
    },
  };
}

function parseIngestArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      project: { type: "string" },
      asset: { type: "string" },
      wait: { type: "boolean" },
      urgent: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
