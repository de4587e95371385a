"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, CornerDownRight, Pencil, RotateCcw, Trash2, X } from "lucide-react";
import { forwardRef, memo, useImperativeHandle, useMemo, useRef, useState } from "react";
import { useFrameStore, type FrameStore } from "@/components/player/frame-store";
import { groupThreads, visibleThreads, type CommentFilter, type StatusFilter } from "./comment-filter";
import { describeAttachTarget, resolveAttachTarget, type AttachTarget, type ComposerTarget } from "./composer-target";
import { LinkifiedText } from "./linkified-text";
import {
  deleteComment,
  editComment,
  errorMessage,
  postComment,
  reviewKeys,
  setCommentResolved,
  type ReviewComment,
} from "./review-api";

export interface CommentsPanelHandle {
  focusComposer: () => void;
}

export interface CommentsPanelProps {
  versionId: string;
  comments: readonly ReviewComment[];
  isLoading: boolean;
  loadError: string | null;
  viewer: { id: string; isAdmin: boolean };
  canComment: boolean;
  canResolve: boolean;
  /** Why the composer is disabled (permission or version state), shown as text. */
  commentBlockedReason: string | null;
  /** Range or playhead (see composer-target.ts). */
  target: ComposerTarget;
  /** The frame on screen, for a playhead target; subscribed to by the composer line only. */
  playhead: FrameStore;
  /** An in point set without an out point: shown so the user knows it is not the target. */
  pendingInFrame: number | null;
  filter: CommentFilter;
  onFilter: (filter: CommentFilter) => void;
  onClearRange: () => void;
  onSetIn: () => void;
  onSetOut: () => void;
  onComposerFocus: () => void;
  formatFrame: (frame: number) => string;
  selectedId: string | null;
  onJump: (comment: ReviewComment) => void;
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}

/**
 * Threads, filters and the composer. Comments stay with their version: this panel is per version.
 * Memoised, and the frame on screen reaches only the composer's target line, so playback does not
 * re-render the threads.
 */
