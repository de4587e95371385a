import { describe, expect, it, vi } from "vitest";
import {
  ariaKeyOf,
  dispatchPlayerKey,
  formatBinding,
  isScrubKey,
  keyActionOf,
  keyHintOf,
  keyTargetKindOf,
  type KeyPress,
  type KeyTargetElement,
} from "./player-keys";
import {
  type KeyBinding,
  type KeyContext,
  PLAYER_ACTION_IDS,
  PLAYER_KEYS,
  type PlayerActionId,
} from "./player-key-table";

/** The press that a binding names: Shift as Shift, Mod as Control. */
const pressOf = (b: KeyBinding): KeyPress => press(b.key, { shiftKey: b.modifiers.includes("Shift"), ctrlKey: b.modifiers.includes("Mod") });
/** The context in which a binding is live. */
const contextOf = (b: KeyBinding): KeyContext => ({ isDrawing: b.mode === "draw" });
const DRAWING: KeyContext = { isDrawing: true };

const press = (key: string, modifiers: Partial<Omit<KeyPress, "key">> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...modifiers,
});

/** An element as the browser would give it; `inside` lists the selectors `closest` matches. */
const element = (tagName: string, options: { type?: string; isContentEditable?: boolean; inside?: string[] } = {}): KeyTargetElement => ({
  tagName,
  type: options.type,
  isContentEditable: options.isContentEditable ?? false,
  closest: (selectors) => ((options.inside ?? []).some((s) => selectors.includes(s)) ? {} : null),
});

/** One function per action (the loop fills every id of PLAYER_ACTION_IDS). */
function everyAction(make: (id: PlayerActionId) => () => void): Record<PlayerActionId, () => void> {
  const actions: Partial<Record<PlayerActionId, () => void>> = {};
  for (const id of PLAYER_ACTION_IDS) actions[id] = make(id);
  return actions as Record<PlayerActionId, () => void>;
}

function recordingActions(): { actions: Record<PlayerActionId, () => void>; calls: PlayerActionId[] } {
  const calls: PlayerActionId[] = [];
  return { actions: everyAction((id) => () => void calls.push(id)), calls };
}

describe("the key table", () => {
  it("binds every action, and each action to exactly one key", () => {
    for (const id of PLAYER_ACTION_IDS) expect(PLAYER_KEYS.filter((b) => b.action === id), id).toHaveLength(1);
  });

  it("binds no key and modifier combination twice", () => {
    // Per mode: a draw-mode key may shadow an always-on one (that is what modes are for), never another of its mode.
    const combos = PLAYER_KEYS.map((b) => `${b.mode ?? "always"}|${[...b.modifiers].sort().join("+")}|${b.key}`);
    expect(new Set(combos).size).toBe(combos.length);
  });

  it("names letter keys in lower case, so Caps Lock cannot hide a binding", () => {
    for (const b of PLAYER_KEYS) if (b.key.length === 1) expect(b.key).toBe(b.key.toLowerCase());
  });

  it("describes every binding for the help dialog", () => {
    for (const b of PLAYER_KEYS) expect(b.description.trim(), b.action).not.toBe("");
  });

  it("maps each binding's own key press back to its action", () => {
    for (const b of PLAYER_KEYS) {
      expect(keyActionOf(pressOf(b), "other", PLAYER_KEYS, contextOf(b)), formatBinding(b)).toBe(b.action);
    }
  });
});

