"use client";

/**
 * How the panes share the picture area. Side by side is the one compare mode today; wipe, overlay,
 * difference and flip are further values here, each arranging the same two panes.
 */
export type ViewerLayout = "single" | "side-by-side";

/** The picture area: the panes in their layout, with the player's messages over all of them. */
export function ViewerArea(props: { layout: ViewerLayout; isLoading: boolean; error: string | null; children: React.ReactNode }) {
  return (
    <div className={`relative grid min-h-0 flex-1 gap-px bg-black ${props.layout === "side-by-side" ? "grid-cols-2" : "grid-cols-1"}`}>
      {props.children}
      {props.isLoading && !props.error && (
        <p className="pointer-events-none absolute inset-x-0 bottom-3 text-center text-xs text-ink-400">Loading video…</p>
      )}
      {props.error && (
        <p role="alert" className="absolute inset-x-0 top-3 mx-auto w-fit rounded border border-red-900 bg-red-950/80 px-3 py-1.5 text-red-200">
          {props.error}
        </p>
      )}
    </div>
  );
}

/**
 * One pane: a video (or what stands in for it) with layers stacked over it in order — the caption
 * today; drawings, guides and safe areas are further layers, positioned over the same box.
 */
export function ViewerPane(props: {
  testId: string;
  /** Centre a message standing in for the video. */
  isCentered?: boolean;
  isFailed?: boolean;
  caption?: string | null;
  children: React.ReactNode;
  /** Absolutely positioned layers over the video, after the caption. */
  overlays?: React.ReactNode;
}) {
  return (
    <figure
      className={props.isCentered ? "relative m-0 flex min-h-0" : "relative m-0 min-h-0"}
      data-testid={props.testId}
      data-failed={props.isFailed || undefined}
    >
      {props.children}
      {props.caption && (
        <figcaption className="pointer-events-none absolute left-2 top-2 rounded bg-black/70 px-1.5 py-0.5 font-mono text-xs text-ink-100">
          {props.caption}
        </figcaption>
      )}
      {props.overlays}
    </figure>
  );
}
