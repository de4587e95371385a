import { randomUUID } from "node:crypto";
import type { TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, projects, users, versions } from "../db/schema";
import { recordAuditEvent } from "../lib/audit/record-audit-event";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

/**
 * The rules that hold whatever code writes to the database (db/migrations/0001_integrity.sql):
 * the version state machines, immutable masters, and the append-only, hash-chained audit trail.
 */
describe("database integrity", () => {
  let t: TestDatabase;
  let userId: string;
  let assetId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const tag = randomUUID().slice(0, 8);
    const [user] = await t.db
      .insert(users)
      .values({ email: `uploader-${tag}@example.test`, name: "Uploader", passwordHash: "x" })
      .returning();
    const [project] = await t.db.insert(projects).values({ name: "Integrity", code: `INT_${tag}`.slice(0, 16).toUpperCase() }).returning();
    const [asset] = await t.db.insert(assets).values({ projectId: project!.id, name: "SH010" }).returning();
    userId = user!.id;
    assetId = asset!.id;
  });
  afterAll(() => t?.drop());

  /** A fresh version in AWAITING_UPLOAD. */
  async function newVersion() {
    const id = randomUUID();
    await t.db.insert(versions).values({
      id,
      assetId,
      originalFileName: "shot.mov",
      sizeBytes: 1024,
      contentType: "video/quicktime",
      storageKey: `masters/test/${id}`,
      uploadedBy: userId,
    });
    return id;
  }

  /** Moves a version along legal transitions (number is set once uploaded, as the schema requires). */
  async function advance(id: string, ...states: string[]) {
    for (const state of states) {
      await t.sql`update versions set processing_state = ${state}::processing_state,
        number = coalesce(number, (select coalesce(max(number), 0) + 1 from versions where asset_id = ${assetId}))
        where id = ${id}`;
    }
  }

  describe("processing state machine", () => {
    it("allows the legal path AWAITING_UPLOAD → PENDING → PROCESSING → READY", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING", "READY");
      const [row] = await t.sql<{ processing_state: string }[]>`select processing_state from versions where id = ${id}`;
      expect(row?.processing_state).toBe("READY");
    });

    it("refuses AWAITING_UPLOAD → READY", async () => {
      const id = await newVersion();
      await expect(advance(id, "READY")).rejects.toThrow(/illegal processing transition AWAITING_UPLOAD -> READY/);
    });

    it("refuses READY → PENDING", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING", "READY");
      await expect(advance(id, "PENDING")).rejects.toThrow(/illegal processing transition READY -> PENDING/);
    });

    it("refuses leaving ABANDONED", async () => {
      const id = await newVersion();
      await t.sql`update versions set processing_state = 'ABANDONED' where id = ${id}`;
      await expect(t.sql`update versions set processing_state = 'PENDING' where id = ${id}`).rejects.toThrow(
        /illegal processing transition ABANDONED -> PENDING/,
      );
    });

    it("refuses inserting a version in any state but AWAITING_UPLOAD", async () => {
      const id = randomUUID();
      await expect(
        t.sql`insert into versions (id, asset_id, number, original_file_name, size_bytes, content_type, storage_key, uploaded_by, processing_state)
          values (${id}, ${assetId}, 999, 'x.mov', 1, 'video/quicktime', ${`masters/test/${id}`}, ${userId}, 'READY')`,
      ).rejects.toThrow(/illegal processing state for a new version/);
    });

    it("refuses deleting a version", async () => {
      const id = await newVersion();
      await expect(t.sql`delete from versions where id = ${id}`).rejects.toThrow(/never deleted/);
    });
  });

  describe("review state machine", () => {
    it("refuses a review state before READY", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING");
      await expect(t.sql`update versions set review_state = 'IN_REVIEW' where id = ${id}`).rejects.toThrow(
        /changes only with a review decision/,
      );
      await expect(
        t.sql`insert into review_decisions (version_id, decided_by, decision) values (${id}, ${userId}, 'APPROVED')`,
      ).rejects.toThrow(/not READY/);
    });

    it("opens the review (IN_REVIEW) and stamps ready_at in the READY transition itself", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING", "READY");
      const [row] = await t.sql<{ review_state: string; is_stamped: boolean }[]>`
        select review_state, ready_at is not null as is_stamped from versions where id = ${id}`;
      expect(row).toEqual({ review_state: "IN_REVIEW", is_stamped: true });
      await expect(t.sql`update versions set ready_at = now() - interval '1 day' where id = ${id}`).rejects.toThrow(
        /set by the READY transition only/,
      );
    });

    // Issue 10 #10: review_state used to change with a bare UPDATE, leaving no decision behind.
    it("changes review_state only through an inserted decision, never directly, never back", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING", "READY");
      for (const state of ["APPROVED", "REJECTED", "CHANGES_REQUESTED"]) {
        await expect(t.sql`update versions set review_state = ${state}::review_state where id = ${id}`).rejects.toThrow(
          /changes only with a review decision/,
        );
      }
      await t.sql`insert into review_decisions (version_id, decided_by, decision) values (${id}, ${userId}, 'CHANGES_REQUESTED')`;
      expect(await reviewStateOf(id)).toBe("CHANGES_REQUESTED");
      await t.sql`insert into review_decisions (version_id, decided_by, decision) values (${id}, ${userId}, 'APPROVED')`;
      expect(await reviewStateOf(id)).toBe("APPROVED");
      for (const state of ["IN_REVIEW", "REJECTED"]) {
        await expect(t.sql`update versions set review_state = ${state}::review_state where id = ${id}`).rejects.toThrow(
          /changes only with a review decision/,
        );
      }
      await expect(t.sql`update versions set review_state = null where id = ${id}`).rejects.toThrow(
        /changes only with a review decision/,
      );
    });

    it("keeps decisions append-only", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING", "READY");
      await t.sql`insert into review_decisions (version_id, decided_by, decision) values (${id}, ${userId}, 'REJECTED')`;
      await expect(t.sql`update review_decisions set decision = 'APPROVED' where version_id = ${id}`).rejects.toThrow(
        /review_decisions is append-only: UPDATE refused/,
      );
      await expect(t.sql`delete from review_decisions where version_id = ${id}`).rejects.toThrow(
        /review_decisions is append-only: DELETE refused/,
      );
      await expect(t.sql`truncate review_decisions cascade`).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect(await reviewStateOf(id)).toBe("REJECTED");
    });

    async function reviewStateOf(id: string) {
      const [row] = await t.sql<{ review_state: string }[]>`select review_state from versions where id = ${id}`;
      return row?.review_state;
    }
  });

  // Issue 10 #10: renditions could be swapped under an approved version at any time.
  describe("renditions", () => {
    const insertRendition = (sql: TransactionSql, versionId: string, kind: string) =>
      sql`insert into renditions (version_id, kind, storage_key, content_type, size_bytes, sha256)
        values (${versionId}, ${kind}::rendition_kind, ${`derived/${versionId}/${kind}`}, 'video/mp4', 1, ${"0".repeat(64)})
        on conflict (version_id, kind) do update set size_bytes = excluded.size_bytes + 1`;
    const insertAlone = (versionId: string, kind: string) => t.sql.begin((sql) => insertRendition(sql, versionId, kind));

    /** PROCESSING -> READY with renditions upserted and an unmade kind deleted, in one transaction (markVersionReady). */
    async function makeReady(id: string, kinds: string[]) {
      await t.sql.begin(async (sql) => {
        await sql`update versions set processing_state = 'READY', review_state = 'IN_REVIEW' where id = ${id}`;
        await insertRendition(sql, id, "sprite"); // a kind this attempt "did not make"
        await sql`delete from renditions where version_id = ${id} and kind <> all(${kinds}::rendition_kind[])`;
        for (const kind of kinds) await insertRendition(sql, id, kind);
        for (const kind of kinds) await insertRendition(sql, id, kind); // the upsert's update path
      });
    }

    it("are written, replaced and pruned in the transaction that makes the version READY", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING");
      await makeReady(id, ["proxy_mp4", "hls", "poster"]);
      const rows = await t.sql<{ kind: string }[]>`select kind from renditions where version_id = ${id} order by kind`;
      expect(rows.map((r) => r.kind).sort()).toEqual(["hls", "poster", "proxy_mp4"]);
    });

    it("never change afterwards: no insert, update or delete, not even by the owner", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING");
      await makeReady(id, ["proxy_mp4"]);
      await expect(insertAlone(id, "poster")).rejects.toThrow(/only in the transaction that makes it READY/);
      await expect(insertAlone(id, "proxy_mp4")).rejects.toThrow(/only in the transaction that makes it READY/);
      await expect(t.sql`update renditions set storage_key = 'derived/elsewhere' where version_id = ${id}`).rejects.toThrow(
        /only in the transaction that makes it READY/,
      );
      await expect(t.sql`delete from renditions where version_id = ${id}`).rejects.toThrow(
        /only in the transaction that makes it READY/,
      );
      await expect(t.sql`truncate renditions`).rejects.toThrow(/TRUNCATE refused/);
      // Touching the READY version in the same transaction does not reopen the door.
      await expect(
        t.sql.begin(async (sql) => {
          await sql`update versions set progress = 100 where id = ${id}`;
          await insertRendition(sql, id, "poster");
        }),
      ).rejects.toThrow(/only in the transaction that makes it READY/);
    });

    it("are not written before READY", async () => {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING");
      await expect(insertAlone(id, "proxy_mp4")).rejects.toThrow(/only in the transaction that makes it READY/);
    });
  });

  // Issue 10 #10: comments could be rewritten, moved or deleted by any UPDATE/DELETE.
  describe("comments", () => {
    async function newComment(versionId: string, parentId: string | null = null) {
      const [row] = await t.sql<{ id: string }[]>`
        insert into comments (version_id, author_id, parent_id, frame_in, body)
        values (${versionId}, ${userId}, ${parentId}, 5, 'first take') returning id`;
      return row!.id;
    }
    async function readyVersion() {
      const id = await newVersion();
      await advance(id, "PENDING", "PROCESSING", "READY");
      return id;
    }

    it("allows what AXIOM does: edit with edited_at, resolve and reopen a thread, soft delete", async () => {
      const v = await readyVersion();
      const c = await newComment(v);
      await t.sql`update comments set body = 'second take', edited_at = now() where id = ${c}`;
      await t.sql`update comments set resolved_at = now(), resolved_by = ${userId} where id = ${c}`;
      await t.sql`update comments set resolved_at = null, resolved_by = null where id = ${c}`;
      await t.sql`update comments set deleted_at = now() where id = ${c}`;
      const [row] = await t.sql<{ body: string; is_deleted: boolean }[]>`
        select body, deleted_at is not null as is_deleted from comments where id = ${c}`;
      expect(row).toEqual({ body: "second take", is_deleted: true });
    });

    it("refuses deleting, moving, re-attributing or silently rewriting a comment", async () => {
      const v = await readyVersion();
      const other = await readyVersion();
      const c = await newComment(v);
      await expect(t.sql`delete from comments where id = ${c}`).rejects.toThrow(/never deleted/);
      await expect(t.sql`truncate comments cascade`).rejects.toThrow(/never deleted/);
      await expect(t.sql`update comments set version_id = ${other} where id = ${c}`).rejects.toThrow(/never change/);
      await expect(t.sql`update comments set author_id = gen_random_uuid() where id = ${c}`).rejects.toThrow(/never change/);
      await expect(t.sql`update comments set frame_in = 7 where id = ${c}`).rejects.toThrow(/never change/);
      await expect(t.sql`update comments set created_at = now() - interval '1 day' where id = ${c}`).rejects.toThrow(/never change/);
      await expect(t.sql`update comments set body = 'forged' where id = ${c}`).rejects.toThrow(/only as an edit/);
      await expect(t.sql`update comments set edited_at = now() where id = ${c}`).rejects.toThrow(/only as an edit/);
      await expect(t.sql`update comments set resolved_at = now() where id = ${c}`).rejects.toThrow(/set and cleared together/);
    });

    it("keeps a deleted comment as it was, and resolves threads only through their first comment", async () => {
      const v = await readyVersion();
      const c = await newComment(v);
      const reply = await newComment(v, c);
      await expect(t.sql`update comments set resolved_at = now(), resolved_by = ${userId} where id = ${reply}`).rejects.toThrow(
        /is a reply/,
      );
      await expect(newComment(v, reply)).rejects.toThrow(/top-level comment of the same version/);
      await expect(newComment(await readyVersion(), c)).rejects.toThrow(/top-level comment of the same version/);
      await expect(t.sql`update comments set deleted_at = now(), body = 'gone' where id = ${c}`).rejects.toThrow(
        /deleting changes nothing else/,
      );
      await t.sql`update comments set deleted_at = now() where id = ${c}`;
      await expect(t.sql`update comments set deleted_at = null where id = ${c}`).rejects.toThrow(/never changes again/);
      await expect(t.sql`update comments set body = 'x', edited_at = now() where id = ${c}`).rejects.toThrow(/never changes again/);
      await expect(
        t.sql`insert into comments (version_id, author_id, frame_in, body, deleted_at) values (${v}, ${userId}, 1, 'x', now())`,
      ).rejects.toThrow(/neither edited, resolved nor deleted/);
    });
  });

  describe("immutable masters", () => {
    it("refuses changing a version's storage key", async () => {
      const id = await newVersion();
      await expect(t.sql`update versions set storage_key = 'masters/elsewhere' where id = ${id}`).rejects.toThrow(
        /immutable/,
      );
    });

    it("refuses changing the size or, once set, the number", async () => {
      const id = await newVersion();
      await expect(t.sql`update versions set size_bytes = 2048 where id = ${id}`).rejects.toThrow(/immutable/);
      await advance(id, "PENDING");
      await expect(t.sql`update versions set number = number + 100 where id = ${id}`).rejects.toThrow(/immutable/);
    });
  });

  describe("audit trail", () => {
    async function appendEvents(n: number) {
      for (let i = 0; i < n; i++) {
        await t.db.transaction((tx) =>
          recordAuditEvent(tx, {
            actorId: userId,
            action: "test.event",
            entityType: "asset",
            entityId: assetId,
            data: { i, note: "ünïcødé & \"quotes\"" },
          }),
        );
      }
    }

    it("refuses UPDATE, DELETE and TRUNCATE", async () => {
      await appendEvents(1);
      await expect(t.sql`update audit_events set action = 'forged'`).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(t.sql`delete from audit_events`).rejects.toThrow(/append-only: DELETE refused/);
      await expect(t.sql`truncate audit_events`).rejects.toThrow(/append-only: TRUNCATE refused/);
    });

    it("chains every event to the previous one, and the chain verifies", async () => {
      await appendEvents(12); // past 10: seq must sort as a number, not as text
      const rows = await t.sql<{ seq: string; prev_hash: string; hash: string }[]>`
        select seq::text, prev_hash, hash from audit_events order by audit_events.seq`;
      expect(rows[0]?.prev_hash).toBe("0".repeat(64));
      rows.forEach((row, i) => {
        expect(Number(row.seq)).toBe(i + 1);
        if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]!.hash);
      });
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: rows.length, keyedCount: rows.length });
      // Page boundaries (including one that falls exactly on the last row) do not matter.
      for (const pageSize of [1, 3, rows.length]) {
        expect(await verifyAuditChain(t.db, { pageSize })).toMatchObject({ ok: true, count: rows.length });
      }
    });

    it("detects a tampered row and names its seq", async () => {
      await appendEvents(3);
      const [target] = await t.sql<{ seq: string }[]>`select seq::text from audit_events order by audit_events.seq desc offset 2 limit 1`;
      const seq = Number(target!.seq);
      // Only a superuser (or the owner) can do this: exactly the attacker the hash chain is for.
      await t.sql.begin(async (sql) => {
        await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
        await sql`update audit_events set data = '{"i": "forged"}'::jsonb where seq = ${seq}`;
        await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
      });
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, seq, reason: "hash_mismatch", count: seq - 1 });
      expect(await verifyAuditChain(t.db, { pageSize: 4 })).toMatchObject({ ok: false, seq, reason: "hash_mismatch" });
    });

    it("detects a deleted row", async () => {
      const handle = await createTestDatabase();
      try {
        for (let i = 0; i < 4; i++) {
          await handle.sql`insert into audit_events (action, entity_type, entity_id) values ('test.event', 'asset', gen_random_uuid())`;
        }
        await handle.sql.begin(async (sql) => {
          await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
          await sql`delete from audit_events where seq = 2`;
          await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
        });
        expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 2, reason: "missing_seq" });
        // Closing the gap and re-hashing the moved row still leaves the next row's link
        // pointing at the old hash: forging one row means forging every later one.
        await handle.sql.begin(async (sql) => {
          await sql`alter table audit_events disable trigger audit_events_no_update_delete`;
          await sql`update audit_events set seq = 2 where seq = 3`;
          await sql`update audit_events set seq = 3 where seq = 4`;
          await sql`update audit_events set prev_hash = (select hash from audit_events where seq = 1),
            hash = axiom_audit_hash(2, (select hash from audit_events where seq = 1), occurred_at, actor_id, action,
                   entity_type, entity_id, project_id, data) where seq = 2`;
          await sql`alter table audit_events enable trigger audit_events_no_update_delete`;
        });
        expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 3, reason: "broken_link" });
      } finally {
        await handle.drop();
      }
    });
  });
});
