import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_OPTIONS, describeAuditEvent, formatBytes } from "./describe-audit-event";

describe("describeAuditEvent", () => {
  it("says a decision moved the review state from the previous one to the decision", () => {
    expect(
      describeAuditEvent({
        action: "version.review_decided",
        data: { decision: "APPROVED", previousReviewState: "IN_REVIEW", note: "" },
      }),
    ).toEqual({
      title: "Review decision",
      detail: null,
      changes: [{ label: "Review state", from: "In review", to: "Approved" }],
    });
  });

  it("says READY opens the review and finishes processing", () => {
    expect(describeAuditEvent({ action: "version.ready", data: { renditions: ["hls", "poster"] } }).changes).toEqual([
      { label: "Processing", from: "Processing", to: "Ready" },
      { label: "Review state", from: null, to: "In review" },
    ]);
  });

  it("shows a role change and a rename as from → to", () => {
    expect(
      describeAuditEvent({
        action: "project.member_role_changed",
        data: { email: "a@b.c", from: "viewer", to: "producer" },
      }),
    ).toEqual({
      title: "Member's role changed",
      detail: null,
      changes: [{ label: "Role", from: "viewer", to: "producer" }],
    });
    expect(
      describeAuditEvent({ action: "playlist.renamed", data: { previousName: "Dailies", name: "Finals" } }).changes,
    ).toEqual([{ label: "Name", from: "Dailies", to: "Finals" }]);
  });

  it("says a cancel moved processing to failed, and an urgency change its priority", () => {
    expect(
      describeAuditEvent({ action: "version.processing_cancelled", data: { previousState: "PENDING" } }).changes,
    ).toEqual([{ label: "Processing", from: "Pending", to: "Failed" }]);
    expect(describeAuditEvent({ action: "version.urgency_changed", data: { isUrgent: true } }).changes).toEqual([
      { label: "Priority", from: "Normal", to: "Urgent" },
    ]);
  });

  it("shows playlist positions counted from 1", () => {
    expect(describeAuditEvent({ action: "playlist.item_moved", data: { from: 0, to: 2 } }).changes).toEqual([
      { label: "Position", from: "1", to: "3" },
    ]);
  });

  it("keeps long notes short and never fails on missing or odd data", () => {
    const long = describeAuditEvent({
      action: "version.review_decided",
      data: { decision: "REJECTED", note: "x".repeat(500) },
    });
    expect(long.detail).toHaveLength(140);
    expect(long.changes).toEqual([{ label: "Review state", from: null, to: "Rejected" }]);
    expect(describeAuditEvent({ action: "project.renamed", data: { from: 3, to: null } }).changes).toEqual([]);
    expect(describeAuditEvent({ action: "version.upload_started", data: { size: "big" } }).detail).toBeNull();
  });

  it("shows an action it does not know as its raw type", () => {
    expect(describeAuditEvent({ action: "test.event", data: { i: 1 } })).toEqual({
      title: "test.event",
      detail: null,
      changes: [],
    });
  });

  it("offers every described action once, sorted by title, as the filter's options", () => {
    const actions = AUDIT_ACTION_OPTIONS.map((o) => o.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions).toContain("version.review_decided");
    const titles = AUDIT_ACTION_OPTIONS.map((o) => o.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
  });
});

describe("formatBytes", () => {
  it("uses binary units with one decimal", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3.0 GiB");
  });
});
