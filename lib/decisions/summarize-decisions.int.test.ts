import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "@/db/schema";
import { createReviewScene, createVersion } from "@/tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";
import { decideVersion } from "./decide-version";
import { listDecisions } from "./decision-view";
import { summarizeDecisions } from "./summarize-decisions";

const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });

describe("summarizeDecisions", () => {
  let t: TestDatabase;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    scene = await createReviewScene(t.db);
  });
  afterAll(() => t?.drop());

  it("gives each version its latest decision and how many it has had; undecided versions are absent", async () => {
    const [decidedTwice, decidedOnce, undecided] = [
      await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id }),
      await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id }),
      await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id }),
    ];
    const sup = actor(scene.supervisor);
    await decideVersion(t.db, { actor: sup, versionId: decidedTwice.id, decision: "REJECTED", note: "Grade" });
    await decideVersion(t.db, { actor: actor(scene.admin), versionId: decidedTwice.id, decision: "APPROVED" });
    await decideVersion(t.db, { actor: sup, versionId: decidedOnce.id, decision: "CHANGES_REQUESTED", note: "Flicker" });

    const summaries = await summarizeDecisions(t.db, [decidedTwice.id, decidedOnce.id, undecided.id]);

    expect(summaries.size).toBe(2);
    expect(summaries.has(undecided.id)).toBe(false);
    const twice = summaries.get(decidedTwice.id)!;
    expect(twice.count).toBe(2);
    // The same latest entry the room's history ends with.
    expect(twice.latest).toEqual((await listDecisions(t.db, decidedTwice.id)).at(-1));
    expect(twice.latest).toMatchObject({ decision: "APPROVED", note: null, decidedBy: { id: scene.admin.id, name: scene.admin.name } });
    expect(summaries.get(decidedOnce.id)).toMatchObject({
      count: 1,
      latest: { decision: "CHANGES_REQUESTED", note: "Flicker", decidedBy: { id: scene.supervisor.id } },
    });
  });

  it("gives an empty map for no versions", async () => {
    expect((await summarizeDecisions(t.db, [])).size).toBe(0);
  });
});
