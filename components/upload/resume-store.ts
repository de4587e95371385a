/**
 * Unfinished uploads of this browser, kept in localStorage so that after a reload (or leaving the
 * page) the user can choose the same file again: a multipart upload sends only the missing parts,
 * a single PUT is sent again to the same version with a fresh URL. A file is "the same"
 * when its name, size and lastModified match — cheap, and a false match is caught by the
 * SHA-256 the worker checks. The object store, not this record, says which parts exist.
 */
export type ResumeRecord = {
  versionId: string;
  projectId: string;
  assetId: string;
  /** What the user typed as asset name (project page), to show in the notice; "" on an asset page. */
  assetLabel: string;
  fileName: string;
  size: number;
  lastModified: number;
  startedAt: string;
  /** Records from before single PUTs were kept are all multipart. */
  mode?: "single" | "multipart";
};

/** Where a file is being uploaded to: an existing asset (asset page) or an asset name (project page). */
export type ResumeTarget = { projectId: string; assetId?: string; assetName?: string };

/**
 * Whether `record` is an earlier attempt of this very file *for this target*. The target is part
 * of the key: the same file dropped on the project page under a new asset name must start a new
 * upload, not resume into the asset it was first sent to.
 */
export function isResumeRecordFor(record: ResumeRecord, target: ResumeTarget, file: { name: string; size: number; lastModified: number }): boolean {
  const isSameFile = record.fileName === file.name && record.size === file.size && record.lastModified === file.lastModified;
  if (!isSameFile || record.projectId !== target.projectId) return false;
  if (target.assetId !== undefined) return record.assetId === target.assetId;
  return record.assetLabel !== "" && record.assetLabel === target.assetName;
}

const KEY = "axiom.unfinished-uploads.v1";

function readAll(): ResumeRecord[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(parsed) ? (parsed as ResumeRecord[]).filter((r) => typeof r?.versionId === "string") : [];
  } catch {
    return [];
  }
}

function writeAll(records: ResumeRecord[]) {
  try {
    localStorage.setItem(KEY, JSON.stringify(records));
  } catch {
    // Private mode or quota: resuming is a convenience, uploads still work.
  }
}

export function listResumeRecords(projectId: string): ResumeRecord[] {
  return readAll().filter((r) => r.projectId === projectId);
}

export function findResumeRecord(target: ResumeTarget, file: { name: string; size: number; lastModified: number }): ResumeRecord | undefined {
  return readAll().find((r) => isResumeRecordFor(r, target, file));
}

export function saveResumeRecord(record: ResumeRecord) {
  writeAll([...readAll().filter((r) => r.versionId !== record.versionId), record]);
}

export function removeResumeRecord(versionId: string) {
  writeAll(readAll().filter((r) => r.versionId !== versionId));
}
