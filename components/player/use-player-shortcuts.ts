"use client";

import { useEffect, useRef } from "react";
import { nextPlaybackRate } from "./playback-rate";
import type { DrawingTool } from "./drawing-editor";
import { PLAYER_KEYS, type PlayerActionId } from "./player-key-table";
import { dispatchPlayerKey, keyTargetKindOf } from "./player-keys";
import type { Playback } from "./playback.types";

export interface ShortcutActions {
  playback: Playback;
  /** Frames in one second of the clip's timecode (24 for 23.976). */
  framesPerSecond: number;
  toggleFullscreen: () => void;
  toggleMute: () => void;
  focusComposer: () => void;
  toggleGuides: () => void;
  grabFrame: () => void;
  /** The compare mode's flip (B); null while not comparing, when B does nothing. */
  compareFlip: (() => void) | null;
  drawing: DrawingKeys;
}

/** What the drawing keys do (the room's drawing session, components/review/use-drawing-session.ts). */
export interface DrawingKeys {
  isDrawing: boolean;
  toggleDrawMode: () => void;
  toggleDrawingsHidden: () => void;
  stopDrawing: () => void;
  undo: () => void;
  redo: () => void;
  setTool: (tool: DrawingTool) => void;
}

/** What each action of the key table (player-keys.ts) does in the room. */
function playerActionsOf(a: ShortcutActions): Record<PlayerActionId, () => void> {
  const p = a.playback;
  return {
    togglePlay: p.togglePlay,
    pause: p.pause,
    shuttleReverse: p.shuttleReverse,
    shuttleForward: p.shuttleForward,
    previousFrame: () => void p.step(-1),
    nextFrame: () => void p.step(1),
    secondBack: () => void p.step(-a.framesPerSecond),
    secondForward: () => void p.step(a.framesPerSecond),
    firstFrame: () => void p.seek(0),
    lastFrame: () => void p.seek(p.frameCount - 1),
    setIn: () => p.setIn(p.currentFrame()),
    setOut: () => p.setOut(p.currentFrame()),
    clearRange: p.clearRange,
    toggleLoop: p.toggleLoop,
    focusComposer: a.focusComposer,
    toggleMute: a.toggleMute,
    toggleFullscreen: a.toggleFullscreen,
    toggleDrawMode: a.drawing.toggleDrawMode,
    toggleDrawings: a.drawing.toggleDrawingsHidden,
    exitDrawMode: a.drawing.stopDrawing,
    undoDrawing: a.drawing.undo,
    redoDrawing: a.drawing.redo,
    drawPen: () => a.drawing.setTool("freehand"),
    drawArrow: () => a.drawing.setTool("arrow"),
    drawRectangle: () => a.drawing.setTool("rectangle"),
    drawEllipse: () => a.drawing.setTool("ellipse"),
    drawText: () => a.drawing.setTool("text"),
    slower: () => p.setRate(nextPlaybackRate(p.rate, -1)),
    faster: () => p.setRate(nextPlaybackRate(p.rate, 1)),
    toggleGuides: a.toggleGuides,
    grabFrame: a.grabFrame,
    compareFlip: () => a.compareFlip?.(),
  };
}

/** Keyboard-first transport: one window listener, driven by the key table, inactive while the user types. */
export function usePlayerShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  ref.current = actions;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !ref.current.playback.isReady) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      const context = { isDrawing: ref.current.drawing.isDrawing };
      if (dispatchPlayerKey(e, keyTargetKindOf(target), playerActionsOf(ref.current), PLAYER_KEYS, context)) e.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
