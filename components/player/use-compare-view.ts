"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { type CompareView, parseCompareView, writeCompareView } from "./compare-mode";

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
