import { describe, expect, it } from "vitest";
import { parseReviewPanelTab, reviewRoomPath } from "./room-path";

describe("reviewRoomPath", () => {
  it("names project, asset and version", () => {
    expect(reviewRoomPath("p", "a", "v")).toBe("/projects/p/assets/a/versions/v");
  });

  it("adds the compared version and the decisions tab as query parameters", () => {
    expect(reviewRoomPath("p", "a", "v", { compareId: "w" })).toBe("/projects/p/assets/a/versions/v?compare=w");
    expect(reviewRoomPath("p", "a", "v", { tab: "decisions" })).toBe("/projects/p/assets/a/versions/v?tab=decisions");
    expect(reviewRoomPath("p", "a", "v", { compareId: "w", tab: "decisions" })).toBe("/projects/p/assets/a/versions/v?compare=w&tab=decisions");
  });

  it("keeps the compare mode (and flip's side) with the compared version only", () => {
    const base = "/projects/p/assets/a/versions/v";
    expect(reviewRoomPath("p", "a", "v", { compareId: "w", compareView: { mode: "wipe", flipSide: "a" } })).toBe(`${base}?compare=w&mode=wipe`);
    expect(reviewRoomPath("p", "a", "v", { compareId: "w", compareView: { mode: "flip", flipSide: "b" } })).toBe(
      `${base}?compare=w&mode=flip&side=b`,
    );
    expect(reviewRoomPath("p", "a", "v", { compareId: "w", compareView: { mode: "flip", flipSide: "a" } })).toBe(`${base}?compare=w&mode=flip`);
    expect(reviewRoomPath("p", "a", "v", { compareId: "w", compareView: { mode: "side-by-side", flipSide: "b" } })).toBe(`${base}?compare=w`);
    // Not comparing: no mode, whatever was asked.
    expect(reviewRoomPath("p", "a", "v", { compareId: null, compareView: { mode: "wipe", flipSide: "a" } })).toBe(base);
  });

  it("names the frame a notification points at (frame 0 included)", () => {
    expect(reviewRoomPath("p", "a", "v", { frame: 24 })).toBe("/projects/p/assets/a/versions/v?frame=24");
    expect(reviewRoomPath("p", "a", "v", { frame: 0, tab: "decisions" })).toBe("/projects/p/assets/a/versions/v?tab=decisions&frame=0");
    expect(reviewRoomPath("p", "a", "v", { frame: null })).toBe("/projects/p/assets/a/versions/v");
  });

  it("leaves the default tab out of the URL", () => {
    expect(reviewRoomPath("p", "a", "v", { tab: "comments" })).toBe("/projects/p/assets/a/versions/v");
  });
});

describe("parseReviewPanelTab", () => {
  it("opens decisions or audit only when asked for exactly that", () => {
    expect(parseReviewPanelTab("decisions")).toBe("decisions");
    expect(parseReviewPanelTab("audit")).toBe("audit");
    expect(reviewRoomPath("p", "a", "v", { tab: "audit" })).toBe("/projects/p/assets/a/versions/v?tab=audit");
    expect(parseReviewPanelTab(["decisions"])).toBe("comments");
    expect(parseReviewPanelTab(undefined)).toBe("comments");
    expect(parseReviewPanelTab("history")).toBe("comments");
  });
});
