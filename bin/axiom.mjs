#!/usr/bin/env node
// `axiom` (package.json "bin"), in the two forms the CLI ships in (docs/cli.md, "Install"):
// - a checkout (`npm ci`, then `npx axiom`): runs lib/cli/main.ts through tsx, so there is no
//   build step. The repository's .ts files are CommonJS to Node (package.json has no "type"), so
//   they load with tsx's CommonJS hook, given the tsconfig by path: its `@/` paths must resolve
//   whatever directory the command is run from.
// - the packed package (`npm pack`, `npm install -g axiom-*.tgz`): lib/ is not in it ("files"),
//   only dist/axiom-cli.cjs, the same main.ts bundled by `npm run build:cli` at prepack, which
//   needs no package at all. tsx could not run the sources there anyway: it applies tsconfig
//   paths only outside node_modules, where a global install puts them.
// The source wins when it is present, so a checkout never runs a stale bundle.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const source = fileURLToPath(new URL("../lib/cli/main.ts", import.meta.url));

async function loadMain() {
  if (!existsSync(source)) return require("../dist/axiom-cli.cjs").main;
  const { register } = await import("tsx/cjs/api");
  process.env.TSX_TSCONFIG_PATH = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
  register();
  return require(source).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
