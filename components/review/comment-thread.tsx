"use client";

import { useMutation } from "@tanstack/react-query";
import { CircleCheck, CornerDownRight, RotateCcw } from "lucide-react";
import { useState } from "react";
import { CommentItem, type ThreadScope } from "./comment-item";
import { describeAttachTarget } from "./composer-target";
import { errorMessage, postComment, setCommentResolved, type ReviewComment } from "./review-api";

/** A top-level comment with its replies, Reply (its own small composer) and Resolve / Reopen. */
export function CommentThread(props: { thread: ReviewComment; replies: readonly ReviewComment[]; isSelected: boolean; scope: ThreadScope }) {
  const { thread, replies, isSelected, scope } = props;
  const [isReplying, setIsReplying] = useState(false);
  const [reply, setReply] = useState("");
  const target = describeAttachTarget(thread, scope.formatFrame);

  const resolve = useMutation({
    mutationFn: (resolved: boolean) => setCommentResolved(thread.id, resolved),
    onSuccess: scope.onChanged,
  });
  const sendReply = useMutation({
    mutationFn: (text: string) => postComment(scope.versionId, { frameIn: thread.frameIn, body: text, parentId: thread.id }),
    onSuccess: () => {
      setReply("");
      setIsReplying(false);
      return scope.onChanged();
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
      <CommentItem comment={thread} isThread scope={scope} />
      {replies.length > 0 && (
        <ol className="mt-2 space-y-2 border-l border-ink-700 pl-3">
          {replies.map((r) => (
            <li key={r.id}>
              <CommentItem comment={r} isThread={false} scope={scope} />
            </li>
          ))}
        </ol>
      )}
      <div className="mt-1.5 flex flex-wrap items-center gap-1 text-xs">
        {!thread.deleted && scope.canComment && (
          <button type="button" className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-ink-300 hover:bg-ink-700" onClick={() => setIsReplying((v) => !v)}>
            <CornerDownRight size={12} aria-hidden /> Reply
          </button>
        )}
        {!thread.deleted && scope.canResolve && (
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
