import { z } from "zod";

/**
 * The JSON of one live-update message (`data:` of `GET /api/events/stream`, docs/events.md),
 * shared by the server that writes it (lib/events/event-stream.ts checks each EventRecord against
 * it at compile time) and the browser that reads it (components/events). Lenient about types and
 * payloads it does not know — a page older than the server keeps working — strict about the ids
 * it acts on. Each type's payload is documented, with its schema, in lib/events/event-types.ts.
 */
export const streamEventSchema = z.object({
  seq: z.int().positive(),
  id: z.string(),
  type: z.string(),
  projectId: z.string(),
  assetId: z.string().nullable(),
  versionId: z.string().nullable(),
  commentId: z.string().nullable(),
  actorId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});
export type StreamEvent = z.infer<typeof streamEventSchema>;

/** A `data:` line as a StreamEvent, or null for anything else (never throws on what a server sends). */
export function parseStreamEvent(data: string): StreamEvent | null {
  try {
    const parsed = streamEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
