"use client";

import { COMPARE_MODE_LABEL, COMPARE_MODES, type CompareMode, type CompareView } from "./compare-mode";

export interface CompareModePickerProps {
  view: CompareView;
  onView: (view: CompareView) => void;
  isDisabled?: boolean;
}

const TITLE: Record<CompareMode, string> = {
  "side-by-side": "Both versions next to each other",
  wipe: "One picture split by a draggable line: this version left, the other right",
  overlay: "The other version over this one, with an opacity slider",
  difference: "|A − B| per pixel: black where nothing changed",
  flip: "One version at a time; B flips between them",
};

/** The compare mode buttons (a group of toggle buttons, one pressed). */
export function CompareModePicker(props: CompareModePickerProps) {
  return (
    <div
      role="group"
      aria-label="Compare mode"
      className="flex items-center overflow-hidden rounded border border-ink-600"
      data-testid="compare-mode-picker"
    >
      {COMPARE_MODES.map((mode) => {
        const isActive = props.view.mode === mode;
        return (
          <button
            key={mode}
            type="button"
            aria-pressed={isActive}
            disabled={props.isDisabled}
            title={TITLE[mode]}
            data-mode={mode}
            onClick={() => props.onView({ ...props.view, mode })}
            className={`h-7 border-r border-ink-600 px-2 text-xs last:border-r-0 disabled:cursor-not-allowed disabled:opacity-45 ${
              isActive ? "bg-accent-500/15 text-accent-400" : "bg-ink-800 text-ink-100 hover:bg-ink-700"
            }`}
          >
            {COMPARE_MODE_LABEL[mode]}
          </button>
        );
      })}
    </div>
  );
}

export interface OverlayOpacityProps {
  /** 0–100, B's opacity over A. */
  value: number;
  onChange: (value: number) => void;
  labelB: string;
}

const RANGE_KEYS = new Set(["Home", "End", "PageUp", "PageDown", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"]);

/** B's opacity in overlay mode: a native range, so arrows, Home/End and Page keys work. */
export function OverlayOpacity(props: OverlayOpacityProps) {
  return (
    <label className="flex items-center gap-2 text-xs text-ink-300">
      <span>{props.labelB} opacity</span>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        value={props.value}
        aria-label="Overlay opacity"
        aria-valuetext={`${props.value} %`}
        onChange={(e) => props.onChange(Number(e.target.value))}
        // The range's own keys: the player's shortcuts give ranges only the arrows, and would take
        // Home/End/Page keys as "first/last frame" and cancel the slider's move.
        onKeyDown={(e) => {
          if (RANGE_KEYS.has(e.key)) e.stopPropagation();
        }}
        className="w-28 accent-accent-500"
        data-testid="overlay-opacity"
      />
      <span className="w-9 font-mono text-ink-100">{props.value} %</span>
    </label>
  );
}
