/**
 * Matching key presses against the room's key table (`player-key-table.ts`), and showing its
 * bindings in the help dialog and the buttons' hints. Pure: no DOM, so the rules are unit-tested in
 * node (`player-keys.test.ts`).
 */

import {
  type KeyBinding,
  type KeyContext,
  type KeyModifier,
  PLAYER_KEYS,
  type PlayerActionId,
} from "./player-key-table";

const NOT_DRAWING: KeyContext = { isDrawing: false };

/** Actions that move the playhead: their keys show the timeline's preview when it has focus. */
const SCRUB_ACTIONS: ReadonlySet<PlayerActionId> = new Set([
  "previousFrame",
  "nextFrame",
  "secondBack",
  "secondForward",
  "firstFrame",
  "lastFrame",
]);

/** The parts of a KeyboardEvent the table looks at (a real KeyboardEvent is one). */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/**
 * What the focused element does with keys, as far as the player is concerned:
 * - `text`: a field the user types in (input, textarea, select, contenteditable): every key is text.
 * - `widget`: inside a menu, tab list, list box or dialog, which keep their own keys.
 * - `button`: a button or link, which Space and Enter activate.
 * - `range`: a slider input, which the arrow keys, Home/End and Page Up/Down move.
 * - `other`: anything else (the page, the timeline, a checkbox).
 */
export type KeyTargetKind = "text" | "widget" | "button" | "range" | "other";

/** The parts of an element `keyTargetKindOf` reads (a real HTMLElement is one). */
export interface KeyTargetElement {
  tagName: string;
  isContentEditable?: boolean;
  /** An input's type. */
  type?: string;
  closest: (selectors: string) => unknown;
}

/** Inputs that take no text: the player's keys still work while they have focus. */
const NON_TEXT_INPUTS = new Set(["range", "checkbox"]);
const WIDGETS = '[role="menu"],[role="menuitem"],[role="tablist"],[role="listbox"],[role="dialog"]';
const BUTTONS = "button,a,summary,[role='button']";

export function keyTargetKindOf(target: KeyTargetElement | null): KeyTargetKind {
  if (!target) return "other";
  const tag = target.tagName.toUpperCase();
  if (target.isContentEditable || tag === "TEXTAREA" || tag === "SELECT") return "text";
  if (tag === "INPUT" && !NON_TEXT_INPUTS.has(target.type ?? "text")) return "text";
  if (target.closest(WIDGETS)) return "widget";
  if (tag === "INPUT" && target.type === "range") return "range";
  if (target.closest(BUTTONS)) return "button";
  return "other";
}

/** The keys a slider input (`<input type="range">`) moves its value with (WAI-ARIA slider pattern). */
const RANGE_KEYS: ReadonlySet<string> = new Set([
  "ArrowLeft",
  "ArrowRight",
  "ArrowUp",
  "ArrowDown",
  "Home",
  "End",
  "PageUp",
  "PageDown",
]);

/** Whether the focused element keeps this key for itself. */
function isOwnedByTarget(key: string, kind: KeyTargetKind): boolean {
  switch (kind) {
    case "text":
    case "widget":
      return true;
    case "button":
      return key === " " || key === "Enter";
    case "range":
      return RANGE_KEYS.has(key);
    case "other":
      return false;
  }
}

function normalizedKey(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key;
}

function hasShift(binding: KeyBinding): boolean {
  return binding.modifiers.includes("Shift");
}

function hasMod(binding: KeyBinding): boolean {
  return binding.modifiers.includes("Mod");
}

function isLive(binding: KeyBinding, context: KeyContext): boolean {
  return binding.mode === undefined || (binding.mode === "draw" && context.isDrawing);
}

/**
 * The action a key press triggers, or null when it is not a shortcut here. Shift+key uses the
 * key's Shift binding when it has one (Shift+L loops, Shift+← steps a second), otherwise the plain
 * binding (Shift+K still pauses). Control or Meta match only `Mod` bindings (Ctrl/⌘+Z while
 * drawing); Alt, and every other Control/Meta combination, are left to the browser. Draw-mode
 * bindings are live only while drawing, and then win over an always-on binding of the same key.
 */
