/**
 * The room's keyboard shortcuts, in one table: every action a key can trigger and the keys bound to
 * it. The window handler (`use-player-shortcuts.ts`), the help dialog and the buttons' hints
 * (`title`, `aria-keyshortcuts`) all read it, so a key changes in one place. How a press is matched
 * against it, and how a binding is shown, is `player-keys.ts`.
 */

/** Every action a key can trigger. A new one (draw, compare mode, rate, guides) is added here first. */
export const PLAYER_ACTION_IDS = [
  "togglePlay",
  "pause",
  "shuttleReverse",
  "shuttleForward",
  "previousFrame",
  "nextFrame",
  "secondBack",
  "secondForward",
  "firstFrame",
  "lastFrame",
  "setIn",
  "setOut",
  "clearRange",
  "toggleLoop",
  "focusComposer",
  "toggleMute",
  "toggleFullscreen",
  "toggleDrawMode",
  "toggleDrawings",
  "exitDrawMode",
  "undoDrawing",
  "redoDrawing",
  "drawPen",
  "drawArrow",
  "drawRectangle",
  "drawEllipse",
  "drawText",
  "slower",
  "faster",
  "toggleGuides",
  "grabFrame",
  "compareFlip",
] as const;

export type PlayerActionId = (typeof PLAYER_ACTION_IDS)[number];

/**
 * Shift, or `Mod`: Control, or ⌘ (Meta) on a Mac — either key matches, so Ctrl+Z and ⌘+Z both undo.
 * Alt combinations, and Control/Meta ones the table does not bind, belong to the browser and the OS.
 */
export type KeyModifier = "Shift" | "Mod";

/**
 * When a binding is live: always (no mode), or only in drawing mode (`draw`), where it takes
 * precedence over an always-on binding of the same key. Tool letters are draw-mode keys, so they
 * never take a letter from the player outside drawing.
 */
export type KeyMode = "draw";

/** What the room is doing that changes which keys are live. */
export interface KeyContext {
  isDrawing: boolean;
}

export interface KeyBinding {
  /**
   * `KeyboardEvent.key`: a lower-case letter for letter keys (Caps Lock and Shift give the
   * upper-case one; both match), otherwise the key's name (" ", "ArrowLeft", "Home"…).
   */
  key: string;
  modifiers: readonly KeyModifier[];
  action: PlayerActionId;
  /** Only in this mode (see KeyMode); absent: always. */
  mode?: KeyMode;
  /** The help dialog's line. */
  description: string;
}

export const PLAYER_KEYS: readonly KeyBinding[] = [
  { key: " ", modifiers: [], action: "togglePlay", description: "Play / pause" },
  { key: "k", modifiers: [], action: "pause", description: "Pause (also stops the shuttle)" },
  { key: "j", modifiers: [], action: "shuttleReverse", description: "Play backwards; press again for faster" },
  { key: "l", modifiers: [], action: "shuttleForward", description: "Play forwards; press again for faster" },
  { key: "ArrowLeft", modifiers: [], action: "previousFrame", description: "Previous frame" },
  { key: "ArrowRight", modifiers: [], action: "nextFrame", description: "Next frame" },
  { key: "ArrowLeft", modifiers: ["Shift"], action: "secondBack", description: "One second back" },
  { key: "ArrowRight", modifiers: ["Shift"], action: "secondForward", description: "One second forward" },
  { key: "Home", modifiers: [], action: "firstFrame", description: "First frame" },
  { key: "End", modifiers: [], action: "lastFrame", description: "Last frame" },
  { key: "i", modifiers: [], action: "setIn", description: "Set in point (range comment, loop)" },
  { key: "o", modifiers: [], action: "setOut", description: "Set out point (range comment, loop)" },
  { key: "x", modifiers: [], action: "clearRange", description: "Clear in and out" },
  { key: "l", modifiers: ["Shift"], action: "toggleLoop", description: "Loop in to out" },
  { key: "c", modifiers: [], action: "focusComposer", description: "Write a comment" },
  { key: "m", modifiers: [], action: "toggleMute", description: "Mute / unmute" },
  { key: "f", modifiers: [], action: "toggleFullscreen", description: "Full screen" },
  { key: "d", modifiers: [], action: "toggleDrawMode", description: "Draw on the frame (for the comment being written) / stop drawing" },
  { key: "d", modifiers: ["Shift"], action: "toggleDrawings", description: "Hide / show drawings" },
  { key: "Escape", modifiers: [], mode: "draw", action: "exitDrawMode", description: "Stop drawing (the drawing stays with the comment)" },
  { key: "z", modifiers: ["Mod"], mode: "draw", action: "undoDrawing", description: "Undo the last shape" },
  { key: "z", modifiers: ["Mod", "Shift"], mode: "draw", action: "redoDrawing", description: "Redo" },
  { key: "p", modifiers: [], mode: "draw", action: "drawPen", description: "Pen" },
  { key: "a", modifiers: [], mode: "draw", action: "drawArrow", description: "Arrow" },
  { key: "r", modifiers: [], mode: "draw", action: "drawRectangle", description: "Rectangle" },
  { key: "e", modifiers: [], mode: "draw", action: "drawEllipse", description: "Ellipse" },
  { key: "t", modifiers: [], mode: "draw", action: "drawText", description: "Text label" },
  // Shift+, and Shift+. on a US layout; the table matches the character the layout gives (`key`).
  { key: "<", modifiers: ["Shift"], action: "slower", description: "Slower playback (2×, 1×, 0.5×, 0.25×)" },
  { key: ">", modifiers: ["Shift"], action: "faster", description: "Faster playback (0.25×, 0.5×, 1×, 2×)" },
  { key: "g", modifiers: [], action: "toggleGuides", description: "Show / hide the chosen guides (safe areas, aspect frames)" },
  { key: "s", modifiers: ["Shift"], action: "grabFrame", description: "Download this frame as PNG (with its drawing)" },
  { key: "b", modifiers: [], action: "compareFlip", description: "Compare: flip between this version (A) and the other (B)" },
];

/**
 * Keys a focused control keeps for itself (the handler leaves them alone, see `isOwnedByTarget` in
 * `player-keys.ts`): listed in the help dialog under the table's bindings so every key the room
 * answers to is documented.
 */
export const CONTROL_KEYS: readonly { keys: string; description: string }[] = [
  { keys: "← / → on the wipe divider", description: "Move the wipe 1 % (Shift: 10 %); Page Up / Down, Home / End too" },
  { keys: "←/→, Home/End, Page Up/Down on a slider", description: "Volume, overlay opacity: the slider's own keys" },
  { keys: "Esc in the composer", description: "Back to the player" },
];
