import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
  type ListObjectsV2CommandOutput,
  type ListPartsCommandOutput,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { attachmentContentDisposition } from "./content-disposition";

/**
 * AXIOM's only door to object storage: AWS S3 or any S3-compatible store (MinIO, Ceph RGW,
 * the local s3rver). The server chooses every key (see `keys.ts`); user file names are
 * metadata, never paths. Presigned URLs are short-lived and scoped to one key (and for
 * multipart, to one upload id and part number).
 */
export type StorageConfig = {
  endpoint?: string; // unset: AWS S3
  publicEndpoint?: string; // the endpoint browsers use, when it differs from the server's
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Above this size `copy` uses a multipart copy (UploadPartCopy). Default 5 GiB, S3's CopyObject limit. */
  maxCopyObjectBytes?: number;
  /** Part size of a multipart copy. Default 512 MiB. */
  copyPartBytes?: number;
};

const GiB = 1024 ** 3;
/** S3 (and MinIO) refuse a CopyObject of a larger source; bigger objects are copied in parts. */
const MAX_COPY_OBJECT_BYTES = 5 * GiB;
/**
 * 512 MiB copy parts: a 200 GiB master is 400 UploadPartCopy requests (S3 allows 10,000 parts
 * of at most 5 GiB each), each short enough (seconds on S3) to retry cheaply; the minimum is 5 MiB.
 */
const COPY_PART_BYTES = 512 * 1024 ** 2;
/** Part copies in flight at once: the store does the work, we only wait on the requests. */
const COPY_CONCURRENCY = 8;

export type Storage = ReturnType<typeof createStorage>;

