"use client";

import { useState } from "react";

/**
 * The "go to" field: a timecode, `#frame` or seconds. `goTo` seeks and returns null, or returns why
 * the text names no frame of this clip; the field keeps its own text and error.
 */
export function GoToField(props: { goTo: (text: string) => string | null; disabled: boolean }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex items-center"
      onSubmit={(e) => {
        e.preventDefault();
        const message = props.goTo(text);
        setError(message);
        if (!message) (e.currentTarget.elements.namedItem("goto") as HTMLInputElement | null)?.select();
      }}
    >
      <label htmlFor="player-goto" className="sr-only">
        Go to timecode
      </label>
      <input
        id="player-goto"
        name="goto"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        placeholder="Go to…"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "player-goto-error" : undefined}
        disabled={props.disabled}
        className={`h-8 w-28 rounded border bg-ink-950 px-2 font-mono text-xs text-ink-100 placeholder:text-ink-400 focus:border-accent-500 focus:outline-none ${
          error ? "border-red-500" : "border-ink-700"
        }`}
      />
      {error && (
        <span id="player-goto-error" role="alert" className="ml-2 max-w-64 truncate text-xs text-red-300" title={error}>
          {error}
        </span>
      )}
    </form>
  );
}
