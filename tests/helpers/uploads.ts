import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "../../db/client";
import { versions } from "../../db/schema";
import { AppError, toAppError } from "../../lib/errors";
import type { Storage } from "../../lib/storage";
import { createUpload, createUploadBody, type CreatedUpload, type CreateUploadRequest } from "../../lib/uploads/create-upload";
import type { UploadLimits } from "../../lib/uploads/upload-policy";

/** Shared by tests/uploads.int.test.ts and tests/upload-hardening.int.test.ts. */

export const MiB = 1024 * 1024;
// Small limits so a multipart upload of three parts stays quick: 5 MiB is S3's minimum part.
export const limits: UploadLimits = { maxBytes: 1024 * MiB, singlePutMaxBytes: 1 * MiB, partBytes: 5 * MiB, urlTtlSeconds: 600 };

/**
 * `start` (an upload by the producer into the project, under a fresh asset name unless overridden)
 * and `getVersion`, bound to a test file's database, storage, project and producer. A getter,
 * because the test file creates them in `beforeAll`.
 */
export function uploadHelpers(context: () => { db: Db; storage: Storage; projectId: string; producerId: string }) {
  return {
    async start(overrides: Partial<CreateUploadRequest> & { size: number }): Promise<CreatedUpload> {
      const { db, storage, projectId, producerId } = context();
      // As the route does: the body is parsed at the edge, the domain function takes it typed.
      const body = createUploadBody.parse({
        assetName: `SH${randomBytes(4).toString("hex")}`,
        fileName: "plate.mov",
        contentType: "video/quicktime",
        ...overrides,
      });
      return createUpload(db, storage, { ...body, projectId, actor: { id: producerId, isAdmin: false }, limits });
    },
    getVersion: async (id: string) => (await context().db.select().from(versions).where(eq(versions.id, id)))[0]!,
  };
}

/** PUT to a presigned URL, expecting 200; returns the store's ETag. */
export async function put(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, { method: "PUT", body: new Blob([body as Uint8Array<ArrayBuffer>]), headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.headers.get("etag") ?? "";
}

export async function expectAppError(promise: Promise<unknown>, code: string, status: number, message?: RegExp) {
  // Through the one mapper the route handlers use, as a ZodError becomes a 422 there.
  const err = await promise.then(
    () => undefined,
    (e: unknown) => toAppError(e),
  );
  expect(err, `expected ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  expect((err as AppError).status).toBe(status);
  if (message) expect((err as AppError).message).toMatch(message);
}
