"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { drawingOf } from "@/components/player/drawing-editor";
import type { Playback } from "@/components/player/playback.types";
import { DrawingControls } from "@/components/review/drawing-controls";
import type { DrawingSession, DrawingTarget } from "@/components/review/use-drawing-session";
import { errorMessage } from "@/lib/api-client/api-error";
import { postGuestComment } from "@/lib/api-client/endpoints";
import type { GuestComment } from "@/lib/review-links/review-link.types";
import { guestKeys } from "./guest-keys";

export const GUEST_COMPOSER_ID = "guest-comment-body";
const NEW_COMMENT: DrawingTarget = { kind: "new" };

export interface GuestCommentsProps {
  linkId: string;
  versionId: string;
  comments: readonly GuestComment[];
  playback: Playback;
  format: (frame: number) => string;
  canComment: boolean;
  /** The room's drawing session: what the guest draws goes with the comment being written. */
  drawing: DrawingSession;
  onJump: (comment: GuestComment) => void;
}

/**
 * The guest's side panel: the version's notes (names only; guests marked) and, when the link
 * allows, a composer that notes the frame on screen — or the in/out range when one is marked
 * (I and O, as in the room) — with the room's Draw toggle and toolbar for a drawing on it.
 */
export function GuestComments(props: GuestCommentsProps) {
  const { playback, drawing: session } = props;
  const drawing = session.target?.kind === "new" ? drawingOf(session.editor.state) : null;
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const post = useMutation({
    mutationFn: () => {
      const { inFrame, outFrame } = playback.loop;
      const isRange = inFrame !== null && outFrame !== null && outFrame > inFrame;
      const frameIn = isRange ? inFrame : playback.currentFrame();
      return postGuestComment(props.linkId, props.versionId, { frameIn, frameOut: isRange ? outFrame : null, body, ...(drawing && { drawing }) });
    },
    onSuccess: () => {
      setBody("");
      if (session.target?.kind === "new") session.discard();
      void queryClient.invalidateQueries({ queryKey: guestKeys.comments(props.linkId, props.versionId) });
    },
  });
  const { inFrame, outFrame } = playback.loop;
  const target =
    inFrame !== null && outFrame !== null && outFrame > inFrame ? `range ${props.format(inFrame)} – ${props.format(outFrame)}` : "the frame on screen";
  return (
    <aside aria-label="Comments" className="flex w-80 shrink-0 flex-col border-l border-ink-800 bg-ink-900">
      <h2 className="border-b border-ink-800 px-3 py-2 font-semibold">Comments</h2>
      <ol className="min-h-0 flex-1 space-y-2 overflow-y-auto p-3" data-testid="guest-comment-list">
        {props.comments.length === 0 && <li className="text-ink-400">No comments yet.</li>}
        {props.comments.map((c) => (
          <li key={c.id} className="rounded border border-ink-800 bg-ink-950 p-2" data-testid="guest-comment">
            <button type="button" className="font-mono text-xs text-accent-400 hover:underline" onClick={() => props.onJump(c)}>
              {props.format(c.frameIn)}
              {c.frameOut !== null && ` – ${props.format(c.frameOut)}`}
            </button>
            <p className="mt-0.5 text-xs text-ink-300">
              {c.authorName}
              {c.authorIsGuest && " (guest)"}
            </p>
            <p className="mt-1 whitespace-pre-wrap break-words text-ink-100">{c.body}</p>
          </li>
        ))}
      </ol>
      {props.canComment ? (
        <form
          className="border-t border-ink-800 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) post.mutate();
          }}
        >
          <label htmlFor={GUEST_COMPOSER_ID} className="mb-1 block text-ink-200">
            Comment on {target}
          </label>
          <textarea
            id={GUEST_COMPOSER_ID}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={5000}
            rows={3}
            className="w-full rounded border border-ink-600 bg-ink-950 p-2"
          />
          <DrawingControls session={session} target={NEW_COMMENT} onStart={session.drawForNewComment} />
          {post.isError && (
            <p role="alert" className="text-red-400">
              {errorMessage(post.error)}
            </p>
          )}
          <button type="submit" className="btn mt-2" disabled={!body.trim() || post.isPending || !playback.isReady}>
            Add comment
          </button>
        </form>
      ) : (
        <p className="border-t border-ink-800 p-3 text-ink-400">This link is for watching only.</p>
      )}
    </aside>
  );
}
