"use client";

import { useCallback, useEffect, useMemo, useState, type Dispatch } from "react";
import type { Drawing } from "@/lib/comments/drawing";
import {
  drawingEditorReducer,
  initialDrawingEditorState,
  type DrawingEditorAction,
  type DrawingEditorState,
  type DrawingTool,
} from "@/components/player/drawing-editor";
import type { Playback } from "@/components/player/playback.types";
import type { DrawingKeys } from "@/components/player/use-player-shortcuts";

/** Whose drawing the editor holds: the comment being written, or an existing comment being edited. */
export type DrawingTarget = { kind: "new" } | { kind: "edit"; commentId: string };

/**
 * The room's drawing state, beside the playback in PlayerWorkspace: the editor (one at a time), what
 * it draws for, whether the canvas is in edit mode, and whether stored drawings are hidden.
 * The composer and a comment's edit form open it; the key table drives it; the primary pane's
 * drawing layer shows it.
 */
export interface DrawingSession {
  /** Edit mode: the canvas over the primary pane takes the pointer, the toolbar is open. */
  isDrawing: boolean;
  /** What the editor's shapes belong to; null: no drawing in progress. */
  target: DrawingTarget | null;
  editor: { state: DrawingEditorState; dispatch: Dispatch<DrawingEditorAction> };
  /** Stored drawings hidden (Shift+D); the one being drawn still shows while drawing. */
  areDrawingsHidden: boolean;
  /** Draw for the comment being written (keeps a drawing already started for it). Pauses playback. */
  drawForNewComment: () => void;
  /**
   * Draw on an existing comment: loads `drawing` into the editor (null: none, which is how "remove
   * drawing" starts) and, unless `isDrawing` is false, enters edit mode, pausing playback.
   */
  drawForComment: (commentId: string, drawing: Drawing | null, isDrawing?: boolean) => void;
  /** The D key: leaves edit mode, or enters it (resuming the drawing in progress, else for the comment being written). */
  toggleDrawMode: () => void;
  /** Leaves edit mode; the shapes stay with their target until sent or discarded. */
  stopDrawing: () => void;
  /** Drops the editor's shapes and target (after sending, on cancel). */
  discard: () => void;
  setTool: (tool: DrawingTool) => void;
  toggleDrawingsHidden: () => void;
}

/**
 * `canDraw`: whether the viewer may comment (and so draw) here. Playing leaves edit mode: a drawing
 * belongs to the frame it was drawn on, not to whatever frame is passing.
 */
export function useDrawingSession(playback: Playback, canDraw: boolean): DrawingSession {
  const [state, setState] = useState<DrawingEditorState>(() => initialDrawingEditorState());
  const [target, setTarget] = useState<DrawingTarget | null>(null);
  const [isDrawing, setIsDrawing] = useState(false);
  const [areDrawingsHidden, setAreDrawingsHidden] = useState(false);
  const dispatch = useCallback((action: DrawingEditorAction) => setState((s) => drawingEditorReducer(s, action)), []);
  const { pause, isPlaying } = playback;

  useEffect(() => {
    if (isPlaying) setIsDrawing(false);
  }, [isPlaying]);

  const drawForNewComment = useCallback(() => {
    if (!canDraw) return;
    pause();
    if (target?.kind !== "new") {
      setState(initialDrawingEditorState());
      setTarget({ kind: "new" });
    }
    setIsDrawing(true);
  }, [canDraw, pause, target]);

  const drawForComment = useCallback(
    (commentId: string, drawing: Drawing | null, isDrawingNow = true) => {
      if (isDrawingNow) pause();
      setState(initialDrawingEditorState(drawing));
      setTarget({ kind: "edit", commentId });
      setIsDrawing(isDrawingNow);
    },
    [pause],
  );

  const stopDrawing = useCallback(() => setIsDrawing(false), []);
  const toggleDrawMode = useCallback(() => {
    if (isDrawing) setIsDrawing(false);
    else if (target?.kind === "edit") {
      pause();
      setIsDrawing(true);
    } else drawForNewComment();
  }, [isDrawing, target, pause, drawForNewComment]);
  const discard = useCallback(() => {
    setIsDrawing(false);
    setTarget(null);
    setState(initialDrawingEditorState());
  }, []);
  const setTool = useCallback((tool: DrawingTool) => dispatch({ type: "setTool", tool }), [dispatch]);
  const toggleDrawingsHidden = useCallback(() => setAreDrawingsHidden((h) => !h), []);
  const editor = useMemo(() => ({ state, dispatch }), [state, dispatch]);

  return useMemo(
    () => ({
      isDrawing,
      target,
      editor,
      areDrawingsHidden,
      drawForNewComment,
      drawForComment,
      toggleDrawMode,
      stopDrawing,
      discard,
      setTool,
      toggleDrawingsHidden,
    }),
    [isDrawing, target, editor, areDrawingsHidden, drawForNewComment, drawForComment, toggleDrawMode, stopDrawing, discard, setTool, toggleDrawingsHidden],
  );
}

/** The session as the key handler sees it (the key table's drawing actions). */
export function drawingKeysOf(session: DrawingSession): DrawingKeys {
  const { dispatch } = session.editor;
  return {
    isDrawing: session.isDrawing,
    toggleDrawMode: session.toggleDrawMode,
    toggleDrawingsHidden: session.toggleDrawingsHidden,
    stopDrawing: session.stopDrawing,
    undo: () => dispatch({ type: "undo" }),
    redo: () => dispatch({ type: "redo" }),
    setTool: session.setTool,
  };
}
