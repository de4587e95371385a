import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAsset, createProject, createReviewScene, createVersion } from "@/tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";
import { isVersionOfAsset } from "./is-version-of-asset";

describe("isVersionOfAsset", () => {
  let t: TestDatabase;
  let scene: Awaited<ReturnType<typeof createReviewScene>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    scene = await createReviewScene(t.db);
  });
  afterAll(() => t?.drop());

  it("is true only for the version under its own asset and project, as the review page's URL must name it", async () => {
    const version = await createVersion(t.db, { assetId: scene.asset.id, uploadedBy: scene.producer.id });
    const sibling = await createAsset(t.db, { projectId: scene.project.id, createdBy: scene.producer.id });
    const otherProject = await createProject(t.db);
    const ids = { projectId: scene.project.id, assetId: scene.asset.id, versionId: version.id };

    expect(await isVersionOfAsset(t.db, ids)).toBe(true);
    expect(await isVersionOfAsset(t.db, { ...ids, assetId: sibling.id })).toBe(false);
    expect(await isVersionOfAsset(t.db, { ...ids, projectId: otherProject.id })).toBe(false);
    expect(await isVersionOfAsset(t.db, { ...ids, versionId: crypto.randomUUID() })).toBe(false);
  });
});
