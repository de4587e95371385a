"use client";

import { useMutation } from "@tanstack/react-query";
import { PenLine, Pencil, Trash2 } from "lucide-react";
import Image from "next/image";
import { useState } from "react";
import { drawingOf } from "@/components/player/drawing-editor";
import { describeAttachTarget } from "./composer-target";
import { DrawingControls } from "./drawing-controls";
import { LinkifiedText } from "./linkified-text";
import { deleteComment, editComment, errorMessage, type ReviewComment } from "./review-api";
import type { DrawingSession } from "./use-drawing-session";

/** What every thread and comment of one panel shares. */
export interface ThreadScope {
  versionId: string;
  viewer: { id: string; isAdmin: boolean };
  canComment: boolean;
  canResolve: boolean;
  formatFrame: (frame: number) => string;
  /** Seeks to the comment's frame and selects its thread; null while the version cannot play. */
  onJump: ((comment: ReviewComment) => void) | null;
  /** The room's drawing session (a thread's first comment's drawing is edited in it); null while the version cannot play. */
  drawing: DrawingSession | null;
  /** After a change made here: refetch the comments. */
  onChanged: () => Promise<unknown>;
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}

/**
 * One comment: the thread's opening comment (with its timecode chip) or a reply. Its author may
 * edit it, its author or an admin delete it (soft: it keeps its place as "Comment deleted.").
 */
export function CommentItem(props: { comment: ReviewComment; isThread: boolean; scope: ThreadScope }) {
  const { comment, scope } = props;
  const [isEditing, setIsEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const isOwn = comment.author.id === scope.viewer.id;
  const canEdit = isOwn && !comment.deleted;
  const canDelete = (isOwn || scope.viewer.isAdmin) && !comment.deleted;
  const target = describeAttachTarget(comment, scope.formatFrame);
  const session = scope.drawing;
  // Only a thread's first comment is placed on frames, so only it carries a drawing (docs/drawing.md).
  const canDraw = props.isThread && session !== null;
  const isDrawingMine = session?.target?.kind === "edit" && session.target.commentId === comment.id;
  const drawingTarget = { kind: "edit", commentId: comment.id } as const;
  const closeDrawing = () => {
    if (isDrawingMine) session.discard();
  };

  const edit = useMutation({
    // The drawing is sent only when it was opened in the editor for this comment (null: removed).
    mutationFn: (text: string) =>
      editComment(comment.id, isDrawingMine ? { body: text, drawing: drawingOf(session.editor.state) } : { body: text }),
    onSuccess: () => {
      setIsEditing(false);
      closeDrawing();
      return scope.onChanged();
    },
  });
  const startDrawing = () => {
    if (!session) return;
    scope.onJump?.(comment);
    if (isDrawingMine) session.toggleDrawMode();
    else session.drawForComment(comment.id, comment.drawing);
  };
  const cancelEdit = () => {
    setIsEditing(false);
    closeDrawing();
  };
  const hasDrawingToRemove = isDrawingMine ? session.editor.state.shapes.length > 0 : comment.drawing !== null;
  const remove = useMutation({ mutationFn: () => deleteComment(comment.id), onSuccess: scope.onChanged });

  return (
    <div data-testid={props.isThread ? undefined : "comment-reply"}>
      <div className="flex items-baseline gap-2">
        {props.isThread && (
          <button
            type="button"
            data-testid="comment-jump"
            onClick={() => scope.onJump?.(comment)}
            className="rounded bg-ink-800 px-1.5 py-0.5 font-mono text-xs text-amber-300 hover:bg-ink-700"
            aria-label={`Go to ${target}`}
          >
            {target}
          </button>
        )}
        {props.isThread && comment.drawing && !comment.deleted && (
          <span data-testid="comment-has-drawing" className="inline-flex items-center gap-0.5 text-xs text-ink-400">
            <PenLine size={12} aria-hidden /> drawing
          </span>
        )}
        <span className="font-medium text-ink-100">
          {comment.author.name}
          {comment.authorIsGuest && <span className="font-normal text-ink-400"> (guest)</span>}
        </span>
        <span className="text-xs text-ink-400">
          {formatWhen(comment.createdAt)}
          {comment.editedAt && !comment.deleted ? " · edited" : ""}
        </span>
      </div>
      {comment.deleted ? (
        <p className="mt-1 italic text-ink-400">Comment deleted.</p>
      ) : isEditing ? (
        <form
          className="mt-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) edit.mutate(draft.trim());
          }}
        >
          <label className="sr-only" htmlFor={`edit-${comment.id}`}>
            Edit comment
          </label>
          <textarea
            id={`edit-${comment.id}`}
            autoFocus
            rows={3}
            maxLength={5000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") cancelEdit();
            }}
            className="input resize-none py-1 text-sm"
          />
          {canDraw && (
            <>
              <DrawingControls session={session} target={drawingTarget} onStart={startDrawing} />
              {hasDrawingToRemove && (
                <button
                  type="button"
                  className="mt-1 inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-ink-300 hover:bg-ink-700"
                  onClick={() => session.drawForComment(comment.id, null, false)}
                >
                  <Trash2 size={12} aria-hidden /> Remove drawing
                </button>
              )}
            </>
          )}
          <div className="mt-1 flex justify-end gap-1">
            <button type="button" className="btn py-1 text-xs" onClick={cancelEdit}>
              Cancel
            </button>
            <button type="submit" className="btn-primary py-1 text-xs" disabled={!draft.trim() || edit.isPending}>
              Save
            </button>
          </div>
        </form>
      ) : (
        <p data-testid="comment-body" className="mt-1 whitespace-pre-wrap break-words text-ink-100">
          <LinkifiedText text={comment.body} />
        </p>
      )}
      {comment.attachmentUrl && (
        // The frame grab attached to the comment, through the media route (its permission check and a
        // short-lived redirect to the bucket); opens full size in a new tab.
        <a href={comment.attachmentUrl} target="_blank" rel="noreferrer" className="mt-1 inline-block" data-testid="comment-attachment">
          <Image
            unoptimized
            src={comment.attachmentUrl}
            alt="Frame grab attached to this comment"
            width={160}
            height={90}
            className="h-20 w-auto rounded border border-ink-700"
          />
        </a>
      )}
      {(canEdit || canDelete) && !isEditing && (
        <div className="mt-1 flex items-center gap-1 text-xs">
          {canEdit && (
            <button
              type="button"
              className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-ink-400 hover:bg-ink-700 hover:text-ink-100"
              onClick={() => {
                setDraft(comment.body);
                setIsEditing(true);
              }}
            >
              <Pencil size={12} aria-hidden /> Edit
            </button>
          )}
          {canDelete &&
            (isConfirmingDelete ? (
              <span className="inline-flex items-center gap-1">
                <span className="text-ink-300">Delete this comment?</span>
                <button type="button" className="rounded bg-red-900 px-1.5 py-0.5 text-red-100 hover:bg-red-800" onClick={() => remove.mutate()}>
                  Delete
                </button>
                <button type="button" className="rounded px-1.5 py-0.5 text-ink-300 hover:bg-ink-700" onClick={() => setIsConfirmingDelete(false)}>
                  Keep
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-ink-400 hover:bg-ink-700 hover:text-ink-100"
                onClick={() => setIsConfirmingDelete(true)}
              >
                <Trash2 size={12} aria-hidden /> Delete
              </button>
            ))}
        </div>
      )}
      {(edit.isError || remove.isError) && (
        <p role="alert" className="mt-1 text-xs text-red-300">
          {errorMessage(edit.error ?? remove.error)}
        </p>
      )}
    </div>
  );
}
