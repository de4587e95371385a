/**
 * Every object key AXIOM writes. Keys are built from server-side UUIDs only; a user's file
 * name never becomes part of a path.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertUuid(id: string, what: string): string {
  if (!UUID.test(id)) throw new Error(`${what} must be a lower-case UUID, got ${JSON.stringify(id)}`);
  return id;
}

/** The uploaded master of a version: written once, never overwritten. */
export function masterKey(projectId: string, versionId: string): string {
  return `masters/${assertUuid(projectId, "projectId")}/${assertUuid(versionId, "versionId")}`;
}

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
