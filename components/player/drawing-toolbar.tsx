"use client";

import { Circle, MoveUpRight, Pencil, Redo2, Square, Trash2, Type, Undo2, type LucideIcon } from "lucide-react";
import type { Dispatch, ReactNode } from "react";
import { DRAWING_PALETTE, type PaletteColor } from "@/lib/comments/drawing";
import {
  DRAWING_TOOLS,
  STROKE_WIDTHS,
  canRedo,
  canUndo,
  type DrawingEditorAction,
  type DrawingEditorState,
  type DrawingTool,
} from "./drawing-editor";
import type { PlayerActionId } from "./player-key-table";
import { keyHintOf } from "./player-keys";

const TOOL_ICONS: Record<DrawingTool, LucideIcon> = {
  freehand: Pencil,
  arrow: MoveUpRight,
  rectangle: Square,
  ellipse: Circle,
  text: Type,
};
const COLOR_NAMES: Record<PaletteColor, string> = {
  red: "Red",
  orange: "Orange",
  yellow: "Yellow",
  green: "Green",
  cyan: "Cyan",
  blue: "Blue",
  magenta: "Magenta",
  white: "White",
  black: "Black",
};

export interface DrawingToolbarProps {
  state: DrawingEditorState;
  dispatch: Dispatch<DrawingEditorAction>;
}

/** The key-table action of each tool, for its button's hint (player-keys.ts). */
const TOOL_ACTIONS: Record<DrawingTool, PlayerActionId> = {
  freehand: "drawPen",
  arrow: "drawArrow",
  rectangle: "drawRectangle",
  ellipse: "drawEllipse",
  text: "drawText",
};

function ToolbarButton(props: {
  label: string;
  /** The key-table action this button also is (its title and aria-keyshortcuts come from the table). */
  action?: PlayerActionId;
  isPressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={props.label}
      aria-pressed={props.isPressed}
      {...(props.action ? keyHintOf(props.action, props.label) : { title: props.label })}
      disabled={props.disabled}
      onClick={props.onClick}
      className={`inline-flex h-8 min-w-8 items-center justify-center rounded px-1 text-ink-100 hover:bg-ink-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-accent-400 disabled:opacity-40 ${
        props.isPressed ? "bg-ink-700 text-accent-400" : ""
      }`}
    >
      {props.children}
    </button>
  );
}

/**
 * Tool, colour, stroke width, undo, redo and clear for the drawing editor. Every control is a
 * labelled button in the tab order (pressed state announced), grouped for screen readers; the
 * editor's notices (a limit reached) are read out from a polite live region.
 */
export function DrawingToolbar({ state, dispatch }: DrawingToolbarProps) {
  return (
    <div role="toolbar" aria-label="Drawing tools" data-testid="drawing-toolbar" className="flex flex-wrap items-center gap-2 text-sm">
      <div role="group" aria-label="Tool" className="flex gap-0.5">
        {DRAWING_TOOLS.map(({ tool, label }) => {
          const Icon = TOOL_ICONS[tool];
          return (
            <ToolbarButton key={tool} label={label} action={TOOL_ACTIONS[tool]} isPressed={state.tool === tool} onClick={() => dispatch({ type: "setTool", tool })}>
              <Icon size={16} aria-hidden />
            </ToolbarButton>
          );
        })}
      </div>
      <div role="group" aria-label="Colour" className="flex gap-0.5">
        {(Object.keys(DRAWING_PALETTE) as PaletteColor[]).map((color) => (
          <ToolbarButton
            key={color}
            label={COLOR_NAMES[color]}
            isPressed={state.color === color}
            onClick={() => dispatch({ type: "setColor", color })}
          >
            <span aria-hidden className="h-4 w-4 rounded-full border border-ink-400" style={{ backgroundColor: DRAWING_PALETTE[color] }} />
          </ToolbarButton>
        ))}
      </div>
      <div role="group" aria-label="Stroke width" className="flex gap-0.5">
        {STROKE_WIDTHS.map(({ width, label }, i) => (
          <ToolbarButton key={width} label={`${label} stroke`} isPressed={state.width === width} onClick={() => dispatch({ type: "setWidth", width })}>
            <span aria-hidden className="w-4 rounded-full bg-current" style={{ height: 2 + i * 2 }} />
          </ToolbarButton>
        ))}
      </div>
      <div role="group" aria-label="History" className="flex gap-0.5">
        <ToolbarButton label="Undo" action="undoDrawing" disabled={!canUndo(state)} onClick={() => dispatch({ type: "undo" })}>
          <Undo2 size={16} aria-hidden />
        </ToolbarButton>
        <ToolbarButton label="Redo" action="redoDrawing" disabled={!canRedo(state)} onClick={() => dispatch({ type: "redo" })}>
          <Redo2 size={16} aria-hidden />
        </ToolbarButton>
        <ToolbarButton label="Clear drawing" disabled={state.shapes.length === 0} onClick={() => dispatch({ type: "clear" })}>
          <Trash2 size={16} aria-hidden />
        </ToolbarButton>
      </div>
      <p role="status" aria-live="polite" data-testid="drawing-notice" className="min-w-0 text-xs text-amber-300">
        {state.notice}
      </p>
    </div>
  );
}
