import { describe, expect, it } from "vitest";
import { isResumeRecordFor, type ResumeRecord } from "./resume-store";

const file = { name: "A001_C002.mov", size: 70_000_000, lastModified: 1_700_000_000_000 };
const projectPageRecord: ResumeRecord = {
  versionId: "v1",
  projectId: "p1",
  assetId: "asset-sh010",
  assetLabel: "SH010",
  fileName: file.name,
  size: file.size,
  lastModified: file.lastModified,
  startedAt: "2026-01-01T00:00:00.000Z",
  mode: "multipart",
};

describe("isResumeRecordFor", () => {
  it("resumes the same file dropped again for the same asset name on the project page", () => {
    expect(isResumeRecordFor(projectPageRecord, { projectId: "p1", assetName: "SH010" }, file)).toBe(true);
  });

  it("does not resume into another asset when the same file is dropped for a new asset name", () => {
    expect(isResumeRecordFor(projectPageRecord, { projectId: "p1", assetName: "SH020" }, file)).toBe(false);
  });

  it("resumes on the asset page of the asset the upload went to, and only there", () => {
    expect(isResumeRecordFor(projectPageRecord, { projectId: "p1", assetId: "asset-sh010" }, file)).toBe(true);
    expect(isResumeRecordFor(projectPageRecord, { projectId: "p1", assetId: "asset-sh020" }, file)).toBe(false);
  });

  it("does not match an asset-page upload from the project page (no name to compare)", () => {
    const assetPageRecord = { ...projectPageRecord, assetLabel: "" };
    expect(isResumeRecordFor(assetPageRecord, { projectId: "p1", assetName: "" }, file)).toBe(false);
    expect(isResumeRecordFor(assetPageRecord, { projectId: "p1", assetName: "SH010" }, file)).toBe(false);
  });

  it("needs the same file (name, size, modification time) and project", () => {
    const target = { projectId: "p1", assetName: "SH010" };
    expect(isResumeRecordFor(projectPageRecord, target, { ...file, size: file.size + 1 })).toBe(false);
    expect(isResumeRecordFor(projectPageRecord, target, { ...file, lastModified: 1 })).toBe(false);
    expect(isResumeRecordFor(projectPageRecord, target, { ...file, name: "other.mov" })).toBe(false);
    expect(isResumeRecordFor(projectPageRecord, { ...target, projectId: "p2" }, file)).toBe(false);
  });
});
