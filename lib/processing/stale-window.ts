/**
 * The stale window's arithmetic (docs/processing.md, "Crash recovery"), kept free of imports so that
 * lib/env.ts can take its default from here.
 */

/** A PROCESSING version without a heartbeat this long is handed to another worker. */
export const DEFAULT_STALE_AFTER_SECONDS = 240;

export function heartbeatIntervalFor(staleAfterSeconds: number): number {
  return Math.max(250, Math.min(15_000, Math.floor((staleAfterSeconds * 1000) / 3)));
}

/**
 * How often each worker's sweeper looks for stale versions: a quarter of the stale window, at most
 * 30 s. A dead worker's version is runnable again at most `staleAfterSeconds + sweepIntervalFor(...)`
 * after its last heartbeat: 270 s (< 5 min) with the default 240 s.
 */
export function sweepIntervalFor(staleAfterSeconds: number): number {
  return Math.max(1000, Math.min(30_000, Math.floor((staleAfterSeconds * 1000) / 4)));
}

/** The worst case from a worker's death (its last heartbeat) to its version being runnable again. */
export function worstCaseReclaimMs(staleAfterSeconds: number): number {
  return staleAfterSeconds * 1000 + sweepIntervalFor(staleAfterSeconds);
}