function createClient(config: StorageConfig, endpoint: string | undefined): S3Client {
  return new S3Client({
    endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // The SDK's default (WHEN_SUPPORTED) adds CRC32 checksums that several S3-compatible
    // stores mishandle — s3rver corrupts streamed uploads with it (docs/measurements.md). Masters
    // get an end-to-end SHA-256 of their own instead.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function createStorage(config: StorageConfig) {
  const client = createClient(config, config.endpoint);
  // Presigning is local computation; a second client only changes the host in the URL.
  const presignClient = config.publicEndpoint ? createClient(config, config.publicEndpoint) : client;
  const Bucket = config.bucket;

  /** Every part already stored for a multipart upload (follows pagination). */
  async function listParts(key: string, uploadId: string): Promise<StoredPart[]> {
    const parts: StoredPart[] = [];
    let marker: string | undefined;
    for (;;) {
      const out: ListPartsCommandOutput = await guard(() =>
        client.send(new ListPartsCommand({ Bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker })),
      );
      for (const p of out.Parts ?? []) {
        if (p.PartNumber && p.ETag) parts.push({ partNumber: p.PartNumber, etag: p.ETag, size: p.Size ?? 0, lastModified: p.LastModified });
      }
      if (!out.IsTruncated || !out.NextPartNumberMarker) break;
      marker = out.NextPartNumberMarker;
    }
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  return {
    bucket: Bucket,
    client,

    presignPut(key: string, options: { contentType: string; contentLength: number; expiresIn: number }) {
      return guard(() =>
        getSignedUrl(
          presignClient,
          new PutObjectCommand({ Bucket, Key: key, ContentType: options.contentType, ContentLength: options.contentLength }),
          // Content-Type and Content-Length are signed: the browser cannot send something else.
          { expiresIn: options.expiresIn, signableHeaders: new Set(["content-type", "content-length"]) },
        ),
      );
    },

    /**
     * A GET URL for one object. `forServer`: signed for S3_ENDPOINT instead of S3_PUBLIC_ENDPOINT,
     * for a URL our own processes fetch (the worker's FFmpeg), which may not reach the public name.
     */
    presignGet(key: string, options: { expiresIn: number; downloadName?: string; forServer?: boolean }) {
      return guard(() =>
        getSignedUrl(
          options.forServer ? client : presignClient,
          new GetObjectCommand({
            Bucket,
            Key: key,
            // Signed into the URL: the store answers with exactly this header (content-disposition.ts).
            ResponseContentDisposition: options.downloadName ? attachmentContentDisposition(options.downloadName) : undefined,
          }),
          { expiresIn: options.expiresIn },
        ),
      );
    },

    async createMultipartUpload(key: string, contentType: string): Promise<string> {
      const out = await guard(() => client.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType })));
      if (!out.UploadId) throw new AppError("storage_unavailable", "Object storage returned no upload id");
      return out.UploadId;
    },

    /**
     * A PUT URL for one part. Its exact length is signed (like the single PUT's): the store
     * refuses a body of any other size, so a client cannot push more than it declared.
     */
    presignUploadPart(key: string, uploadId: string, options: { partNumber: number; contentLength: number; expiresIn: number }) {
      return guard(() =>
        getSignedUrl(
          presignClient,
          new UploadPartCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: options.partNumber,
            ContentLength: options.contentLength,
          }),
          { expiresIn: options.expiresIn, signableHeaders: new Set(["content-length"]) },
        ),
      );
    },

    /**
     * Every part stored for a multipart upload, or null when the store says the upload does not
     * exist (completed, aborted, never created). Any other failure throws `storage_unavailable`.
     */
    async listPartsOrNull(key: string, uploadId: string): Promise<StoredPart[] | null> {
      try {
        return await listParts(key, uploadId);
      } catch (err) {
        if (err instanceof AppError && isNotFound(err.cause)) return null;
        throw err;
      }
    },

    /** Every part already stored for a multipart upload (follows pagination). */
    listParts,

    async completeMultipartUpload(key: string, uploadId: string, parts: { partNumber: number; etag: string }[]) {
      await guard(() =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
          }),
        ),
      );
    },

    async abortMultipartUpload(key: string, uploadId: string) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }));
      } catch (err) {
        if (!isNotFound(err)) throw storageError(err);
      }
    },

    /**
     * Copies `sourceKey` to `destinationKey` inside the bucket: the bytes never pass through
     * AXIOM. Up to `maxCopyObjectBytes` (5 GiB) one CopyObject, above it a multipart copy
     * (UploadPartCopy of `copyPartBytes` ranges, `COPY_CONCURRENCY` at once; aborted on failure).
     * `sourceEtag` pins the source (CopySourceIfMatch) on stores that check it, so a source
     * replaced mid-copy fails instead of mixing; the stored metadata (content type) is ours, not
     * the uploader's, plus `metadata` (user metadata, `x-amz-meta-*`). Throws `conflict` when the
     * source changed or vanished, `storage_unavailable` otherwise.
     */
    async copy(
      sourceKey: string,
      destinationKey: string,
      options: { size: number; contentType: string; sourceEtag?: string; metadata?: Record<string, string> },
    ) {
      const Metadata = options.metadata;
      const CopySource = encodeURI(`${Bucket}/${sourceKey}`);
      const CopySourceIfMatch = options.sourceEtag;
      if (options.size <= (config.maxCopyObjectBytes ?? MAX_COPY_OBJECT_BYTES)) {
        await copyGuard(() =>
          client.send(
            new CopyObjectCommand({
              Bucket,
              Key: destinationKey,
              CopySource,
              CopySourceIfMatch,
              MetadataDirective: "REPLACE",
              ContentType: options.contentType,
              Metadata,
            }),
          ),
        );
        return;
      }
      const partBytes = config.copyPartBytes ?? COPY_PART_BYTES;
      const partCount = Math.ceil(options.size / partBytes);
      const created = await guard(() =>
        client.send(new CreateMultipartUploadCommand({ Bucket, Key: destinationKey, ContentType: options.contentType, Metadata })),
      );
      const UploadId = created.UploadId;
      if (!UploadId) throw new AppError("storage_unavailable", "Object storage returned no upload id");
      try {
        const etags: string[] = new Array<string>(partCount);
        let next = 0;
        const copyParts = async () => {
          while (next < partCount) {
            const index = next++;
            const first = index * partBytes;
            const last = Math.min(first + partBytes, options.size) - 1;
            const out = await copyGuard(() =>
              client.send(
                new UploadPartCopyCommand({
                  Bucket,
                  Key: destinationKey,
                  UploadId,
                  PartNumber: index + 1,
                  CopySource,
                  CopySourceIfMatch,
                  CopySourceRange: `bytes=${first}-${last}`,
                }),
              ),
            );
            const etag = out.CopyPartResult?.ETag;
            if (!etag) throw new AppError("storage_unavailable", `Object storage returned no ETag for copied part ${index + 1}`);
            etags[index] = etag;
          }
        };
        await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, partCount) }, copyParts));
        await guard(() =>
          client.send(
            new CompleteMultipartUploadCommand({
              Bucket,
              Key: destinationKey,
              UploadId,
              MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
            }),
          ),
        );
      } catch (err) {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: destinationKey, UploadId })).catch(() => {});
        throw err;
      }
    },

    /** Every object under `prefix` (follows pagination), one page (≤ 1000) at a time. */
    async *listObjects(prefix: string): AsyncGenerator<{ key: string; size: number; lastModified?: Date }[]> {
      let ContinuationToken: string | undefined;
      for (;;) {
        const out: ListObjectsV2CommandOutput = await guard(() =>
          client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken })),
        );
        yield (out.Contents ?? []).flatMap((o) => (o.Key ? [{ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified }] : []));
        if (!out.IsTruncated || !out.NextContinuationToken) return;
        ContinuationToken = out.NextContinuationToken;
      }
    },

    /** Size, ETag, content type and user metadata of an object, or null when it does not exist. */
    async head(key: string): Promise<{ size: number; etag?: string; contentType?: string; metadata?: Record<string, string> } | null> {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: out.ContentLength ?? 0, etag: out.ETag, contentType: out.ContentType, metadata: out.Metadata };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw storageError(err);
      }
    },

    /** The object, or the bytes `range.start`..`range.end` (inclusive) of it: a ranged GET. */
    async getStream(key: string, range?: { start: number; end: number }): Promise<Readable> {
      const Range = range ? `bytes=${range.start}-${range.end}` : undefined;
      const out = await guard(() => client.send(new GetObjectCommand({ Bucket, Key: key, Range })));
      if (!out.Body) throw new AppError("storage_unavailable", `Object ${key} has no body`);
      return out.Body as Readable;
    },

    /** The first `length` bytes of an object (a ranged GET): enough to check a file's signature without reading it all. */
    async readStart(key: string, length: number): Promise<Uint8Array> {
      const out = await guard(() => client.send(new GetObjectCommand({ Bucket, Key: key, Range: `bytes=0-${Math.max(0, length - 1)}` })));
      if (!out.Body) throw new AppError("storage_unavailable", `Object ${key} has no body`);
      return (await out.Body.transformToByteArray()).subarray(0, length);
    },

    async putFile(key: string, filePath: string, contentType: string): Promise<{ size: number }> {
      const { size } = await stat(filePath);
      await guard(() =>
        client.send(
          new PutObjectCommand({
            Bucket,
            Key: key,
            Body: createReadStream(filePath),
            ContentLength: size,
            ContentType: contentType,
          }),
        ),
      );
      return { size };
    },

    async putBytes(key: string, body: Uint8Array | string, contentType: string) {
      await guard(() => client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType })));
    },

    async delete(key: string) {
      await guard(() => client.send(new DeleteObjectCommand({ Bucket, Key: key })));
    },
  };
}

// lastModified: lets the stale-upload sweeper tell a slow upload from a dead one.
export type StoredPart = { partNumber: number; etag: string; size: number; lastModified?: Date };

function isNotFound(err: unknown): boolean {
  if (err instanceof S3ServiceException) {
    return err.$metadata.httpStatusCode === 404 || err.name === "NotFound" || err.name === "NoSuchKey" || err.name === "NoSuchUpload";
  }
  return false;
}

function storageError(err: unknown): AppError {
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new AppError("storage_unavailable", `Object storage error (${detail})`, { cause: err });
}

/** `guard` for copies: a source that changed (412) or vanished (404) mid-copy is the caller's conflict. */
async function copyGuard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 412 || isNotFound(err))) {
      throw new AppError("conflict", "The uploaded file changed or disappeared while it was being stored; complete the upload again.", {
        cause: err,
      });
    }
    if (err instanceof AppError) throw err;
    throw storageError(err);
  }
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw storageError(err);
  }
}
