"use client";

import { useEffect, useRef } from "react";
import type { Playback } from "./use-playback";

export interface ShortcutActions {
  playback: Playback;
  /** Frames in one second of the clip's timecode (24 for 23.976). */
  framesPerSecond: number;
  toggleFullscreen: () => void;
  toggleMute: () => void;
  focusComposer: () => void;
}

/** Keys handled by the player, for the help dialog. */
export const PLAYER_SHORTCUTS: readonly (readonly [string, string])[] = [
  ["Space / K", "Play / pause (K stops the shuttle)"],
  ["J", "Play backwards; press again for faster"],
  ["L", "Play forwards; press again for faster"],
  ["← / →", "Previous / next frame"],
  ["Shift + ← / →", "One second back / forward"],
  ["Home / End", "First / last frame"],
  ["I / O", "Set in / out point (range comment, loop)"],
  ["Shift + L", "Loop in to out"],
  ["X", "Clear in and out"],
  ["C", "Write a comment"],
  ["M", "Mute"],
  ["F", "Full screen"],
];

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return target.type !== "range" && target.type !== "checkbox";
  return false;
}

/** Elements that own their arrow keys or space (menus, tabs, buttons) keep them. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('[role="menu"],[role="menuitem"],[role="tablist"],[role="listbox"],[role="dialog"]')) return true;
  if (key === " " || key === "Enter") return target.closest("button,a,summary,[role='button']") !== null;
  if (key.startsWith("Arrow")) return target instanceof HTMLInputElement && target.type === "range";
  return false;
}

/** Keyboard-first transport: one window listener, inactive while the user types. */
export function usePlayerShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  ref.current = actions;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target) || ownsKey(e.target, e.key)) return;
      const { playback: p, framesPerSecond } = ref.current;
      if (!p.isReady) return;
      const handled = () => e.preventDefault();
      switch (e.key) {
        case " ":
          handled();
          p.togglePlay();
          return;
        case "k":
        case "K":
          handled();
          p.pause();
          return;
        case "j":
        case "J":
          handled();
          p.shuttleReverse();
          return;
        case "l":
          handled();
          p.shuttleForward();
          return;
        case "L":
          handled();
          if (e.shiftKey) p.toggleLoop();
          else p.shuttleForward();
          return;
        case "ArrowLeft":
          handled();
          void p.step(e.shiftKey ? -framesPerSecond : -1);
          return;
        case "ArrowRight":
          handled();
          void p.step(e.shiftKey ? framesPerSecond : 1);
          return;
        case "Home":
          handled();
          void p.seek(0);
          return;
        case "End":
          handled();
          void p.seek(p.frameCount - 1);
          return;
        case "i":
        case "I":
          handled();
          p.setIn(p.currentFrame());
          return;
        case "o":
        case "O":
          handled();
          p.setOut(p.currentFrame());
          return;
        case "x":
        case "X":
          handled();
          p.clearRange();
          return;
        case "c":
        case "C":
          handled();
          ref.current.focusComposer();
          return;
        case "m":
        case "M":
          handled();
          ref.current.toggleMute();
          return;
        case "f":
        case "F":
          handled();
          ref.current.toggleFullscreen();
          return;
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