describe("keyActionOf", () => {
  it("reads letters either case (Caps Lock)", () => {
    expect(keyActionOf(press("K"), "other")).toBe("pause");
    expect(keyActionOf(press("k"), "other")).toBe("pause");
  });

  it("uses a key's Shift binding when it has one, the plain one otherwise", () => {
    expect(keyActionOf(press("L", { shiftKey: true }), "other")).toBe("toggleLoop");
    expect(keyActionOf(press("l"), "other")).toBe("shuttleForward");
    expect(keyActionOf(press("ArrowLeft", { shiftKey: true }), "other")).toBe("secondBack");
    expect(keyActionOf(press("ArrowRight"), "other")).toBe("nextFrame");
    expect(keyActionOf(press("K", { shiftKey: true }), "other")).toBe("pause");
    expect(keyActionOf(press(" ", { shiftKey: true }), "other")).toBe("togglePlay");
  });

  it("leaves Control, Alt and Meta combinations to the browser", () => {
    expect(keyActionOf(press("f", { ctrlKey: true }), "other")).toBeNull();
    expect(keyActionOf(press("l", { metaKey: true }), "other")).toBeNull();
    expect(keyActionOf(press("ArrowLeft", { altKey: true }), "other")).toBeNull();
  });

  it("keeps draw-mode keys (tools, undo, redo, Escape) dead outside drawing mode", () => {
    for (const key of ["p", "a", "r", "e", "t", "Escape"]) expect(keyActionOf(press(key), "other"), key).toBeNull();
    expect(keyActionOf(press("z", { ctrlKey: true }), "other")).toBeNull();
    expect(keyActionOf(press("d"), "other")).toBe("toggleDrawMode");
    expect(keyActionOf(press("D", { shiftKey: true }), "other")).toBe("toggleDrawings");
  });

  it("in drawing mode: tool letters, Escape, and undo/redo with Control or ⌘ (not Alt, not while typing)", () => {
    expect(keyActionOf(press("a"), "other", PLAYER_KEYS, DRAWING)).toBe("drawArrow");
    expect(keyActionOf(press("Escape"), "button", PLAYER_KEYS, DRAWING)).toBe("exitDrawMode");
    expect(keyActionOf(press("z", { ctrlKey: true }), "other", PLAYER_KEYS, DRAWING)).toBe("undoDrawing");
    expect(keyActionOf(press("z", { metaKey: true }), "button", PLAYER_KEYS, DRAWING)).toBe("undoDrawing");
    expect(keyActionOf(press("Z", { metaKey: true, shiftKey: true }), "other", PLAYER_KEYS, DRAWING)).toBe("redoDrawing");
    expect(keyActionOf(press("z", { altKey: true }), "other", PLAYER_KEYS, DRAWING)).toBeNull();
    // Control with a key the table does not bind with Mod stays the browser's, drawing or not.
    expect(keyActionOf(press("a", { ctrlKey: true }), "other", PLAYER_KEYS, DRAWING)).toBeNull();
    // The composer's own undo keeps Ctrl+Z while the user types.
    expect(keyActionOf(press("z", { ctrlKey: true }), "text", PLAYER_KEYS, DRAWING)).toBeNull();
    // The player's keys stay live while drawing.
    expect(keyActionOf(press("ArrowRight"), "other", PLAYER_KEYS, DRAWING)).toBe("nextFrame");
  });

  it("lets a draw-mode binding shadow an always-on binding of the same key only while drawing", () => {
    const table: KeyBinding[] = [
      { key: "g", modifiers: [], action: "toggleMute", description: "always" },
      { key: "g", modifiers: [], mode: "draw", action: "drawPen", description: "draw" },
    ];
    expect(keyActionOf(press("g"), "other", table)).toBe("toggleMute");
    expect(keyActionOf(press("g"), "other", table, DRAWING)).toBe("drawPen");
  });

  it("ignores keys that are not shortcuts", () => {
    expect(keyActionOf(press("q"), "other")).toBeNull();
    expect(keyActionOf(press("Enter"), "other")).toBeNull();
  });

  it("ignores every key while the user types in a field", () => {
    for (const b of PLAYER_KEYS) expect(keyActionOf(press(b.key), "text")).toBeNull();
  });

  it("leaves menus, tabs and dialogs their own keys", () => {
    expect(keyActionOf(press("ArrowRight"), "widget")).toBeNull();
    expect(keyActionOf(press("m"), "widget")).toBeNull();
  });

  it("leaves Space to a focused button, but not the other shortcuts", () => {
    expect(keyActionOf(press(" "), "button")).toBeNull();
    expect(keyActionOf(press("k"), "button")).toBe("pause");
    expect(keyActionOf(press("ArrowRight"), "button")).toBe("nextFrame");
  });

  it("leaves the arrows to a focused slider input (volume), but not Space", () => {
    expect(keyActionOf(press("ArrowLeft"), "range")).toBeNull();
    expect(keyActionOf(press(" "), "range")).toBe("togglePlay");
  });

  it("leaves Home, End, Page Up and Page Down to a focused slider input (volume, overlay opacity)", () => {
    for (const key of ["Home", "End", "PageUp", "PageDown", "ArrowUp", "ArrowDown", "ArrowRight"]) {
      expect(keyActionOf(press(key), "range"), key).toBeNull();
      expect(keyActionOf(press(key, { shiftKey: true }), "range"), `Shift+${key}`).toBeNull();
    }
    // Off the slider, Home and End are the player's again.
    expect(keyActionOf(press("Home"), "other")).toBe("firstFrame");
    expect(keyActionOf(press("End"), "other")).toBe("lastFrame");
    // The slider keeps only its own keys: the other shortcuts still work from it.
    expect(keyActionOf(press("g"), "range")).toBe("toggleGuides");
  });

  it("changes the playback rate with Shift+< and Shift+>, and grabs a frame with Shift+S only", () => {
    expect(keyActionOf(press("<", { shiftKey: true }), "other")).toBe("slower");
    expect(keyActionOf(press(">", { shiftKey: true }), "other")).toBe("faster");
    expect(keyActionOf(press("S", { shiftKey: true }), "other")).toBe("grabFrame");
    expect(keyActionOf(press("s"), "other")).toBeNull();
    expect(keyActionOf(press("b"), "other")).toBe("compareFlip");
  });
});