export const CommentsPanel = memo(
  forwardRef<CommentsPanelHandle, CommentsPanelProps>(function CommentsPanel(props, ref) {
    const { comments, formatFrame } = props;
    const queryClient = useQueryClient();
    const { status, author } = props.filter;
    const setStatus = (next: StatusFilter) => props.onFilter({ ...props.filter, status: next });
    const setAuthor = (next: string) => props.onFilter({ ...props.filter, author: next });
    const [body, setBody] = useState("");
    const composerRef = useRef<HTMLTextAreaElement>(null);

    useImperativeHandle(ref, () => ({ focusComposer: () => composerRef.current?.focus() }), []);

    const invalidate = () => queryClient.invalidateQueries({ queryKey: reviewKeys.comments(props.versionId) });

    const create = useMutation({
      mutationFn: (input: { body: string; target: AttachTarget }) =>
        postComment(props.versionId, {
          frameIn: input.target.frameIn,
          ...(input.target.frameOut !== null && input.target.frameOut !== input.target.frameIn
            ? { frameOut: input.target.frameOut }
            : {}),
          body: input.body,
        }),
      onSuccess: () => {
        setBody("");
        props.onClearRange();
        return invalidate();
      },
    });

    const grouped = useMemo(() => groupThreads(comments), [comments]);
    const { threads, repliesOf, authors } = grouped;
    const visible = visibleThreads(grouped, props.filter);
    const openCount = threads.filter((t) => !t.resolvedAt && !t.deleted).length;

    const submit = () => {
      const text = body.trim();
      if (!text || create.isPending) return;
      // The frame on screen now: what the composer line shows, read from the same store.
      create.mutate({ body: text, target: resolveAttachTarget(props.target, props.playhead.get()) });
    };

    return (
      <div className="flex h-full min-h-0 flex-col">
        <div className="flex items-center gap-2 border-b border-ink-800 px-3 py-2">
          <div role="group" aria-label="Filter by status" className="flex rounded border border-ink-700 text-xs">
            {(["all", "open", "resolved"] as const).map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={status === s}
                onClick={() => setStatus(s)}
                className={`px-2 py-1 capitalize first:rounded-l last:rounded-r ${status === s ? "bg-ink-700 text-ink-100" : "text-ink-300 hover:bg-ink-800"}`}
              >
                {s}
              </button>
            ))}
          </div>
          <label className="sr-only" htmlFor="comment-author-filter">
            Filter by author
          </label>
          <select
            id="comment-author-filter"
            value={author}
            onChange={(e) => setAuthor(e.target.value)}
            className="h-7 min-w-0 flex-1 rounded border border-ink-700 bg-ink-950 px-1 text-xs text-ink-100"
          >
            <option value="">All authors</option>
            {authors.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
          <span className="whitespace-nowrap text-xs text-ink-400" aria-live="polite">
            {openCount} open
          </span>
        </div>

        <div className="min-h-0 flex-1 overflow-y-auto" aria-label="Comment threads" role="region">
          {props.isLoading && <p className="p-3 text-ink-400">Loading comments…</p>}
          {props.loadError && (
            <p role="alert" className="m-3 rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
              {props.loadError}
            </p>
          )}
          {!props.isLoading && visible.length === 0 && (
            <p className="p-3 text-ink-400">{threads.length === 0 ? "No comments yet." : "No comments match the filter."}</p>
          )}
          <ol className="divide-y divide-ink-800">
            {visible.map((thread) => (
              <li key={thread.id}>
                <Thread
                  thread={thread}
                  replies={repliesOf.get(thread.id) ?? []}
                  {...props}
                  onChanged={invalidate}
                />
              </li>
            ))}
          </ol>
        </div>

        <form
          className="border-t border-ink-800 bg-ink-900 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
            <span className="text-ink-400">{props.target.kind === "range" && props.target.frameOut !== null ? "Range" : "At"}</span>
            <span data-testid="composer-target" data-kind={props.target.kind} className="rounded bg-ink-800 px-1.5 py-0.5 font-mono text-ink-100">
              <TargetText target={props.target} playhead={props.playhead} format={formatFrame} />
            </span>
            {props.target.kind === "playhead" && <span className="text-ink-400">(playhead)</span>}
            <button type="button" className="rounded px-1.5 py-0.5 text-ink-300 hover:bg-ink-700" onClick={props.onSetIn} title="Set in point (I)">
              In
            </button>
            <button type="button" className="rounded px-1.5 py-0.5 text-ink-300 hover:bg-ink-700" onClick={props.onSetOut} title="Set out point (O)">
              Out
            </button>
            {(props.target.kind === "range" || props.pendingInFrame !== null) && (
              <button
                type="button"
                aria-label="Clear range"
                title="Clear range (X)"
                className="rounded p-0.5 text-ink-300 hover:bg-ink-700"
                onClick={props.onClearRange}
              >
                <X size={14} aria-hidden />
              </button>
            )}
            {props.target.kind === "playhead" && props.pendingInFrame !== null && (
              <span className="basis-full text-ink-400" data-testid="composer-pending-in">
                In point {formatFrame(props.pendingInFrame)} set: set an out point for a range comment.
              </span>
            )}
          </div>
          <label htmlFor="comment-composer" className="sr-only">
            Comment at <TargetText target={props.target} playhead={props.playhead} format={formatFrame} />
          </label>
          <textarea
            id="comment-composer"
            ref={composerRef}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            onFocus={props.onComposerFocus}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                submit();
              } else if (e.key === "Escape") {
                e.currentTarget.blur();
              }
            }}
            disabled={!props.canComment || props.commentBlockedReason !== null}
            rows={3}
            maxLength={5000}
            placeholder={props.commentBlockedReason ?? "Add a comment… (Ctrl+Enter to send, Esc to return to the player)"}
            className="input resize-none text-sm"
          />
          {create.isError && (
            <p role="alert" className="mt-1 text-xs text-red-300">
              {errorMessage(create.error)}
            </p>
          )}
          <div className="mt-2 flex items-center justify-between">
            <span className="text-xs text-ink-400">{props.commentBlockedReason}</span>
            <button
              type="submit"
              className="btn-primary py-1.5"
              disabled={!body.trim() || create.isPending || !props.canComment || props.commentBlockedReason !== null}
            >
              {create.isPending ? "Sending…" : "Comment"}
            </button>
          </div>
        </form>
      </div>
    );
  }),
);

/** The composer's target as text; only this re-renders per frame when it follows the playhead. */
function TargetText(props: { target: ComposerTarget; playhead: FrameStore; format: (frame: number) => string }) {
  const frame = useFrameStore(props.playhead);
  return <>{describeAttachTarget(resolveAttachTarget(props.target, frame), props.format)}</>;
}

type ThreadProps = CommentsPanelProps & {
  thread: ReviewComment;
  replies: readonly ReviewComment[];
  onChanged: () => Promise<unknown>;
};

