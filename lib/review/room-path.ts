/** Tabs of the room's side panel that a link can open directly. */
export type ReviewPanelTab = "comments" | "decisions";

/**
 * URL of the review room for one version (the URL names the version), optionally comparing with
 * another and opening a side-panel tab (`tab=decisions` from the lists' decision links).
 */
export function reviewRoomPath(
  projectId: string,
  assetId: string,
  versionId: string,
  options: { compareId?: string | null; tab?: ReviewPanelTab } = {},
): string {
  const base = `/projects/${projectId}/assets/${assetId}/versions/${versionId}`;
  const query = new URLSearchParams();
  if (options.compareId) query.set("compare", options.compareId);
  if (options.tab && options.tab !== "comments") query.set("tab", options.tab);
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

/** The tab named by a `tab` query value; anything else opens the comments. */
export function parseReviewPanelTab(value: unknown): ReviewPanelTab {
  return value === "decisions" ? "decisions" : "comments";
}
