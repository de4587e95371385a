"use client";

import { PenLine } from "lucide-react";
import { DrawingToolbar } from "@/components/player/drawing-toolbar";
import { keyHintOf } from "@/components/player/player-keys";
import type { DrawingSession, DrawingTarget } from "./use-drawing-session";

const sameTarget = (a: DrawingTarget | null, b: DrawingTarget) =>
  a !== null && a.kind === b.kind && (a.kind === "new" || (b.kind === "edit" && a.commentId === b.commentId));

/**
 * The "Draw" toggle of a form that can carry a drawing (the composer, a comment's edit form), the
 * toolbar while it is drawing, and how many shapes it will send. `onStart` opens the session for
 * this form's target.
 */
export function DrawingControls(props: { session: DrawingSession; target: DrawingTarget; onStart: () => void; disabled?: boolean }) {
  const { session } = props;
  const isMine = sameTarget(session.target, props.target);
  const isDrawingHere = isMine && session.isDrawing;
  const shapeCount = isMine ? session.editor.state.shapes.length : 0;
  return (
    <div className="mt-2 flex flex-col gap-2">
      <div className="flex items-center gap-2 text-xs">
        <button
          type="button"
          aria-pressed={isDrawingHere}
          disabled={props.disabled}
          onClick={isDrawingHere ? session.stopDrawing : props.onStart}
          className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-ink-700 disabled:opacity-40 ${isDrawingHere ? "bg-ink-700 text-accent-400" : "text-ink-300"}`}
          {...keyHintOf("toggleDrawMode", isDrawingHere ? "Stop drawing" : "Draw on the frame")}
        >
          <PenLine size={14} aria-hidden /> Draw
        </button>
        {isMine && (
          <span data-testid="drawing-shape-count" className="text-ink-400">
            {shapeCount === 0 ? "No drawing" : `Drawing: ${shapeCount} ${shapeCount === 1 ? "shape" : "shapes"}`}
          </span>
        )}
      </div>
      {isDrawingHere && (
        <DrawingToolbar state={session.editor.state} dispatch={session.editor.dispatch} />
      )}
    </div>
  );
}
