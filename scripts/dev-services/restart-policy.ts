/**
 * When `npm run up` starts a crashed worker again (it has no process manager; production runs the
 * worker under systemd or an orchestrator — docs/operations.md). A worker exits on purpose when its
 * job loop cannot recover (e.g. PostgreSQL restarted under it) and a new process picks the work up,
 * so one exit is routine; a worker that keeps dying straight after its start is broken, and
 * restarting it forever would hide that.
 */
export const RESTART_WINDOW_MS = 5 * 60_000;
export const MAX_RESTARTS_IN_WINDOW = 5;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/**
 * Milliseconds to wait before starting the worker again, or null to give up. `recentExits` are the
 * times (ms) of its earlier unexpected exits, this one included.
 */
export function restartDelay(recentExits: readonly number[], now: number): number | null {
  const inWindow = recentExits.filter((t) => now - t < RESTART_WINDOW_MS).length;
  if (inWindow > MAX_RESTARTS_IN_WINDOW) return null;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, inWindow - 1));
}
