/**
 * `npm run seed:scale -- --assets 10000 --versions 30000 [--project CODE]`: fills a project (created
 * when missing, default SCALE) with realistic rows for benchmarks and for trying the project page
 * (scripts/seed-scale.ts, docs/browsing.md). Connects as DATABASE_URL; signs its audit events with
 * AUDIT_HMAC_KEY like the app.
 */
import { parseArgs } from "node:util";
import { createDb } from "../db/client";
import { getEnv } from "../lib/env";
import { seedScale, seedScaleOptions } from "./seed-scale";

async function main() {
  const { values } = parseArgs({
    options: { assets: { type: "string" }, versions: { type: "string" }, project: { type: "string" } },
    strict: true,
  });
  const options = seedScaleOptions.parse(values);
  const handle = createDb(getEnv().DATABASE_URL, { max: 1 });
  const started = performance.now();
  try {
    const result = await seedScale(handle.db, options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `project ${options.project} (${result.projectId}): ${result.assets} assets, ${result.versions} versions, ` +
        `${result.decisions} decisions, ${result.comments} comment threads, ${result.auditEvents} audit events in ${seconds} s`,
    );
    if (result.password) console.log(`the seeded people (…@scale.axiom.local) sign in with the password: ${result.password}`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
