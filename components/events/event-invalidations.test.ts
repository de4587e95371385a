import { describe, expect, it } from "vitest";
import { EVENT_TYPE_NAMES } from "@/lib/events/event-types";
import { reviewKeys } from "../review/review-api";
import { parseStreamEvent, type StreamEvent } from "@/lib/events/stream-event.types";
import { INVALIDATIONS, needsPageRefresh, queryKeysToInvalidate } from "./event-invalidations";

const versionId = "11111111-1111-4111-8111-111111111111";
const event = (type: string, overrides: Partial<StreamEvent> = {}): StreamEvent => ({
  seq: 7,
  id: "22222222-2222-4222-8222-222222222222",
  type,
  projectId: "33333333-3333-4333-8333-333333333333",
  assetId: null,
  versionId,
  commentId: null,
  actorId: null,
  payload: {},
  occurredAt: "2026-11-30T06:00:00.000Z",
  ...overrides,
});

describe("live-update invalidations", () => {
  it("a comment event makes the version's comments stale, with the room's own key", () => {
    expect(queryKeysToInvalidate(event("comment.added"))).toEqual([reviewKeys.comments(versionId)]);
  });

  it("a version or decision event makes the room's review data and the version row stale", () => {
    for (const type of ["version.processing_progress", "version.ready", "decision.made"]) {
      expect(queryKeysToInvalidate(event(type))).toEqual([reviewKeys.review(versionId), ["version-status", versionId]]);
    }
  });

  it("knows only the server's event types, and every version or comment type has an entry", () => {
    const names: readonly string[] = EVENT_TYPE_NAMES;
    for (const type of Object.keys(INVALIDATIONS)) expect(names).toContain(type);
    for (const type of names.filter(
      (n) => n.startsWith("version.") || n.startsWith("comment.") || n.startsWith("decision."),
    )) {
      expect(Object.keys(INVALIDATIONS), type).toContain(type);
    }
  });

  it("project and membership events invalidate no query but ask for a page refresh; unknown types do nothing", () => {
    expect(queryKeysToInvalidate(event("member.removed", { versionId: null }))).toEqual([]);
    expect(needsPageRefresh(event("member.removed", { versionId: null }))).toBe(true);
    expect(needsPageRefresh(event("comment.added"))).toBe(false);
    expect(queryKeysToInvalidate(event("something.new"))).toEqual([]);
  });

  it("parses what the stream sends and ignores anything else", () => {
    expect(parseStreamEvent(JSON.stringify(event("comment.added")))).toEqual(event("comment.added"));
    expect(parseStreamEvent("not json")).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ type: "comment.added" }))).toBeNull();
  });
});
