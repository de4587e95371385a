import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import type S3rver from "s3rver";

/**
 * s3rver 3.7 implements CreateMultipartUpload, UploadPart and CompleteMultipartUpload but not
 * ListParts (`GET ?uploadId`) nor AbortMultipartUpload (`DELETE ?uploadId`), which AXIOM's
 * upload protocol needs (resume after a reload; cancel; the stale-upload sweeper), and it
 * accepts parts for upload ids that do not exist (it recreates the directory). Nor does it
 * implement UploadPartCopy (`PUT ?partNumber&uploadId` with `x-amz-copy-source`: "NotImplemented"),
 * which completion uses to copy a staged upload above 5 GiB to its master key (its CopyObject has
 * no size limit, but S3's and MinIO's do). This adds the three operations, answering like S3
 * (UploadPartCopy honours `x-amz-copy-source-range` and `-if-match`), and refuses parts for
 * unknown or aborted uploads with `NoSuchUpload`, over s3rver's own file layout
 * (`<bucket>/._S3rver_uploads/<id>/{key,<n>,<n>.md5}`, objects as `<key>._S3rver_object{,.md5}`).
 * Dev and test only: nothing in the app or worker imports it.
 */

type KoaContext = {
  method: string;
  headers: Record<string, string | string[] | undefined>;
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

export function addMissingMultipartOperations(server: S3rver): void {
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

    const copySource = ctx.headers["x-amz-copy-source"];
    if (isPart && typeof copySource === "string") {
      ctx.body = await copyPart(internals.store, { uploadDir, partNumber: String(ctx.query.partNumber), copySource, headers: ctx.headers });
      return;
    }
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

/** UploadPartCopy: a byte range of an existing object becomes part `partNumber` of the upload. */
async function copyPart(
  store: S3rverInternals["store"],
  params: { uploadDir: string; partNumber: string; copySource: string; headers: KoaContext["headers"] },
) {
  if (!/^\d{1,5}$/.test(params.partNumber)) throw new S3Error("InvalidArgument", "Part number must be an integer between 1 and 10000");
  const source = decodeURIComponent(params.copySource).replace(/^\//, "");
  const slash = source.indexOf("/");
  if (slash <= 0) throw new S3Error("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
  const objectPath = store.getResourcePath(source.slice(0, slash), source.slice(slash + 1), "object");
  const stat = await fs.stat(objectPath).catch(() => null);
  if (!stat) throw new S3Error("NoSuchKey", "The specified key does not exist.", { Key: source.slice(slash + 1) });
  const ifMatch = params.headers["x-amz-copy-source-if-match"];
  if (typeof ifMatch === "string") {
    const md5 = (await fs.readFile(`${objectPath}.md5`, "utf8").catch(() => "")).trim();
    if (ifMatch.replace(/"/g, "") !== md5) throw new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
  }
  const range = params.headers["x-amz-copy-source-range"];
  let start = 0;
  let end = stat.size - 1;
  if (typeof range === "string") {
    const m = /^bytes=(\d+)-(\d+)$/.exec(range);
    if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= stat.size) {
      throw new S3Error("InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last within the object");
    }
    start = Number(m[1]);
    end = Number(m[2]);
  }
  const partPath = path.join(params.uploadDir, String(Number(params.partNumber)));
  const hash = createHash("md5");
  await pipeline(
    createReadStream(objectPath, { start, end }),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(partPath),
  );
  const md5 = hash.digest("hex");
  await fs.writeFile(`${partPath}.md5`, md5);
  return { CopyPartResult: { LastModified: new Date().toISOString(), ETag: JSON.stringify(md5) } };
}
