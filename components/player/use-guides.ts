"use client";

import { useCallback, useEffect, useState } from "react";
import type { GuideId } from "./guides";
import {
  DEFAULT_GUIDES_CHOICE,
  GUIDES_STORAGE_KEY,
  type GuidesChoice,
  parseGuidesChoice,
  serializeGuidesChoice,
  toggleGuide,
  toggleGuidesShown,
} from "./guides-choice";

export interface Guides {
  choice: GuidesChoice;
  toggle: (id: GuideId) => void;
  /** The G key. */
  toggleShown: () => void;
}

/**
 * The guides choice (guides-choice.ts), remembered in localStorage. Read after mount, not during
 * render: the server renders the default, and reading storage then would mismatch on hydration.
 */
export function useGuides(): Guides {
  const [choice, setChoice] = useState<GuidesChoice>(DEFAULT_GUIDES_CHOICE);
  useEffect(() => {
    setChoice(parseGuidesChoice(readStorage()));
  }, []);
  const update = useCallback((change: (c: GuidesChoice) => GuidesChoice) => {
    setChoice((current) => {
      const next = change(current);
      writeStorage(serializeGuidesChoice(next));
      return next;
    });
  }, []);
  const toggle = useCallback((id: GuideId) => update((c) => toggleGuide(c, id)), [update]);
  const toggleShown = useCallback(() => update(toggleGuidesShown), [update]);
  return { choice, toggle, toggleShown };
}

// Storage can throw (disabled, private mode, quota): the guides then work for this page only.
function readStorage(): string | null {
  try {
    return window.localStorage.getItem(GUIDES_STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStorage(value: string): void {
  try {
    window.localStorage.setItem(GUIDES_STORAGE_KEY, value);
  } catch {
    // See readStorage.
  }
}
