import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../db/migrate";
import { ensureLoginRole } from "../db/roles";
import {
  chooseTestPostgres,
  createDatabase,
  dropDatabase,
  TEST_APP_ROLE,
  uniqueDatabaseName,
  withDatabase,
} from "../scripts/dev-services/postgres-admin";
import { startLocalS3 } from "../scripts/dev-services/local-s3";

export type TestS3Config = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    /** Superuser URL on the test server's maintenance database. */
    TEST_PG_ADMIN_URL: string;
    /** Migrated database that each test file clones (see tests/helpers/test-db.ts). */
    TEST_TEMPLATE_DB: string;
    /** The app role (docs/security.md, "Database roles") every cloned database grants its privileges to. */
    TEST_APP_ROLE: { name: string; password: string };
    TEST_S3: TestS3Config;
  }
}

/**
 * Once per integration run: a migrated template database (cloning it costs ~100 ms where
 * migrating costs seconds) and one s3rver. Returns the teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (message: string) => console.log(`[global-setup] ${message}`);
  const pg = await chooseTestPostgres({ testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined, log });
  const template = uniqueDatabaseName("axiom_tpl");
  const s3Dir = await fs.mkdtemp(path.join(os.tmpdir(), "axiom-test-s3-"));
  const cleanups: Array<() => Promise<void>> = [
    () => pg.stop(),
    () => fs.rm(s3Dir, { recursive: true, force: true }),
  ];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error("[global-setup] teardown:", error));
    }
  };

  try {
    await createDatabase(pg.adminUrl, template);
    cleanups.push(() => dropDatabase(pg.adminUrl, template));
    // Most tests connect as the superuser, which owns the tables as the owner role would; tests of
    // the role separation connect as this one (TestDatabase.appUrl).
    await ensureLoginRole(pg.adminUrl, TEST_APP_ROLE.name, TEST_APP_ROLE.password);
    // The grants are part of the template, so every clone has them.
    await migrateDatabase(withDatabase(pg.adminUrl, template), { appRole: TEST_APP_ROLE.name, warn: log });

    const s3 = await startLocalS3({ dataDir: s3Dir, port: 0, bucket: "axiom-test", allowedOrigins: ["*"] });
    cleanups.push(s3.stop);

    project.provide("TEST_PG_ADMIN_URL", pg.adminUrl);
    project.provide("TEST_TEMPLATE_DB", template);
    project.provide("TEST_APP_ROLE", { ...TEST_APP_ROLE });
    project.provide("TEST_S3", {
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      region: s3.region,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    });
    log(`PostgreSQL: ${pg.source}, template ${template}; s3rver at ${s3.endpoint}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
