/** Tabs of the room's side panel that a link can open directly. */
export type ReviewPanelTab = "comments" | "decisions" | "audit";

/**
 * How the two versions are compared (components/player/compare-mode.ts owns the modes: `mode` is
 * one of its ids, "side-by-side" being the default). Structural here so lib/ does not import the UI.
 */
export interface RoomCompareView {
  mode: string;
  flipSide: "a" | "b";
}

/**
 * URL of the review room for one version (the URL names the version), optionally comparing with
 * another — in a compare mode (`mode=wipe`; in flip also `side=b`) — and opening a side-panel tab
 * (`tab=decisions` from the lists' decision links). The same query as `writeCompareView`: defaults
 * are left out, and the mode only goes with a compared version.
 */
export function reviewRoomPath(
  projectId: string,
  assetId: string,
  versionId: string,
  options: { compareId?: string | null; compareView?: RoomCompareView | null; tab?: ReviewPanelTab; frame?: number | null } = {},
): string {
  const base = `/projects/${projectId}/assets/${assetId}/versions/${versionId}`;
  const query = new URLSearchParams();
  if (options.compareId) {
    query.set("compare", options.compareId);
    const view = options.compareView;
    if (view && view.mode !== "side-by-side") query.set("mode", view.mode);
    if (view?.mode === "flip" && view.flipSide === "b") query.set("side", "b");
  }
  if (options.tab && options.tab !== "comments") query.set("tab", options.tab);
  // The frame a notification points at (a comment's in point).
  if (options.frame !== undefined && options.frame !== null) query.set("frame", String(options.frame));
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

/** The tab named by a `tab` query value; anything else opens the comments. */
export function parseReviewPanelTab(value: unknown): ReviewPanelTab {
  return value === "decisions" || value === "audit" ? value : "comments";
}
