import fs from "node:fs/promises";
import path from "node:path";
import type S3rver from "s3rver";

/**
 * s3rver 3.7 implements CreateMultipartUpload, UploadPart and CompleteMultipartUpload but not
 * ListParts (`GET ?uploadId`) nor AbortMultipartUpload (`DELETE ?uploadId`), which AXIOM's
 * upload protocol needs (resume after a reload; cancel; the stale-upload sweeper), and it
 * accepts parts for upload ids that do not exist (it recreates the directory). This adds the
 * two operations, answering like S3, and refuses parts for unknown or aborted uploads with
 * `NoSuchUpload`, over s3rver's own file layout (`<bucket>/._S3rver_uploads/<id>/{key,<n>,<n>.md5}`).
 * Dev and test only: nothing in the app or worker imports it.
 */

type KoaContext = {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
};
type Middleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;
type S3rverInternals = {
  middleware: Middleware[];
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
};

// s3rver's own error type, so failures render as S3 XML with the right status.
const S3Error = require("s3rver/lib/models/error") as new (code: string, message: string, detail?: object) => Error;

const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function addMultipartListAndAbort(server: S3rver): void {
  const internals = server as unknown as S3rverInternals;
  const middleware: Middleware = async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const isList = ctx.method === "GET";
    const isAbort = ctx.method === "DELETE";
    const isPart = ctx.method === "PUT" && ctx.query.partNumber !== undefined;
    if (typeof uploadId !== "string" || !(isList || isAbort || isPart)) return next();
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (!match) return next();
    const bucket = decodeURIComponent(match[1]!);
    const key = decodeURIComponent(match[2]!);

    const noSuchUpload = () =>
      new S3Error("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", {
        UploadId: uploadId,
      });
    if (!UPLOAD_ID.test(uploadId)) throw noSuchUpload();
    const uploadDir = path.join(internals.store.getResourcePath(bucket, undefined, "uploads"), uploadId);
    const storedKey = await fs.readFile(path.join(uploadDir, "key"), "utf8").catch(() => null);
    if (storedKey !== key) throw noSuchUpload();

    if (isPart) return next();
    if (isAbort) {
      await fs.rm(uploadDir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = null;
      return;
    }

    const marker = Number(ctx.query["part-number-marker"] ?? 0) || 0;
    const maxParts = Math.min(Number(ctx.query["max-parts"] ?? 1000) || 1000, 1000);
    const numbers = (await fs.readdir(uploadDir))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((n) => n > marker)
      .sort((a, b) => a - b);
    const page = numbers.slice(0, maxParts);
    const parts = await Promise.all(
      page.map(async (n) => {
        const [stat, md5] = await Promise.all([
          fs.stat(path.join(uploadDir, String(n))),
          fs.readFile(path.join(uploadDir, `${n}.md5`), "utf8").catch(() => ""),
        ]);
        return { PartNumber: n, LastModified: stat.mtime.toISOString(), ETag: JSON.stringify(md5.trim()), Size: stat.size };
      }),
    );
    const isTruncated = numbers.length > page.length;
    ctx.body = {
      ListPartsResult: {
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumberMarker: marker,
        NextPartNumberMarker: page.at(-1) ?? marker,
        MaxParts: maxParts,
        IsTruncated: isTruncated,
        Part: parts,
      },
    };
  };
  // Before the router (the last middleware), after the logger and the XML encoder.
  internals.middleware.splice(internals.middleware.length - 1, 0, middleware);
}
