import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { assets, projects, versions } from "@/db/schema";
import { drawingSchema } from "@/lib/comments/drawing";
import { listComments } from "@/lib/comments/list-comments";
import type { CommentView } from "@/lib/comments/comment-view";
import { notFound } from "@/lib/errors";
import { actorSchema } from "@/lib/auth/permissions";
import { frameToTimecode, timecodeOptionsOf } from "@/lib/timecode";

/**
 * What every notes export (CSV, EDL, PDF) is made from: the version's identity, its timecode track,
 * and its live notes in timeline order with their replies. Plain data validated by zod, because the
 * PDF's copy of it travels through the job queue (lib/jobs/definitions.ts) and is read back by a
 * worker that may run newer code than the web process that wrote it.
 */
const replySchema = z.object({ author: z.string(), body: z.string(), createdAt: z.string() });

export const noteSchema = z.object({
  id: z.uuid(),
  frameIn: z.int().min(0),
  /** Inclusive, as comments store it; null: a single-frame note. */
  frameOut: z.int().min(0).nullable(),
  author: z.string(),
  body: z.string(),
  createdAt: z.string(),
  status: z.enum(["open", "resolved"]),
  resolvedBy: z.string().nullable(),
  replies: z.array(replySchema),
  /**
   * The drawing on the noted frame (lib/comments/drawing.ts), drawn over its thumbnail in the PDF.
   * A payload queued before notes carried drawings has none.
   */
  drawing: drawingSchema.nullable().default(null),
});
export type Note = z.infer<typeof noteSchema>;

const frameRateSchema = z.object({ num: z.int().positive(), den: z.int().positive() });

export const notesReportSchema = z.object({
  project: z.object({ name: z.string(), code: z.string() }),
  asset: z.object({ name: z.string() }),
  version: z.object({
    id: z.uuid(),
    number: z.int().nullable(),
    fileName: z.string(),
    frameCount: z.int().nullable(),
    width: z.int().nullable(),
    height: z.int().nullable(),
    /** Null: no video frame rate (audio only, or not processed), so no timecode either. */
    timecode: z.object({ rate: frameRateSchema, dropFrame: z.boolean(), start: z.string().optional() }).nullable(),
  }),
  notes: z.array(noteSchema),
});
export type NotesReport = z.infer<typeof notesReportSchema>;

export const loadNotesReportParams = z.object({ actor: actorSchema, versionId: z.uuid() });
export type LoadNotesReportParams = z.input<typeof loadNotesReportParams>;

/**
 * The notes of a version as the exports show them (permission `project.view`: whoever can see the
 * comments may export them, as in Frame.io). Deleted notes are left out with their replies, and
 * deleted replies too: an export is what the room shows now, not the history (that is the audit
 * trail's job). Throws `not_found` for an unknown version or a non-member.
 */
export async function loadNotesReport(db: DbOrTx, params: LoadNotesReportParams): Promise<NotesReport> {
  const { actor, versionId } = loadNotesReportParams.parse(params);
  // listComments authorises; the version row is read after it so a non-member learns nothing.
  const { comments } = await listComments(db, { actor, versionId });
  const [row] = await db
    .select({ v: versions, asset: { name: assets.name }, project: { name: projects.name, code: projects.code } })
    .from(versions)
    .innerJoin(assets, eq(assets.id, versions.assetId))
    .innerJoin(projects, eq(projects.id, assets.projectId))
    .where(eq(versions.id, versionId));
  if (!row) throw notFound("Version not found");
  const { v } = row;
  const rate = v.frameRateNum && v.frameRateDen ? { num: v.frameRateNum, den: v.frameRateDen } : null;
  const timecode = rate ? timecodeOptionsOf({ frameRate: rate, startTimecode: v.startTimecode, dropFrame: v.dropFrame ?? false }) : null;
  return {
    project: row.project,
    asset: row.asset,
    version: {
      id: v.id,
      number: v.number,
      fileName: v.originalFileName,
      frameCount: v.frameCount,
      width: v.width,
      height: v.height,
      timecode: timecode ? { rate: timecode.rate, dropFrame: timecode.dropFrame, ...(timecode.start ? { start: timecode.start } : {}) } : null,
    },
    notes: notesFromComments(comments),
  };
}

/** Top-level, live comments in timeline order, each with its live replies oldest first. */
export function notesFromComments(comments: readonly CommentView[]): Note[] {
  const live = comments.filter((c) => !c.deleted);
  const repliesOf = new Map<string, CommentView[]>();
  for (const c of live) {
    if (!c.parentId) continue;
    repliesOf.set(c.parentId, [...(repliesOf.get(c.parentId) ?? []), c]);
  }
  return live
    .filter((c) => c.parentId === null)
    .sort((a, b) => a.frameIn - b.frameIn || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((c) => ({
      id: c.id,
      frameIn: c.frameIn,
      frameOut: c.frameOut,
      // A review link's guest, as the room shows them (docs/review-links.md).
      author: c.authorIsGuest ? `${c.author.name} (guest)` : c.author.name,
      body: c.body,
      createdAt: c.createdAt,
      status: c.resolvedAt ? "resolved" : "open",
      resolvedBy: c.resolvedBy?.name ?? null,
      replies: (repliesOf.get(c.id) ?? [])
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((r) => ({ author: r.author.name, body: r.body, createdAt: r.createdAt })),
      drawing: c.drawing,
    }));
}

/** The label of `frame` on the version's timecode track ("" without one). */
export function timecodeOfFrame(report: NotesReport, frame: number): string {
  const clock = report.version.timecode;
  return clock ? frameToTimecode(frame, clock) : "";
}

/** The last frame a note covers (inclusive): its out point, or its in point for a single-frame note. */
export const lastFrameOf = (note: Note): number => note.frameOut ?? note.frameIn;