export function keyActionOf(
  press: KeyPress,
  targetKind: KeyTargetKind,
  table: readonly KeyBinding[] = PLAYER_KEYS,
  context: KeyContext = NOT_DRAWING,
): PlayerActionId | null {
  if (press.altKey) return null;
  if (isOwnedByTarget(press.key, targetKind)) return null;
  const key = normalizedKey(press.key);
  const isMod = press.ctrlKey || press.metaKey;
  const live = table.filter((b) => b.key === key && hasMod(b) === isMod && isLive(b, context));
  // Draw-mode bindings first: in drawing mode they shadow the always-on ones.
  const candidates = [...live.filter((b) => b.mode !== undefined), ...live.filter((b) => b.mode === undefined)];
  const exact = candidates.find((b) => hasShift(b) === press.shiftKey);
  const plain = press.shiftKey && !isMod ? candidates.find((b) => !hasShift(b)) : undefined;
  return (exact ?? plain)?.action ?? null;
}

/**
 * Runs the action of a key press, if it is one. Returns whether it did, so the caller prevents the
 * browser's default (scrolling on Space and the arrows) only for keys the player used.
 */
export function dispatchPlayerKey(
  press: KeyPress,
  targetKind: KeyTargetKind,
  actions: Readonly<Record<PlayerActionId, () => void>>,
  table: readonly KeyBinding[] = PLAYER_KEYS,
  context: KeyContext = NOT_DRAWING,
): boolean {
  const action = keyActionOf(press, targetKind, table, context);
  if (action === null) return false;
  actions[action]();
  return true;
}

/** True for keys that move the playhead (whatever the modifiers). */
export function isScrubKey(key: string, table: readonly KeyBinding[] = PLAYER_KEYS): boolean {
  const k = normalizedKey(key);
  return table.some((b) => b.key === k && SCRUB_ACTIONS.has(b.action));
}

const KEY_NAMES: Readonly<Record<string, { shown: string; aria: string }>> = {
  " ": { shown: "Space", aria: "Space" },
  ArrowLeft: { shown: "←", aria: "ArrowLeft" },
  ArrowRight: { shown: "→", aria: "ArrowRight" },
  Escape: { shown: "Esc", aria: "Escape" },
};

/** How a modifier is shown and announced: Mod is Control (⌘ on a Mac; both work). */
const MODIFIER_NAMES: Readonly<Record<KeyModifier, { shown: string; aria: string }>> = {
  Shift: { shown: "Shift", aria: "Shift" },
  Mod: { shown: "Ctrl/⌘", aria: "Control" },
};

function keyName(key: string, form: "shown" | "aria"): string {
  return KEY_NAMES[key]?.[form] ?? (key.length === 1 ? key.toUpperCase() : key);
}

/** "Shift + ←", "Space", "K", "Ctrl/⌘ + Z": how the help dialog and tooltips show a binding. */
export function formatBinding(binding: Pick<KeyBinding, "key" | "modifiers">): string {
  return [...binding.modifiers.map((m) => MODIFIER_NAMES[m].shown), keyName(binding.key, "shown")].join(" + ");
}

/** "Shift+ArrowLeft", "Control+Z Meta+Z": the WAI-ARIA `aria-keyshortcuts` form of a binding. */
export function ariaKeyOf(binding: Pick<KeyBinding, "key" | "modifiers">): string {
  const form = (mod: string) =>
    [...binding.modifiers.map((m) => (m === "Mod" ? mod : MODIFIER_NAMES[m].aria)), keyName(binding.key, "aria")].join("+");
  return binding.modifiers.includes("Mod") ? `${form("Control")} ${form("Meta")}` : form("");
}

export function bindingsOf(action: PlayerActionId, table: readonly KeyBinding[] = PLAYER_KEYS): KeyBinding[] {
  return table.filter((b) => b.action === action);
}

/**
 * A control's hint for the action it also triggers: `title="Previous frame (←)"` and
 * `aria-keyshortcuts="ArrowLeft"`, straight from the table. Spread onto the element.
 */
export function keyHintOf(
  action: PlayerActionId,
  label: string,
  table: readonly KeyBinding[] = PLAYER_KEYS,
): { title: string; "aria-keyshortcuts"?: string } {
  const bindings = bindingsOf(action, table);
  if (bindings.length === 0) return { title: label };
  return {
    title: `${label} (${bindings.map(formatBinding).join(", ")})`,
    "aria-keyshortcuts": bindings.map(ariaKeyOf).join(" "),
  };
}
