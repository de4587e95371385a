"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { type CompareView, FLIP_KEY, parseCompareView, pressFlipKey, writeCompareView } from "./compare-mode";

/**
 * The compare view lives in the URL (`?compare=<id>&mode=wipe`), so a link opens the same view.
 * Changing it replaces the history entry with `history.replaceState`, which Next's router follows
 * (useSearchParams updates) without a server round trip — the flip key must be instant.
 */
export function useCompareView(): [CompareView, (view: CompareView) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const view = useMemo(() => parseCompareView(searchParams), [searchParams]);
  const setView = useCallback(
    (next: CompareView) => {
      const query = writeCompareView(new URLSearchParams(window.location.search), next).toString();
      // `null`, not the current state: Next's patched replaceState skips its router sync for state
      // that carries its own markers (__NA), and useSearchParams would not change.
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  return [view, setView];
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return target.type !== "range" && target.type !== "checkbox";
  return false;
}

/**
 * The A/B flip key (B), active while comparing and not typing — the same rule as the player's keys.
 * When the room's one key table lands, this entry moves there (COMPARE_SHORTCUTS has its help row).
 */
export function useCompareFlipKey(isEnabled: boolean, view: CompareView, onView: (view: CompareView) => void): void {
  const latest = useRef({ view, onView });
  latest.current = { view, onView };
  useEffect(() => {
    if (!isEnabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (e.key.toLowerCase() !== FLIP_KEY || isTypingTarget(e.target)) return;
      if (e.target instanceof HTMLElement && e.target.closest('[role="menu"],[role="dialog"]')) return;
      e.preventDefault();
      latest.current.onView(pressFlipKey(latest.current.view));
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [isEnabled]);
}
