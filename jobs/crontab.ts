/**
 * The worker's two crontabs (graphile-worker syntax), one per runner (jobs/run-worker.ts). Every
 * worker shares them through the database, so a line runs once, not once per worker.
 */

// The media runner's: hourly, backfilling up to 2 h of missed runs (a worker restarted across the
// hour still runs it once).
export const MEDIA_CRONTAB = "0 * * * * abandon-stale-uploads ?fill=2h&max=1";

// The events runner's: old events pruned daily at 04:41 UTC, backfilled for a day. Notification
// digests (docs/notifications.md, "Digests"): hourly at :05 and daily at 07:05 UTC (a morning
// e-mail in Europe, the evening before in the Americas), each backfilled for one period: a worker
// down across the hour sends it when it comes back. One attempt (`max=1`): a failed run's rows stay
// unmarked and inside the next run's window. `id`s tell the two lines apart. The audit
// checkpoint every minute (cron's finest step): rows deleted from the end of the chain after the
// last checkpoint go unseen, so that window is what we keep short; a minute with no new event
// writes nothing (docs/audit.md, "Checkpoints"). On this runner, not the media one, where it would
// wait behind a transcode (WORKER_CONCURRENCY 1) and the window would grow to a transcode's length.
// No backfill (the next run covers every missed minute); a queue of its own, so two never run at
// once and a slow one cannot write an older checkpoint over a newer.
export const EVENTS_CRONTAB = [
  "41 4 * * * prune-events ?fill=1d&max=1",
  '5 * * * * send-notification-digests ?id=digest-hourly&fill=1h&max=1 {period:"hourly"}',
  '5 7 * * * send-notification-digests ?id=digest-daily&fill=1d&max=1 {period:"daily"}',
  "* * * * * write-audit-checkpoint ?max=1&queue=audit-checkpoint",
].join("\n");
