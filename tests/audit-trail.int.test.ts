import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Logger, runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../db/client";
import { auditHashV1 } from "../lib/audit/audit-hash";
import { AUDIT_CHECKPOINT_KEY, compareWithCheckpoint, readAuditCheckpoint, writeAuditCheckpoint } from "../lib/audit/audit-checkpoint";
import { recordAuditEvent } from "../lib/audit/record-audit-event";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { SIGN_IN_MAX_FAILURES } from "../lib/auth/sign-in-rate-limit";
import { signInSubjectId } from "../lib/auth/sign-in-subject";
import { signInWithPassword } from "../lib/auth/sign-in-with-password";
import { decideVersion } from "../lib/decisions/decide-version";
import { getAuditKeys, resetEnvCache } from "../lib/env";
import { enqueueJob } from "../lib/jobs/enqueue-job";
import { createStorage, type Storage } from "../lib/storage";
import { runWriteAuditCheckpoint } from "../jobs/write-audit-checkpoint";
import { createUser } from "../lib/users/create-user";
import { createReviewScene, createVersion, uniqueEmail } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";
import { s3Environment } from "../scripts/dev-services/local-s3";

/**
 * Issue 10 #4: the app's database role used to own the tables, so it could drop the append-only
 * trigger and rebuild the unkeyed chain; rows cut off the end went unnoticed. Now the app connects
 * as a role without DDL, the chain is an HMAC whose key the database never sees, and the chain's
 * end is checkpointed in the bucket.
 */
