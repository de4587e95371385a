import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, S3Client, UploadPartCommand, CreateMultipartUploadCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testS3Config } from "../../tests/helpers/test-db";
import { startLocalS3, type LocalS3 } from "./local-s3";

const APP_ORIGIN = "http://localhost:3999";

function clientFor(s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string }): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    forcePathStyle: true,
    // The SDK's default checksums corrupt streamed uploads to s3rver.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

describe("startLocalS3", () => {
  let dataDir: string;
  let s3: LocalS3;
  let client: S3Client;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "axiom-local-s3-"));
    s3 = await startLocalS3({ dataDir, port: 0, bucket: "media", allowedOrigins: [APP_ORIGIN] });
    client = clientFor(s3);
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it("answers a CORS preflight for a PUT from the app origin", async () => {
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: "media", Key: "masters/p/v1" }), { expiresIn: 300 });
    const response = await fetch(url, {
      method: "OPTIONS",
      headers: { Origin: APP_ORIGIN, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toMatch(/^(\*|http:\/\/localhost:3999)$/);
    expect(response.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(response.headers.get("access-control-allow-headers")).toContain("content-type");
  });

  it("refuses a preflight from another origin", async () => {
    const response = await fetch(`${s3.endpoint}/media/masters/p/v1`, {
      method: "OPTIONS",
      headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "PUT" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("accepts a presigned PUT and exposes its ETag to the app origin", async () => {
    const body = Buffer.from("frame data");
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: "media", Key: "masters/p/v2", ContentType: "video/mp4" }),
      { expiresIn: 300 },
    );
    const put = await fetch(url, { method: "PUT", body, headers: { Origin: APP_ORIGIN, "Content-Type": "video/mp4" } });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(put.headers.get("access-control-expose-headers")).toContain("ETag");

    const got = await client.send(new GetObjectCommand({ Bucket: "media", Key: "masters/p/v2" }));
    expect(await got.Body?.transformToString()).toBe("frame data");
  });

  it("accepts a presigned multipart part PUT and exposes the part ETag", async () => {
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: "media", Key: "masters/p/v3" }));
    const url = await getSignedUrl(
      client,
      new UploadPartCommand({ Bucket: "media", Key: "masters/p/v3", UploadId: created.UploadId, PartNumber: 1 }),
      { expiresIn: 300 },
    );
    const put = await fetch(url, { method: "PUT", body: Buffer.alloc(1024, 7), headers: { Origin: APP_ORIGIN } });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toBeTruthy();
    expect(put.headers.get("access-control-expose-headers")).toContain("ETag");
  });

  it("keeps objects across a restart on the same directory", async () => {
    await s3.stop();
    s3 = await startLocalS3({ dataDir, port: 0, bucket: "media", allowedOrigins: [APP_ORIGIN] });
    client.destroy();
    client = clientFor(s3);
    const got = await client.send(new GetObjectCommand({ Bucket: "media", Key: "masters/p/v2" }));
    expect(await got.Body?.transformToString()).toBe("frame data");
  });
});

describe("the integration run's shared s3rver", () => {
  it("accepts an SDK upload to its bucket", async () => {
    const config = testS3Config();
    const client = clientFor(config);
    try {
      await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: "probe", Body: "ok" }));
      const got = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: "probe" }));
      expect(await got.Body?.transformToString()).toBe("ok");
    } finally {
      client.destroy();
    }
  });
});