describe("keyTargetKindOf", () => {
  it("treats text inputs, textareas, selects and editable content as typing", () => {
    expect(keyTargetKindOf(element("TEXTAREA"))).toBe("text");
    expect(keyTargetKindOf(element("INPUT", { type: "text" }))).toBe("text");
    expect(keyTargetKindOf(element("INPUT", { type: "search" }))).toBe("text");
    expect(keyTargetKindOf(element("SELECT"))).toBe("text");
    expect(keyTargetKindOf(element("DIV", { isContentEditable: true }))).toBe("text");
  });

  it("does not treat sliders and checkboxes as typing", () => {
    expect(keyTargetKindOf(element("INPUT", { type: "range" }))).toBe("range");
    expect(keyTargetKindOf(element("INPUT", { type: "checkbox" }))).toBe("other");
  });

  it("finds buttons and widgets around the target", () => {
    expect(keyTargetKindOf(element("svg", { inside: ["button"] }))).toBe("button");
    expect(keyTargetKindOf(element("DIV", { inside: ['[role="menu"]'] }))).toBe("widget");
    expect(keyTargetKindOf(element("BUTTON", { inside: ["button", '[role="dialog"]'] }))).toBe("widget");
  });

  it("treats the page and the timeline as the player's", () => {
    expect(keyTargetKindOf(null)).toBe("other");
    expect(keyTargetKindOf(element("DIV"))).toBe("other");
  });
});

describe("dispatchPlayerKey", () => {
  it("runs the bound action once and says it handled the key", () => {
    const { actions, calls } = recordingActions();
    expect(dispatchPlayerKey(press("L", { shiftKey: true }), "other", actions)).toBe(true);
    expect(dispatchPlayerKey(press("End"), "other", actions)).toBe(true);
    expect(dispatchPlayerKey(press("c"), "other", actions)).toBe(true);
    expect(calls).toEqual(["toggleLoop", "lastFrame", "focusComposer"]);
  });

  it("runs each binding's action, and only that one", () => {
    for (const b of PLAYER_KEYS) {
      const { actions, calls } = recordingActions();
      dispatchPlayerKey(pressOf(b), "other", actions, PLAYER_KEYS, contextOf(b));
      expect(calls).toEqual([b.action]);
    }
  });

  it("runs nothing, and lets the browser have the key, while the user types", () => {
    const spies = PLAYER_ACTION_IDS.map(() => vi.fn());
    const actions = everyAction((id) => spies[PLAYER_ACTION_IDS.indexOf(id)]!);
    const textarea = keyTargetKindOf(element("TEXTAREA"));
    const input = keyTargetKindOf(element("INPUT", { type: "text" }));
    for (const key of [" ", "k", "i", "o", "c", "f", "ArrowLeft"]) {
      expect(dispatchPlayerKey(press(key), textarea, actions)).toBe(false);
      expect(dispatchPlayerKey(press(key), input, actions)).toBe(false);
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe("hints from the table", () => {
  it("gives a control its tooltip and aria-keyshortcuts", () => {
    expect(keyHintOf("previousFrame", "Previous frame")).toEqual({ title: "Previous frame (←)", "aria-keyshortcuts": "ArrowLeft" });
    expect(keyHintOf("toggleLoop", "Loop in to out")).toEqual({ title: "Loop in to out (Shift + L)", "aria-keyshortcuts": "Shift+L" });
    expect(keyHintOf("togglePlay", "Play")).toEqual({ title: "Play (Space)", "aria-keyshortcuts": "Space" });
    expect(keyHintOf("redoDrawing", "Redo")).toEqual({ title: "Redo (Ctrl/⌘ + Shift + Z)", "aria-keyshortcuts": "Control+Shift+Z Meta+Shift+Z" });
  });

  it("formats keys for people and for assistive technology", () => {
    expect(formatBinding({ key: "ArrowRight", modifiers: ["Shift"] })).toBe("Shift + →");
    expect(ariaKeyOf({ key: "ArrowRight", modifiers: ["Shift"] })).toBe("Shift+ArrowRight");
    expect(formatBinding({ key: "i", modifiers: [] })).toBe("I");
  });

  it("knows which keys move the playhead (the timeline previews them)", () => {
    for (const key of ["ArrowLeft", "ArrowRight", "Home", "End"]) expect(isScrubKey(key)).toBe(true);
    for (const key of [" ", "i", "l", "Enter"]) expect(isScrubKey(key)).toBe(false);
  });
});
