import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, versions, type User } from "../db/schema";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { decideVersion, decideVersionInput } from "../lib/decisions/decide-version";
import { toAppError } from "../lib/errors";
import { getReviewRoom } from "../lib/review/get-review-room";
import { createReviewScene, createVersion } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });

async function rejectionOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = toAppError(err);
    if (e.code === "internal") throw err;
    return { code: e.code, message: e.message };
  }
  throw new Error("expected a rejection");
}

describe("review decisions", () => {
  let t: TestDatabase;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    scene = await createReviewScene(t.db);
  });
  afterAll(() => t?.drop());

  const readyVersion = () => createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id });

  it("lets a supervisor approve, reject and request changes, keeping every decision in order", async () => {
    const v = await readyVersion();
    const sup = actor(scene.supervisor);
    // Notes are trimmed (and an empty one is none) by the body schema the route parses with.
    const body = (raw: unknown) => decideVersionInput.parse(raw);
    const first = await decideVersion(t.db, { ...body({ decision: "CHANGES_REQUESTED", note: "  Fix the flicker at 01:00:02:10.  " }), actor: sup, versionId: v.id });
    expect(first.reviewState).toBe("CHANGES_REQUESTED");
    expect(first.decision).toMatchObject({
      decision: "CHANGES_REQUESTED",
      note: "Fix the flicker at 01:00:02:10.",
      decidedBy: { id: scene.supervisor.id, name: scene.supervisor.name },
    });
    await decideVersion(t.db, { ...body({ decision: "REJECTED", note: "" }), actor: sup, versionId: v.id });
    // An admin holds every permission.
    await decideVersion(t.db, { actor: actor(scene.admin), versionId: v.id, decision: "APPROVED" });

    const [row] = await t.db.select({ reviewState: versions.reviewState }).from(versions).where(eq(versions.id, v.id));
    expect(row?.reviewState).toBe("APPROVED");

    const room = await getReviewRoom(t.db, { actor: sup, versionId: v.id });
    expect(room.version.reviewState).toBe("APPROVED");
    expect(room.decisions.map((d) => [d.decision, d.note])).toEqual([
      ["CHANGES_REQUESTED", "Fix the flicker at 01:00:02:10."],
      ["REJECTED", null],
      ["APPROVED", null],
    ]);

    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, v.id), eq(auditEvents.action, "version.review_decided")))
      .orderBy(asc(auditEvents.seq));
    expect(audit.map((e) => [e.actorId, (e.data as { decision: string }).decision, (e.data as { previousReviewState: string }).previousReviewState])).toEqual([
      [scene.supervisor.id, "CHANGES_REQUESTED", "IN_REVIEW"],
      [scene.supervisor.id, "REJECTED", "CHANGES_REQUESTED"],
      [scene.admin.id, "APPROVED", "REJECTED"],
    ]);
    expect(audit.every((e) => e.projectId === scene.project.id)).toBe(true);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses producers and viewers with the permission's reason (403), and strangers with 404", async () => {
    const v = await readyVersion();
    for (const who of [scene.producer, scene.viewer]) {
      const refusal = await rejectionOf(decideVersion(t.db, { actor: actor(who), versionId: v.id, decision: "APPROVED" }));
      expect(refusal).toEqual({ code: "forbidden", message: "Only supervisors (and admins) can do this." });
    }
    expect((await rejectionOf(decideVersion(t.db, { actor: actor(scene.outsider), versionId: v.id, decision: "APPROVED" }))).code).toBe(
      "not_found",
    );
    const room = await getReviewRoom(t.db, { actor: actor(scene.producer), versionId: v.id });
    expect(room.permissions).toMatchObject({ canDecide: false, decideReason: "Only supervisors (and admins) can do this." });
    const [row] = await t.db.select({ reviewState: versions.reviewState }).from(versions).where(eq(versions.id, v.id));
    expect(row?.reviewState).toBe("IN_REVIEW");
  });

  it("refuses a decision (409) on a version that is not READY, recording nothing", async () => {
    for (const state of ["PENDING", "PROCESSING", "ERROR"] as const) {
      const v = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id, state });
      const refusal = await rejectionOf(decideVersion(t.db, { actor: actor(scene.supervisor), versionId: v.id, decision: "APPROVED" }));
      expect(refusal.code).toBe("conflict");
      const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, v.id));
      expect(events).toEqual([]);
      const room = await getReviewRoom(t.db, { actor: actor(scene.supervisor), versionId: v.id });
      expect(room.permissions.canDecide).toBe(false);
      expect(room.decisions).toEqual([]);
    }
  });

  it("refuses notes over 5000 characters and unknown decisions (422)", async () => {
    const v = await readyVersion();
    const sup = actor(scene.supervisor);
    // The body is parsed by the route, before decideVersion runs: the same parse here.
    const decide = async (body: unknown) => decideVersion(t.db, { ...decideVersionInput.parse(body), actor: sup, versionId: v.id });
    expect((await rejectionOf(decide({ decision: "APPROVED", note: "n".repeat(5001) }))).code).toBe("validation_failed");
    expect((await rejectionOf(decide({ decision: "MAYBE" }))).code).toBe("validation_failed");
    const ok = await decideVersion(t.db, { actor: sup, versionId: v.id, decision: "APPROVED", note: "n".repeat(5000) });
    expect(ok.decision.note).toHaveLength(5000);
  });

  it("applies concurrent decisions one after the other: the history's last entry is the current state", async () => {
    const v = await readyVersion();
    const sup = actor(scene.supervisor);
    const decisions = ["APPROVED", "REJECTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED"] as const;
    await Promise.all(decisions.map((decision) => decideVersion(t.db, { actor: sup, versionId: v.id, decision })));
    const room = await getReviewRoom(t.db, { actor: sup, versionId: v.id });
    expect(room.decisions).toHaveLength(5);
    expect(room.decisions.at(-1)?.decision).toBe(room.version.reviewState);
  });
});