describe("audit trail: roles, keyed chain, checkpoint", () => {
  let t: TestDatabase;
  let app: DbHandle;
  let storage: Storage;
  const keys = () => getAuditKeys();

  beforeAll(async () => {
    t = await createTestDatabase();
    app = createDb(t.appUrl, { max: 2 });
    storage = createStorage({ ...testS3Config(), forcePathStyle: true });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const event = (i: number) => ({
    actorId: null,
    action: "test.event",
    entityType: "asset" as const,
    entityId: "00000000-0000-4000-8000-000000000001",
    data: { i, note: 'ünïcødé & "quotes"', nested: { z: 1, a: [1.5, null, "x"] } },
  });

  describe("the app role", () => {
    it("cannot alter, delete or truncate audit rows, nor drop or disable their triggers", async () => {
      await recordAuditEvent(app.db, event(1));
      const denied = /permission denied|must be owner/;
      await expect(app.sql`update audit_events set action = 'forged'`).rejects.toThrow(denied);
      await expect(app.sql`delete from audit_events`).rejects.toThrow(denied);
      await expect(app.sql`truncate audit_events`).rejects.toThrow(denied);
      await expect(app.sql`drop trigger audit_events_no_update_delete on audit_events`).rejects.toThrow(denied);
      await expect(app.sql`alter table audit_events disable trigger audit_events_no_update_delete`).rejects.toThrow(denied);
      await expect(app.sql`alter table audit_events disable trigger all`).rejects.toThrow(denied);
      await expect(app.sql`create or replace function axiom_audit_hash() returns text language sql as 'select 1::text'`).rejects.toThrow(
        denied,
      );
      await expect(app.sql`update review_decisions set decision = 'APPROVED'`).rejects.toThrow(denied);
      await expect(app.sql`delete from comments`).rejects.toThrow(denied);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
    });

    it("does its job: keyed audit events, jobs, decisions through the trigger, renditions on READY", async () => {
      const scene = await createReviewScene(app.db);
      const version = await createVersion(app.db, {
        assetId: scene.asset.id,
        uploadedBy: scene.producer.id,
        renditions: ["proxy_mp4", "poster"],
      });
      await app.db.transaction((tx) => enqueueJob(tx, "write-audit-checkpoint", {}));
      // graphile-worker as the app role: its startup check, fetching and completing the job
      // (its private tables have row-level security: db/roles.ts adds the app role's policy).
      let hasRun = false;
      await runOnce({
        connectionString: t.appUrl,
        taskList: {
          "write-audit-checkpoint": async () => {
            hasRun = true;
          },
        },
        logger: new Logger(() => () => {}),
      });
      expect(hasRun).toBe(true);
      const supervisor = { id: scene.supervisor.id, isAdmin: false };
      const decided = await decideVersion(app.db, { actor: supervisor, versionId: version.id, decision: "APPROVED" });
      expect(decided.reviewState).toBe("APPROVED");
      await expect(app.sql`update versions set review_state = 'REJECTED' where id = ${version.id}`).rejects.toThrow(
        /changes only with a review decision/,
      );
      const [row] = await app.sql<{ hash_version: number }[]>`select hash_version from audit_events order by seq desc limit 1`;
      expect(row?.hash_version).toBe(2);
    });
  });

  describe("the keyed chain", () => {
    it("verifies only with the key: rebuilding the chain without it is detected", async () => {
      const h = await createTestDatabase();
      try {
        for (let i = 0; i < 5; i++) await recordAuditEvent(h.db, event(i));
        expect(await verifyAuditChain(h.db)).toEqual({ ok: true, count: 5, keyedCount: 5, last: expect.objectContaining({ seq: 5 }) });
        expect(await verifyAuditChain(h.db, { keys: [Buffer.from("another key of at least thirty-two chars")] })).toMatchObject({
          ok: false,
          seq: 1,
          reason: "hash_mismatch",
        });

        // The old attack, as the owner: alter row 3 and recompute every hash from there on.
        // Without the key the best a forger can do is the unkeyed formula.
        await h.sql.begin(async (sql) => {
          await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
          await sql`update audit_events set data = '{"i": "forged"}' where seq = 3`;
          const rows = await sql<{ seq: string; micros: string; actor_id: string | null; action: string; entity_type: string; entity_id: string; project_id: string | null; data_text: string }[]>`
            select seq::text, floor(extract(epoch from occurred_at) * 1000000)::bigint::text as micros, actor_id, action,
                   entity_type, entity_id, project_id, data::text as data_text
            from audit_events where seq >= 3 order by seq`;
          const [second] = await sql<{ hash: string }[]>`select hash from audit_events where seq = 2`;
          let prevHash = second!.hash;
          for (const r of rows) {
            const hash = auditHashV1(
              { seq: r.seq, prevHash, occurredAtMicros: r.micros, actorId: r.actor_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, projectId: r.project_id },
              r.data_text,
            );
            await sql`update audit_events set prev_hash = ${prevHash}, hash = ${hash}, hash_version = 1 where seq = ${r.seq}`;
            prevHash = hash;
          }
          await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
        });
        expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, seq: 3, reason: "unkeyed_after_keyed" });
        // Claiming version 2 for the same rows: the HMAC does not match.
        await h.sql.begin(async (sql) => {
          await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
          await sql`update audit_events set hash_version = 2 where seq >= 3`;
          await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
        });
        expect(await verifyAuditChain(h.db)).toMatchObject({ ok: false, seq: 3, reason: "hash_mismatch" });
      } finally {
        await h.drop();
      }
    });

    it("keeps a chain written before the key verifiable: unkeyed rows first, keyed rows after", async () => {
      const h = await createTestDatabase();
      try {
        // What a deployment from before migration 0006 holds: rows chained by the trigger alone.
        for (let i = 0; i < 3; i++) {
          await h.sql`insert into audit_events (action, entity_type, entity_id, data) values ('legacy.event', 'asset', gen_random_uuid(), ${JSON.stringify({ i })}::jsonb)`;
        }
        for (let i = 0; i < 2; i++) await recordAuditEvent(h.db, event(i));
        expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, count: 5, keyedCount: 2 });
        const versions = await h.sql<{ hash_version: number }[]>`select hash_version from audit_events order by seq`;
        expect(versions.map((r) => r.hash_version)).toEqual([1, 1, 1, 2, 2]);
      } finally {
        await h.drop();
      }
    });

    it("verifies across a key rotation, with the previous keys listed oldest first", async () => {
      const h = await createTestDatabase();
      const oldKey = "the-old-audit-key-0123456789abcdefghijkl";
      const newKey = "the-new-audit-key-0123456789abcdefghijkl";
      const saved = { current: process.env.AUDIT_HMAC_KEY, previous: process.env.AUDIT_HMAC_PREVIOUS_KEYS };
      try {
        process.env.AUDIT_HMAC_KEY = oldKey;
        resetEnvCache();
        await recordAuditEvent(h.db, event(1));
        await recordAuditEvent(h.db, event(2));
        process.env.AUDIT_HMAC_KEY = newKey;
        process.env.AUDIT_HMAC_PREVIOUS_KEYS = oldKey;
        resetEnvCache();
        await recordAuditEvent(h.db, event(3));
        expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, count: 3, keyedCount: 3 });
        const [o, n] = [Buffer.from(oldKey), Buffer.from(newKey)];
        expect(await verifyAuditChain(h.db, { keys: [n] })).toMatchObject({ ok: false, seq: 1, reason: "hash_mismatch" });
        // Never back to an older key: a row signed with a leaked old key after newer rows fails.
        expect(await verifyAuditChain(h.db, { keys: [n, o] })).toMatchObject({ ok: false, seq: 3, reason: "hash_mismatch" });
      } finally {
        restoreEnv("AUDIT_HMAC_KEY", saved.current);
        restoreEnv("AUDIT_HMAC_PREVIOUS_KEYS", saved.previous);
        resetEnvCache();
        await h.drop();
      }
    });
  });

  describe("sign-ins", () => {
    it("audits failures on a known and an unknown email and a lockout, as the app role; audit:verify passes", async () => {
      const h = await createTestDatabase();
      const hApp = createDb(h.appUrl, { max: 2 });
      try {
        const { user } = await createUser(hApp.db, { actor: null, email: uniqueEmail("known"), name: "Known", isAdmin: false, invitation: { appUrl: "https://axiom.test" } });
        const unknown = uniqueEmail("unknown");
        const network = "203.0.113.77";
        const attempt = (email: string) => signInWithPassword(hApp.db, { email, password: "wrong-password", network });
        expect(await attempt(user.email)).toMatchObject({ ok: false, reason: "invalid_credentials" });
        for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) await attempt(unknown);
        expect(await attempt(unknown)).toMatchObject({ ok: false, reason: "rate_limited" });

        const rows = await h.sql<{ action: string; entity_type: string; entity_id: string; hash_version: number }[]>`
          select action, entity_type, entity_id, hash_version from audit_events where action like '%sign_in%' order by seq`;
        const subject = signInSubjectId(unknown, keys().current);
        expect(rows[0]).toEqual({ action: "user.sign_in_failed", entity_type: "user", entity_id: user.id, hash_version: 2 });
        expect(rows.slice(1)).toEqual([
          ...Array.from({ length: SIGN_IN_MAX_FAILURES }, () => ({ action: "sign_in.failed", entity_type: "sign_in", entity_id: subject, hash_version: 2 })),
          { action: "sign_in.locked", entity_type: "sign_in", entity_id: subject, hash_version: 2 },
        ]);

        expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
        // The chain alone: the bucket's one checkpoint belongs to the tests below.
        const verify = await runAuditVerify(h.appUrl, ["--no-checkpoint"]);
        expect(verify.output).toMatch(/chain: \d+ audit events verify/);
        expect(verify.code).toBe(0);
      } finally {
        await hApp.close();
        await h.drop();
      }
    });
  });

  // These share the bucket's one checkpoint object: they run in order, in this file only.
  describe("the bucket checkpoint", () => {
    it("reveals rows cut off the end of a chain that still verifies; audit:verify reports them", async () => {
      const h = await createTestDatabase();
      try {
        for (let i = 0; i < 6; i++) await recordAuditEvent(h.db, event(i));
        const written = await writeAuditCheckpoint(h.db, storage, { keys: keys().all, signingKey: keys().current! });
        expect(written).toMatchObject({ written: true, checkpoint: { seq: 6 } });
        const read = await readAuditCheckpoint(storage, { keys: keys().all });
        expect(read.status).toBe("valid");

        // The owner deletes the last two rows: what is left is a perfectly good chain.
        await h.sql.begin(async (sql) => {
          await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
          await sql`delete from audit_events where seq > 4`;
          await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
        });
        const chain = await verifyAuditChain(h.db);
        expect(chain).toMatchObject({ ok: true, count: 4 });
        if (!chain.ok || read.status !== "valid") throw new Error("unreachable");
        expect(await compareWithCheckpoint(h.db, { checkpoint: read.checkpoint, last: chain.last })).toMatchObject({
          status: "truncated",
          missingFrom: 5,
          missingTo: 6,
        });

        const verify = await runAuditVerify(h.appUrl);
        expect(verify.code).toBe(1);
        expect(verify.output).toMatch(/TRUNCATED: .* 2 events cut off after it — seq 5\.\.6/);

        // The daily job refuses to checkpoint a chain that lost its checkpointed row.
        const logs: string[] = [];
        await runWriteAuditCheckpoint({ db: h.db, storage, log: (m) => logs.push(m) }, {}, { job: { id: "1" } as never });
        expect(logs.join("\n")).toMatch(/AUDIT CHAIN BROKEN/);
        expect((await readAuditCheckpoint(storage, { keys: keys().all })).status === "valid").toBe(true);
      } finally {
        await h.drop();
      }
    });

    it("is written by the worker's job and then matches: audit:verify says OK", async () => {
      const h = await createTestDatabase();
      try {
        for (let i = 0; i < 3; i++) await recordAuditEvent(h.db, event(i));
        await storage.delete(AUDIT_CHECKPOINT_KEY);
        const logs: string[] = [];
        await runWriteAuditCheckpoint({ db: h.db, storage, log: (m, d) => logs.push(`${m} ${JSON.stringify(d)}`) }, {}, {
          job: { id: "2" } as never,
        });
        expect(logs.join("\n")).toMatch(/write-audit-checkpoint .*"seq":3/);
        await recordAuditEvent(h.db, event(4));
        const verify = await runAuditVerify(h.appUrl);
        expect(verify.output).toMatch(/OK: the checkpoint of .* \(seq 3\) matches; 1 events since/);
        expect(verify.code).toBe(0);

        // A checkpoint replaced by someone without the key is not trusted.
        const forged = { format: "axiom-audit-checkpoint-1", seq: 1, hash: "0".repeat(64), writtenAt: new Date().toISOString(), mac: "0".repeat(64) };
        await storage.putBytes(AUDIT_CHECKPOINT_KEY, JSON.stringify(forged), "application/json");
        expect(await readAuditCheckpoint(storage, { keys: keys().all })).toMatchObject({ status: "invalid" });
      } finally {
        await storage.delete(AUDIT_CHECKPOINT_KEY).catch(() => undefined);
        await h.drop();
      }
    });
  });

  /** `npm run audit:verify` itself, as the app role (it only reads). */
  async function runAuditVerify(databaseUrl: string, args: string[] = []): Promise<{ code: number; output: string }> {
    const s3 = testS3Config();
    const root = path.resolve(__dirname, "..");
    try {
      const { stdout, stderr } = await promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["scripts/audit-verify.ts", ...args], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: "production",
          DATABASE_URL: databaseUrl,
          AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY,
          ...s3Environment(s3),
        },
      });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  }
});

function restoreEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
