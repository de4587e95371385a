"use client";

import { memo, useMemo } from "react";
import type { Drawing } from "@/lib/comments/drawing";
import { drawingsVisibleAt, type FrameAnchor } from "@/lib/comments/drawing-visibility";
import { DrawingCanvas } from "@/components/player/drawing-canvas";
import { drawingOf } from "@/components/player/drawing-editor";
import { useFrameStore, type FrameStore } from "@/components/player/frame-store";
import type { DrawingSession } from "./use-drawing-session";

/** What the layer needs of a comment: members' comments and guests' views of them alike. */
export type DrawnComment = FrameAnchor & { id: string; drawing: Drawing | null; deleted?: boolean };

/**
 * The primary pane's drawing overlay: the drawings of this version's comments placed on the frame on
 * screen (`drawingsVisibleAt`, from the frame clock's presented frame), and the drawing being made.
 * Only this layer subscribes to the frame store, so the room does not re-render per frame.
 * The compare pane shows none: comments, and so their drawings, belong to the version on the left
 * (docs/review-room.md, "Drawing on the frame"). The room and the guest page pass their own
 * comments (each fetches them its own way); the drawing is the same.
 */
export const DrawingLayer = memo(function DrawingLayer(props: {
  comments: readonly DrawnComment[];
  video: HTMLVideoElement | null;
  frameStore: FrameStore;
  session: DrawingSession;
}) {
  const { session } = props;
  const frame = useFrameStore(props.frameStore);
  const { comments } = props;
  const editedId = session.target?.kind === "edit" ? session.target.commentId : null;
  const hasDraft = session.target !== null && !session.isDrawing;
  const editorState = session.editor.state;
  // Out of edit mode the drawing in progress still shows (it goes with the comment being written).
  const draft = useMemo(() => (hasDraft ? drawingOf(editorState) : null), [hasDraft, editorState]);
  const drawings = useMemo(() => {
    // The comment being edited shows the editor's version of its drawing, not the stored one.
    const stored = session.areDrawingsHidden ? [] : drawingsVisibleAt(comments, frame).filter((c) => c.id !== editedId);
    const shown: Drawing[] = stored.map((c) => c.drawing);
    if (draft) shown.push(draft);
    return shown;
  }, [comments, frame, editedId, session.areDrawingsHidden, draft]);

  return (
    <div data-testid="drawing-layer" data-frame={frame} data-drawings={drawings.length} data-mode={session.isDrawing ? "draw" : "view"} className="contents">
      <DrawingCanvas video={props.video} drawings={drawings} editor={session.isDrawing ? session.editor : null} />
    </div>
  );
});
