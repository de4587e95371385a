import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { getFreePort } from "./free-port";

const isRoot = process.getuid?.() === 0;

describe("startEmbeddedPostgres", () => {
  let parent: string;

  beforeAll(async () => {
    parent = await fs.mkdtemp(path.join(os.tmpdir(), "axiom-embedded-pg-"));
    // mkdtemp makes the directory 0700; as root the server runs as "postgres" and must enter it.
    await fs.chmod(parent, 0o755);
  });
  afterAll(async () => {
    await fs.rm(parent, { recursive: true, force: true });
  });

  it("initialises a new cluster, creates the database, and keeps data across a restart", async () => {
    const dataDir = path.join(parent, "pg");
    const first = await startEmbeddedPostgres({ dataDir, port: await getFreePort(), database: "axiom" });
    try {
      const sql = postgres(first.url, { max: 1 });
      await sql`create table kept (value text)`;
      await sql`insert into kept values ('still here')`;
      await sql.end();
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, port: await getFreePort(), database: "axiom" });
    try {
      const sql = postgres(second.url, { max: 1 });
      const rows = await sql<{ value: string }[]>`select value from kept`;
      await sql.end();
      expect(rows.map((r) => r.value)).toEqual(["still here"]);
    } finally {
      await second.stop();
    }
  });

  it.runIf(isRoot)("refuses, with the way out, a data directory the postgres user cannot reach", async () => {
    const hidden = path.join(parent, "private");
    await fs.mkdir(hidden, { mode: 0o700 });
    await expect(startEmbeddedPostgres({ dataDir: path.join(hidden, "pg"), port: 1 })).rejects.toThrow(
      new RegExp(`cannot enter ${hidden}.*chmod o\\+x`),
    );
  });
});
