/**
 * Unfinished multipart uploads of this browser, kept in localStorage so that after a reload the
 * user can choose the same file again and only the missing parts are sent. A file is "the same"
 * when its name, size and lastModified match — cheap, and a false match is caught by the
 * SHA-256 the worker checks. The object store, not this record, says which parts exist.
 */
export type ResumeRecord = {
  versionId: string;
  projectId: string;
  assetId: string;
  /** What the user typed as asset name (project page), to show in the notice. */
  assetLabel: string;
  fileName: string;
  size: number;
  lastModified: number;
  startedAt: string;
};

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

export function findResumeRecord(
  projectId: string,
  file: { name: string; size: number; lastModified: number },
  assetId?: string,
): ResumeRecord | undefined {
  return readAll().find(
    (r) =>
      r.projectId === projectId &&
      r.fileName === file.name &&
      r.size === file.size &&
      r.lastModified === file.lastModified &&
      (assetId === undefined || r.assetId === assetId),
  );
}

export function saveResumeRecord(record: ResumeRecord) {
  writeAll([...readAll().filter((r) => r.versionId !== record.versionId), record]);
}

export function removeResumeRecord(versionId: string) {
  writeAll(readAll().filter((r) => r.versionId !== versionId));
}