function Thread(props: ThreadProps) {
  const { thread, replies, formatFrame } = props;
  const [isReplying, setIsReplying] = useState(false);
  const [reply, setReply] = useState("");
  const isSelected = props.selectedId === thread.id;
  const target = describeAttachTarget(thread, formatFrame);

  const resolve = useMutation({
    mutationFn: (resolved: boolean) => setCommentResolved(thread.id, resolved),
    onSuccess: props.onChanged,
  });
  const sendReply = useMutation({
    mutationFn: (text: string) => postComment(props.versionId, { frameIn: thread.frameIn, body: text, parentId: thread.id }),
    onSuccess: () => {
      setReply("");
      setIsReplying(false);
      return props.onChanged();
    },
  });

  return (
    <article
      data-testid="comment-thread"
      data-comment-id={thread.id}
      data-frame-in={thread.frameIn}
      aria-label={`Comment by ${thread.author.name} at ${target}`}
      // Resolved threads are marked by a grey edge, not dimmed: opacity would fail colour contrast.
      className={`px-3 py-2.5 ${isSelected ? "bg-ink-850 shadow-[inset_2px_0_0_var(--color-accent-500)]" : ""} ${thread.resolvedAt && !isSelected ? "bg-ink-900/60 shadow-[inset_2px_0_0_var(--color-ink-600)]" : ""}`}
    >
      <CommentItem comment={thread} {...props} isThread />
      {replies.length > 0 && (
        <ol className="mt-2 space-y-2 border-l border-ink-700 pl-3">
          {replies.map((r) => (
            <li key={r.id}>
              <CommentItem comment={r} {...props} isThread={false} />
            </li>
          ))}
        </ol>
      )}
      <div className="mt-1.5 flex flex-wrap items-center gap-1 text-xs">
        {!thread.deleted && props.canComment && (
          <button type="button" className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-ink-300 hover:bg-ink-700" onClick={() => setIsReplying((v) => !v)}>
            <CornerDownRight size={12} aria-hidden /> Reply
          </button>
        )}
        {!thread.deleted && props.canResolve && (
          <button
            type="button"
            className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-ink-300 hover:bg-ink-700"
            disabled={resolve.isPending}
            onClick={() => resolve.mutate(!thread.resolvedAt)}
          >
            {thread.resolvedAt ? <RotateCcw size={12} aria-hidden /> : <CircleCheck size={12} aria-hidden />}
            {thread.resolvedAt ? "Reopen" : "Resolve"}
          </button>
        )}
        {thread.resolvedAt && (
          <span className="ml-auto text-ink-400">
            Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy.name}` : ""}
          </span>
        )}
      </div>
      {(resolve.isError || sendReply.isError) && (
        <p role="alert" className="mt-1 text-xs text-red-300">
          {errorMessage(resolve.error ?? sendReply.error)}
        </p>
      )}
      {isReplying && (
        <form
          className="mt-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (reply.trim()) sendReply.mutate(reply.trim());
          }}
        >
          <label className="sr-only" htmlFor={`reply-${thread.id}`}>
            Reply to {thread.author.name}
          </label>
          <textarea
            id={`reply-${thread.id}`}
            autoFocus
            rows={2}
            maxLength={5000}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                if (reply.trim()) sendReply.mutate(reply.trim());
              } else if (e.key === "Escape") {
                setIsReplying(false);
              }
            }}
            className="input resize-none py-1 text-sm"
            placeholder="Reply…"
          />
          <div className="mt-1 flex justify-end gap-1">
            <button type="button" className="btn py-1 text-xs" onClick={() => setIsReplying(false)}>
              Cancel
            </button>
            <button type="submit" className="btn-primary py-1 text-xs" disabled={!reply.trim() || sendReply.isPending}>
              Reply
            </button>
          </div>
        </form>
      )}
    </article>
  );
}

function CommentItem(props: ThreadProps & { comment: ReviewComment; isThread: boolean }) {
  const { comment, formatFrame } = props;
  const [isEditing, setIsEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const isOwn = comment.author.id === props.viewer.id;
  const canEdit = isOwn && !comment.deleted;
  const canDelete = (isOwn || props.viewer.isAdmin) && !comment.deleted;

  const edit = useMutation({
    mutationFn: (text: string) => editComment(comment.id, text),
    onSuccess: () => {
      setIsEditing(false);
      return props.onChanged();
    },
  });
  const remove = useMutation({ mutationFn: () => deleteComment(comment.id), onSuccess: props.onChanged });

  return (
    <div data-testid={props.isThread ? undefined : "comment-reply"}>
      <div className="flex items-baseline gap-2">
        {props.isThread && (
          <button
            type="button"
            data-testid="comment-jump"
            onClick={() => props.onJump(comment)}
            className="rounded bg-ink-800 px-1.5 py-0.5 font-mono text-xs text-amber-300 hover:bg-ink-700"
            aria-label={`Go to ${describeAttachTarget(comment, formatFrame)}`}
          >
            {describeAttachTarget(comment, formatFrame)}
          </button>
        )}
        <span className="font-medium text-ink-100">{comment.author.name}</span>
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
              if (e.key === "Escape") setIsEditing(false);
            }}
            className="input resize-none py-1 text-sm"
          />
          <div className="mt-1 flex justify-end gap-1">
            <button type="button" className="btn py-1 text-xs" onClick={() => setIsEditing(false)}>
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
