/**
 * Local stand-ins for AXIOM's services (PostgreSQL, S3, system tools) used by `npm run up` and the
 * test runners. Nothing here is imported by the app or the worker.
 */
export { startChild, runCommand, waitForHttp, type ManagedChild } from "./child-process";
export {
  startEmbeddedPostgres,
  resolveReachableDataDir,
  assertDataDirReachable,
  findUntraversableParent,
  type EmbeddedPostgres,
} from "./embedded-postgres";
export { getFreePort } from "./free-port";
export { startLocalS3, buildCorsXml, appOrigins, type LocalS3 } from "./local-s3";
export {
  chooseTestPostgres,
  createDatabase,
  dropDatabase,
  ensureDatabase,
  isPostgresReachable,
  uniqueDatabaseName,
  withDatabase,
  LOCAL_POSTGRES_URL,
  TEST_APP_ROLE,
  type TestPostgres,
} from "./postgres-admin";
export { ensureChromium, ensureFfmpeg, CHROMIUM_PATH } from "./system-tools";
