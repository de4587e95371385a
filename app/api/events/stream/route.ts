import { apiRoute } from "@/lib/api/route";
import { eventStreamQuery, projectOfEventStreamQuery } from "@/lib/api/params";
import { eventHubFor } from "@/lib/events/event-hub";
import { openEventStream } from "@/lib/events/event-stream";

/** Never prerendered or cached: every response is one reader's open stream. */
export const dynamic = "force-dynamic";

/**
 * Live updates (docs/events.md): Server-Sent Events of a project (`?project=`) or of one version
 * (`?version=`), filtered for the signed-in reader. Resumes after `Last-Event-ID` (or `?lastEventId=`).
 */
export const GET = apiRoute(
  { permission: "project.view", query: eventStreamQuery, project: projectOfEventStreamQuery },
  async ({ req, db, actor, query, access }) => {
    const body = openEventStream({
      db,
      hub: eventHubFor(db),
      actor,
      access: access!,
      scope: { projectId: access!.project.id, ...(query.version ? { versionId: query.version } : {}) },
      lastEventId: parseSeq(req.headers.get("last-event-id") ?? query.lastEventId),
      request: req,
    });
    return new Response(body, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        // no-transform: no proxy (nor Next's compression) may buffer the stream to compress it.
        "Cache-Control": "no-cache, no-transform",
        // nginx: pass each event through as it comes instead of buffering the response.
        "X-Accel-Buffering": "no",
      },
    });
  },
);

/** A seq as sent in `id:` lines; anything else is no resume point (the stream starts from now). */
function parseSeq(value: string | undefined | null): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}
