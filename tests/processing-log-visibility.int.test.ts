import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../db/schema";
import { getReviewRoom } from "../lib/review/get-review-room";
import { createVersion, createReviewScene } from "./helpers/factories";
import { createTestDatabase, type TestDatabase } from "./helpers/test-db";

const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });
const LOG_TAIL = "[mov @ 0x55d] moov atom not found\n/var/tmp/axiom-worker/job-7/master: Invalid data (worker-3.studio.internal)";

describe("the FFmpeg log tail in the review room", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it("is shown to those who may retry (producers, admins) and to no other member", async () => {
    const scene = await createReviewScene(t.db);
    const version = await createVersion(t.db, {
      assetId: scene.asset.id,
      uploadedBy: scene.producer.id,
      state: "ERROR",
      overrides: { errorLogTail: LOG_TAIL },
    });
    const logOf = async (u: User) => (await getReviewRoom(t.db, { actor: actor(u), versionId: version.id })).version;

    for (const who of [scene.producer, scene.admin]) expect((await logOf(who)).errorLogTail).toBe(LOG_TAIL);
    for (const who of [scene.viewer, scene.supervisor]) {
      // The reason stays visible; only the raw log is withheld.
      expect(await logOf(who)).toMatchObject({ errorLogTail: null, errorCode: "corrupt_input", errorMessage: "moov atom not found" });
    }
  });
});
