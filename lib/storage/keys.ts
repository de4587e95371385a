/**
 * Every object key AXIOM writes. Keys are built from server-side UUIDs only; a user's file
 * name never becomes part of a path.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw new Error(`${what} must be a lower-case UUID, got ${JSON.stringify(id)}`);
  return id;
}

/**
 * The master of a version: written by completion (a server-side copy from `stagingKey`) while the
 * version is still AWAITING_UPLOAD, never afterwards, and never named in a presigned upload URL.
 * (Versions created before migration 0008 were uploaded to this key directly.)
 */
export function masterKey(projectId: string, versionId: string): string {
  return `masters/${assertUuid(projectId, "projectId")}/${assertUuid(versionId, "versionId")}`;
}

/**
 * Where the browser sends a version's bytes: the only key any presigned upload URL ever names
 * (single PUT and multipart alike). Completion copies it server-side to `masterKey`, which never
 * had a URL, and deletes it; nothing reads it afterwards, so a URL re-used within its lifetime
 * can only write here (docs/ingest.md, "Staging and master keys").
 */
export function stagingKey(projectId: string, versionId: string): string {
  return `${STAGING_PREFIX}${assertUuid(projectId, "projectId")}/${assertUuid(versionId, "versionId")}`;
}

/** Everything under this prefix is an upload in flight or junk (the hourly sweeper lists it). */
export const STAGING_PREFIX = "staging/";

/** Prefix of everything the worker derives from a version (proxy, HLS, poster, sprite...). */
export function derivedPrefix(versionId: string): string {
  return `derived/${assertUuid(versionId, "versionId")}/`;
}

/** A derived file; `relativePath` comes from the worker's own output names, never from users. */
export function derivedKey(versionId: string, relativePath: string): string {
  if (!/^[A-Za-z0-9_.\-/]+$/.test(relativePath) || relativePath.includes("..") || relativePath.startsWith("/")) {
    throw new Error(`unsafe derived path ${JSON.stringify(relativePath)}`);
  }
  return derivedPrefix(versionId) + relativePath;
}

/**
 * The live preview's playlists, under a version's derived prefix: `preview/master.m3u8` and one EVENT
 * playlist per variant, over the ladder's own segments (docs/processing.md, "Watch while it encodes").
 */
export const PREVIEW_DIR = "preview";
export const PREVIEW_MASTER_PATH = `${PREVIEW_DIR}/master.m3u8`;
