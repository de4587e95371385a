import fs from "node:fs";
import path from "node:path";
import S3rver from "s3rver";
import { addMissingMultipartOperations } from "./s3rver-multipart";

export type LocalS3 = {
  /** Path-style endpoint, e.g. http://127.0.0.1:9000 (clients need forcePathStyle). */
  endpoint: string;
  port: number;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stops listening and lets requests in flight finish. */
  stop: () => Promise<void>;
  /** As a crashed store: stops listening and resets every open connection, so requests in flight fail. */
  kill: () => Promise<void>;
};

export type StartLocalS3Options = {
  /** Objects live here as plain files; a second start on the same directory keeps them. */
  dataDir: string;
  /** 0 picks a free port (read it back from the result). */
  port: number;
  bucket: string;
  /** Browser origins allowed to PUT/GET/HEAD/POST, e.g. http://localhost:3000; "*" allows any. */
  allowedOrigins: string[];
  /** Interface to bind. Defaults to 127.0.0.1: this store has no authentication worth the name. */
  address?: string;
};

// s3rver rejects any other access key id; it checks no signature, so the secret is arbitrary.
const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/**
 * Starts s3rver (a local S3 imitation, path-style only) with `bucket` created and a CORS rule
 * for `allowedOrigins`. The rule exposes `ETag`, without which a browser cannot read the part
 * ETags it needs to complete a multipart upload. Throws if the port is taken.
 */
export async function startLocalS3(options: StartLocalS3Options): Promise<LocalS3> {
  const address = options.address ?? "127.0.0.1";
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const server = new S3rver({
    address,
    port: options.port,
    directory: dataDir,
    silent: true,
    vhostBuckets: false,
    configureBuckets: [{ name: options.bucket, configs: [buildCorsXml(options.allowedOrigins)] }],
  });
  addMissingMultipartOperations(server); // ListParts, AbortMultipartUpload and UploadPartCopy, which s3rver lacks
  const bound = await server.run();
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${address}:${bound.port}`,
    port: bound.port,
    bucket: options.bucket,
    region: "us-east-1",
    ...S3RVER_CREDENTIALS,
    stop: () => (stopped ??= server.close()),
    kill: () => {
      stopped ??= server.close();
      server.httpServer?.closeAllConnections();
      return stopped;
    },
  };
}

/** The bucket's CORS document: one rule for the app origins (S3's own XML schema). */
export function buildCorsXml(allowedOrigins: string[]): string {
  if (allowedOrigins.length === 0) throw new Error("allowedOrigins must name at least one origin");
  const origins = [...new Set(allowedOrigins)].map((o) => `<AllowedOrigin>${escapeXml(o)}</AllowedOrigin>`);
  return [
    "<CORSConfiguration>",
    "<CORSRule>",
    ...origins,
    ...["PUT", "GET", "HEAD", "POST"].map((m) => `<AllowedMethod>${m}</AllowedMethod>`),
    "<AllowedHeader>*</AllowedHeader>",
    "<ExposeHeader>ETag</ExposeHeader>",
    // Browsers cap this anyway (Chromium: 2 h); it saves a preflight per part.
    "<MaxAgeSeconds>3600</MaxAgeSeconds>",
    "</CORSRule>",
    "</CORSConfiguration>",
  ].join("");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Origins a browser may use for an app served at `appUrl` (localhost and 127.0.0.1 are different origins). */
export function appOrigins(appUrl: string): string[] {
  const url = new URL(appUrl);
  const origins = [url.origin];
  const port = url.port ? `:${url.port}` : "";
  if (url.hostname === "localhost") origins.push(`${url.protocol}//127.0.0.1${port}`);
  if (url.hostname === "127.0.0.1") origins.push(`${url.protocol}//localhost${port}`);
  return origins;
}

/** The S3_* variables (lib/env.ts) that point the app, a worker or a test at a local store. */
export function s3Environment(s3: {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}): Record<string, string> {
  return {
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    // s3rver is path-style only (docs/measurements.md).
    S3_FORCE_PATH_STYLE: "true",
  };
}
