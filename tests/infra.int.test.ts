import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";

describe("integration test infrastructure", () => {
  let first: TestDatabase;
  let second: TestDatabase;

  beforeAll(async () => {
    [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
  });

  it("clones a migrated database with AXIOM's tables and graphile-worker's schema", async () => {
    const tables = await first.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public'`;
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["users", "projects", "project_members", "assets", "versions", "renditions", "comments", "audit_events"]),
    );
    const [jobs] = await first.sql<{ exists: boolean }[]>`
      select exists (select 1 from information_schema.schemata where schema_name = 'graphile_worker') as exists`;
    expect(jobs?.exists).toBe(true);
  });

  it("gives each caller its own database", async () => {
    expect(first.url).not.toBe(second.url);
    await first.sql`insert into projects (name, code) values ('Isolation', 'ISO')`;
    const [row] = await second.sql<{ n: number }[]>`select count(*)::int as n from projects where code = 'ISO'`;
    expect(row?.n).toBe(0);
  });

  it("keeps the audit trigger: audit_events refuses UPDATE", async () => {
    await first.sql`insert into audit_events (action, entity_type, entity_id, data)
      values ('test.event', 'test', gen_random_uuid(), '{}')`;
    await expect(first.sql`update audit_events set action = 'x'`).rejects.toThrow(/append-only/);
  });

  it("exposes the run's S3 settings", () => {
    const s3 = testS3Config();
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s3.accessKeyId).toBe("S3RVER");
  });
});
