"use client";

import type { PlayerActionId } from "./player-key-table";
import { keyHintOf } from "./player-keys";

export interface IconButtonProps {
  label: string;
  /** The key table's action this button also has a key for: its tooltip and aria-keyshortcuts. */
  action?: PlayerActionId;
  onClick: () => void;
  isPressed?: boolean;
  disabled?: boolean;
  children: React.ReactNode;
}

/** A transport button: an icon with a label for assistive technology and its key in the tooltip. */
export function IconButton(props: IconButtonProps) {
  const hint = props.action ? keyHintOf(props.action, props.label) : { title: props.label };
  return (
    <button
      type="button"
      aria-label={props.label}
      aria-pressed={props.isPressed}
      {...hint}
      disabled={props.disabled}
      onClick={props.onClick}
      className={`inline-flex h-8 w-8 items-center justify-center rounded text-ink-100 hover:bg-ink-700 disabled:opacity-40 ${
        props.isPressed ? "bg-ink-700 text-accent-400" : ""
      }`}
    >
      {props.children}
    </button>
  );
}
