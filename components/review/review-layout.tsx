/**
 * The room's frame: the top bar (versions, compare, decisions, shortcuts) over the work area, the
 * full height under the app bar. Loading and error states use it without a top bar.
 */
export function ReviewLayout(props: { topBar?: React.ReactNode; strip?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="flex h-[calc(100vh-2.75rem)] flex-col bg-ink-950">
      {props.topBar && (
        <div className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 border-b border-ink-800 bg-ink-900 px-3 py-1.5">
          {props.topBar}
        </div>
      )}
      {/* A bar the room is played inside of (the playlist strip, components/playlists): under the top bar, above the work area. */}
      {props.strip}
      {props.children}
    </div>
  );
}

/**
 * The work area: the stage (player, or the processing state) on the left, the side panel on the
 * right. Toolbars for drawing or compare modes go inside the stage, beside the picture they act on.
 */
export function WorkArea(props: { stage: React.ReactNode; side: React.ReactNode }) {
  return (
    <div className="flex min-h-0 flex-1">
      {props.stage}
      {props.side}
    </div>
  );
}
