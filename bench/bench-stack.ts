import path from "node:path";
import { createDb, type Db } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { projectMembers, projects, users } from "../db/schema";
import { createStorage, type Storage } from "../lib/storage";
import { startLocalS3, type LocalS3 } from "../scripts/dev-services/local-s3";
import { chooseTestPostgres, createDatabase, dropDatabase, uniqueDatabaseName, withDatabase } from "../scripts/dev-services/postgres-admin";

/** What a benchmark that drives the domain functions directly runs against. */
export interface BenchStack {
  /** The fresh database's URL (for a worker process started by the benchmark). */
  url: string;
  db: Db;
  s3: LocalS3;
  storage: Storage;
  /** A project "BENCH" with one producer, the benchmark's user. */
  projectId: string;
  userId: string;
}

/**
 * A migrated database of its own (on the test PostgreSQL, or an embedded one) and s3rver under
 * `work`, with one project and its producer. Each thing started pushes its stop onto `cleanups`,
 * so the caller's `finally` undoes them in reverse whatever fails.
 */
export async function startBenchStack(
  work: string,
  cleanups: Array<() => Promise<unknown>>,
  log: (message: string) => void,
): Promise<BenchStack> {
  const pg = await chooseTestPostgres({ testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined, log });
  cleanups.push(pg.stop);
  const dbName = uniqueDatabaseName("axiom_bench");
  await createDatabase(pg.adminUrl, dbName);
  cleanups.push(() => dropDatabase(pg.adminUrl, dbName));
  const url = withDatabase(pg.adminUrl, dbName);
  await migrateDatabase(url);
  const handle = createDb(url, { max: 4 });
  cleanups.push(handle.close);
  const s3 = await startLocalS3({ dataDir: path.join(work, "s3"), port: 0, bucket: "axiom-bench", allowedOrigins: ["*"] });
  cleanups.push(s3.stop);
  const storage = createStorage({ ...s3, forcePathStyle: true });
  const [project] = await handle.db.insert(projects).values({ name: "Bench", code: "BENCH" }).returning();
  const [user] = await handle.db.insert(users).values({ email: "bench@example.test", name: "Bench", passwordHash: "x" }).returning();
  await handle.db.insert(projectMembers).values({ projectId: project!.id, userId: user!.id, role: "producer" });
  return { url, db: handle.db, s3, storage, projectId: project!.id, userId: user!.id };
}
