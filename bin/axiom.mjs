#!/usr/bin/env node
// `npx axiom` (package.json "bin"): runs lib/cli/main.ts through tsx, so a checkout works after
// `npm ci` with no build step. The repository's .ts files are CommonJS to Node (package.json has no
// "type"), so this loads them with tsx's CommonJS hook, given the tsconfig by path: its `@/` paths
// must resolve whatever directory the command is run from.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { register } from "tsx/cjs/api";

process.env.TSX_TSCONFIG_PATH = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
register();
const { main } = createRequire(import.meta.url)("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
