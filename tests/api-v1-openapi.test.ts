import fs from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { getOpenApiDocument } from "../lib/api/v1/openapi";
import { V1 } from "../lib/api/v1/operations";
import { listV1RouteFiles } from "./helpers/v1-router";

/**
 * The OpenAPI document of /api/v1 (issue 14): it validates against the OpenAPI 3.1 schema, and it
 * lists exactly the methods the route files under app/api/v1 export — a route added without an
 * operation in lib/api/v1/operations.ts, or an operation without its route, fails here.
 */

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** `GET /api/v1/versions/{versionId}` for each method a route file exports. */
function routeOperations(): string[] {
  return listV1RouteFiles().flatMap(({ file, routePath }) => {
    const source = fs.readFileSync(file, "utf8");
    const openApiPath = routePath.replace(/\[(\w+)\]/g, "{$1}");
    return METHODS.filter((m) => new RegExp(`export (const ${m}\\b|(async )?function ${m}\\b)`).test(source)).map((m) => `${m} ${openApiPath}`);
  });
}

describe("the /api/v1 OpenAPI document", () => {
  const doc = getOpenApiDocument();

  it("is valid OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists every method of every app/api/v1 route file, and nothing else", () => {
    const inDocument = Object.entries(doc.paths ?? {}).flatMap(([p, item]) =>
      Object.keys(item ?? {})
        .filter((k) => METHODS.includes(k.toUpperCase() as (typeof METHODS)[number]))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    const onDisk = routeOperations();
    expect(onDisk.length).toBeGreaterThanOrEqual(25);
    expect(inDocument.sort()).toEqual(onDisk.sort());
  });

  it("documents each operation's permission, authentication, success and error answers", () => {
    for (const op of Object.values(V1)) {
      const documented = doc.paths?.[op.path]?.[op.method];
      expect(documented, `${op.method} ${op.path}`).toBeDefined();
      expect(documented!.description).toContain(`Permission: \`${op.permission}\``);
      expect(Object.keys(documented!.responses ?? {})).toEqual(expect.arrayContaining([String(op.success.status), "401", "404"]));
      expect(documented!.security?.length).toBeGreaterThan(0);
      // Every change may meet a state that refuses it (a retry of a version not in ERROR).
      if (op.method !== "get") expect(Object.keys(documented!.responses ?? {}), `${op.method} ${op.path}`).toContain("409");
    }
    expect(doc.components?.securitySchemes?.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
  });

  // Issue 14: /api/v1 does what the UI does. One operation per behaviour the issue names; a
  // behaviour whose operation is renamed or dropped fails here by name.
  it("has an operation for every behaviour of the UI the issue names", () => {
    const behaviours: Record<string, (keyof typeof V1)[]> = {
      "projects: list mine, find by code": ["listProjects"],
      "assets: list with search and filters": ["listAssets"],
      "versions: an asset's versions, one version's state, retry a failed one": ["listAssetVersions", "getVersion", "retryVersion"],
      "uploads: the browser's protocol": ["createUpload", "presignParts", "listUploadedParts", "presignUploadUrl", "completeUpload", "abortUpload"],
      "comments: list, write, edit, delete, resolve": ["listComments", "createComment", "editComment", "deleteComment", "resolveComment"],
      "decisions: list, decide": ["listDecisions", "createDecision"],
      "renditions: list with downloads": ["listRenditions"],
      "audit events": ["listAuditEvents"],
      "OMC-JSON: a version, an asset": ["getVersionOmc", "getAssetOmc"],
    };
    for (const [behaviour, ids] of Object.entries(behaviours)) {
      for (const id of ids) {
        const op = V1[id];
        expect(doc.paths?.[op.path]?.[op.method]?.operationId, `${behaviour}: ${id}`).toBe(id);
        expect(op.auth, `${behaviour}: ${id} takes a token`).not.toBe("session");
      }
    }
  });

  it("documents the OMC exports as OMC-JSON documents", () => {
    const answer = JSON.stringify(doc.paths?.["/api/v1/versions/{versionId}/omc"]?.get?.responses?.["200"]);
    expect(answer).toContain("#/components/schemas/OmcDocument");
    expect(doc.components?.schemas?.OmcDocument).toMatchObject({ required: ["Asset", "AssetSC", "Task", "Context", "Participant"] });
  });

  it("renders list answers as { items, nextCursor } and limit as at most 100", () => {
    const list = doc.paths?.["/api/v1/projects"]?.get;
    const limit = list?.parameters?.find((p) => "name" in p && p.name === "limit");
    expect(limit).toMatchObject({ in: "query", schema: { maximum: 100, minimum: 1 } });
    const schema = JSON.stringify(list?.responses?.["200"]);
    expect(schema).toContain("nextCursor");
    expect(schema).toContain("items");
  });
});
