import { describe, expect, it } from "vitest";
import { commentMarkersOf, groupThreads, markedThreads, openThreadCount, visibleThreads } from "./comment-filter";
import type { ReviewComment } from "./review-api";

const ana = { id: "u-ana", name: "Ana" };
const ben = { id: "u-ben", name: "Ben" };

function comment(id: string, overrides: Partial<ReviewComment> = {}): ReviewComment {
  return {
    id,
    versionId: "v-1",
    parentId: null,
    frameIn: 0,
    frameOut: null,
    body: id,
    drawing: null,
    attachmentUrl: null,
    author: ana,
    authorIsGuest: false,
    createdAt: `2026-11-28T10:00:0${id.length % 10}Z`,
    editedAt: null,
    resolvedAt: null,
    resolvedBy: null,
    deleted: false,
    ...overrides,
  };
}

const comments = [
  comment("open-by-ana", { frameIn: 10 }),
  comment("resolved-by-ana", { frameIn: 20, resolvedAt: "2026-11-28T11:00:00Z", resolvedBy: ben }),
  comment("open-by-ben", { frameIn: 30, author: ben }),
  comment("reply-by-ben", { parentId: "open-by-ana", author: ben, createdAt: "2026-11-28T12:00:00Z" }),
  comment("reply-by-ana", { parentId: "open-by-ana", createdAt: "2026-11-28T11:30:00Z" }),
  comment("deleted-open", { frameIn: 40, deleted: true, body: "" }),
];
const grouped = groupThreads(comments);
const ids = (list: readonly ReviewComment[]) => list.map((c) => c.id);

describe("groupThreads", () => {
  it("puts replies under their thread, oldest first, and lists authors by name", () => {
    expect(ids(grouped.threads)).toEqual(["open-by-ana", "resolved-by-ana", "open-by-ben", "deleted-open"]);
    expect(ids(grouped.repliesOf.get("open-by-ana") ?? [])).toEqual(["reply-by-ana", "reply-by-ben"]);
    expect(grouped.authors).toEqual([
      ["u-ana", "Ana"],
      ["u-ben", "Ben"],
    ]);
  });
});

describe("visibleThreads", () => {
  it("shows every thread without a filter", () => {
    expect(ids(visibleThreads(grouped, { status: "all", author: "" }))).toHaveLength(4);
  });

  it("filters by open and resolved", () => {
    expect(ids(visibleThreads(grouped, { status: "open", author: "" }))).toEqual(["open-by-ana", "open-by-ben", "deleted-open"]);
    expect(ids(visibleThreads(grouped, { status: "resolved", author: "" }))).toEqual(["resolved-by-ana"]);
  });

  it("filters by author of the thread or of any reply", () => {
    expect(ids(visibleThreads(grouped, { status: "all", author: "u-ben" }))).toEqual(["open-by-ana", "open-by-ben"]);
    expect(ids(visibleThreads(grouped, { status: "resolved", author: "u-ben" }))).toEqual([]);
  });
});

describe("markedThreads", () => {
  it("marks what the panel shows, except deleted threads", () => {
    expect(ids(markedThreads(grouped, { status: "open", author: "" }))).toEqual(["open-by-ana", "open-by-ben"]);
    expect(ids(markedThreads(grouped, { status: "resolved", author: "" }))).toEqual(["resolved-by-ana"]);
  });
});

describe("openThreadCount", () => {
  it("counts threads neither resolved nor deleted, not replies", () => {
    expect(openThreadCount(grouped)).toBe(2);
  });
});

describe("commentMarkersOf", () => {
  it("names each marked thread with its frames and body, and flags the selected and resolved ones", () => {
    const ranged = groupThreads([comment("range", { frameIn: 5, frameOut: 9, body: "flicker" }), ...comments]);
    const markers = commentMarkersOf(ranged, { status: "all", author: "" }, (f) => `#${f}`, "resolved-by-ana");
    expect(markers.map((m) => m.id)).toEqual(["range", "open-by-ana", "resolved-by-ana", "open-by-ben"]);
    expect(markers[0]).toMatchObject({ frameIn: 5, frameOut: 9, label: "Comment by Ana at #5 to #9: flicker", isSelected: false });
    expect(markers[2]).toMatchObject({ label: "Comment by Ana at #20: resolved-by-ana", isResolved: true, isSelected: true });
  });
});
