"use client";

import { useMutation } from "@tanstack/react-query";
import { ImagePlus, X } from "lucide-react";
import Image from "next/image";
import { useEffect, useMemo, useRef, useState } from "react";
import { createFrameStore, useFrameStore, type FrameStore } from "@/components/player/frame-store";
import { drawingOf } from "@/components/player/drawing-editor";
import { keyHintOf } from "@/components/player/player-keys";
import type { Drawing } from "@/lib/comments/drawing";
import { composerTargetOf, describeAttachTarget, resolveAttachTarget, type AttachTarget, type ComposerTarget } from "./composer-target";
import { DrawingControls } from "./drawing-controls";
import type { PlayerLink } from "./player-link";
import { insertMention, MentionSuggestions, mentionQueryAt, useMentionSuggestions } from "./mention-picker";
import { errorMessage, postComment, uploadCommentAttachment } from "./review-api";
import type { DrawingTarget } from "./use-drawing-session";
import { useReviewProjectId } from "./use-review-data";

const COMPOSER_ID = "comment-composer";
const MENTION_LIST_ID = "comment-composer-mentions";

/** Puts the cursor in the composer (the C key); does nothing while it is disabled. */
export function focusComposer(): void {
  document.getElementById(COMPOSER_ID)?.focus();
}

const PLAYHEAD: ComposerTarget = { kind: "playhead" };
const NEW_COMMENT: DrawingTarget = { kind: "new" };
/** The playhead of a version that cannot play yet: the composer is disabled, its line reads 0. */
const FRAME_ZERO: FrameStore = createFrameStore(0);

export interface CommentComposerProps {
  versionId: string;
  player: PlayerLink | null;
  /** Why the composer is disabled (permission or version state), shown as text; null when enabled. */
  blockedReason: string | null;
  onSent: () => Promise<unknown>;
}

/**
 * The new-comment form. It says what the comment will attach to (composer-target.ts): the in–out
 * range once both are set, otherwise the frame on screen. Focusing it pauses; Ctrl/Cmd+Enter sends.
 */
export function CommentComposer(props: CommentComposerProps) {
  const { player, blockedReason } = props;
  const [body, setBody] = useState("");
  // `@` mentions: the query being typed before the caret, the highlighted suggestion.
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  // The room's review data is already cached: it names the project whose members can be mentioned.
  const projectId = useReviewProjectId(props.versionId);
  const suggestions = useMentionSuggestions(projectId, mention?.query ?? null);
  const isPicking = mention !== null && suggestions.length > 0;
  const updateMention = (text: string, caret: number) => {
    setMention(mentionQueryAt(text, caret));
    setActiveIndex(0);
  };
  const pickMention = (member: (typeof suggestions)[number]) => {
    const textarea = textareaRef.current;
    if (!mention || !textarea) return;
    const next = insertMention(body, mention.start, textarea.selectionStart, member);
    setBody(next.text);
    setMention(null);
    requestAnimationFrame(() => textarea.setSelectionRange(next.caret, next.caret));
  };
  const inFrame = player?.playback.loop.inFrame ?? null;
  const outFrame = player?.playback.loop.outFrame ?? null;
  const target = useMemo(() => (player ? composerTargetOf({ inFrame, outFrame }) : PLAYHEAD), [player, inFrame, outFrame]);
  const pendingInFrame = target.kind === "playhead" ? inFrame : null;
  const playhead = player?.playback.frameStore ?? FRAME_ZERO;
  const formatFrame = player?.formatFrame ?? String;
  const isBlocked = blockedReason !== null;

  const session = player?.drawing ?? null;
  // The drawing made for this comment (the session may be drawing on an existing comment instead).
  const drawing = session?.target?.kind === "new" ? drawingOf(session.editor.state) : null;

  // The frame grab attached to this comment: uploaded at once (its id is what the comment sends), shown from a local URL.
  const [attachment, setAttachment] = useState<FrameAttachment | null>(null);
  const replaceAttachment = setAttachment;
  // Each preview URL is freed when it is replaced or removed, and when the composer goes away.
  useEffect(
    () => () => {
      if (attachment) URL.revokeObjectURL(attachment.previewUrl);
    },
    [attachment],
  );
  const attach = useMutation({
    mutationFn: async (): Promise<FrameAttachment> => {
      if (!player) throw new Error("The version cannot play yet: there is no frame to attach.");
      player.playback.pause();
      const png = await player.captureFrame();
      const id = await uploadCommentAttachment(props.versionId, png);
      return { id, previewUrl: URL.createObjectURL(png) };
    },
    onSuccess: replaceAttachment,
  });

  const create = useMutation({
    mutationFn: (input: { body: string; target: AttachTarget; drawing: Drawing | null; attachmentId: string | null }) =>
      postComment(props.versionId, {
        frameIn: input.target.frameIn,
        ...(input.target.frameOut !== null && input.target.frameOut !== input.target.frameIn ? { frameOut: input.target.frameOut } : {}),
        body: input.body,
        ...(input.drawing ? { drawing: input.drawing } : {}),
        ...(input.attachmentId ? { attachmentId: input.attachmentId } : {}),
      }),
    onSuccess: (_comment, input) => {
      setBody("");
      player?.playback.clearRange();
      if (input.drawing && session?.target?.kind === "new") session.discard();
      if (input.attachmentId) replaceAttachment(null);
      return props.onSent();
    },
  });

  const submit = () => {
    const text = body.trim();
    if (!text || create.isPending || attach.isPending || isBlocked) return;
    // The frame on screen now: what the composer line shows, read from the same store.
    create.mutate({ body: text, target: resolveAttachTarget(target, playhead.get()), drawing, attachmentId: attachment?.id ?? null });
  };
  const markButton = "rounded px-1.5 py-0.5 text-ink-300 hover:bg-ink-700";

  return (
    <form
      className="border-t border-ink-800 bg-ink-900 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span className="text-ink-400">{target.kind === "range" && target.frameOut !== null ? "Range" : "At"}</span>
        <span data-testid="composer-target" data-kind={target.kind} className="rounded bg-ink-800 px-1.5 py-0.5 font-mono text-ink-100">
          <TargetText target={target} playhead={playhead} format={formatFrame} />
        </span>
        {target.kind === "playhead" && <span className="text-ink-400">(playhead)</span>}
        <button type="button" className={markButton} disabled={!player} onClick={() => player?.playback.setIn(player.playback.currentFrame())} {...keyHintOf("setIn", "Set in point")}>
          In
        </button>
        <button type="button" className={markButton} disabled={!player} onClick={() => player?.playback.setOut(player.playback.currentFrame())} {...keyHintOf("setOut", "Set out point")}>
          Out
        </button>
        {player && (target.kind === "range" || pendingInFrame !== null) && (
          <button type="button" aria-label="Clear range" className="rounded p-0.5 text-ink-300 hover:bg-ink-700" onClick={player.playback.clearRange} {...keyHintOf("clearRange", "Clear range")}>
            <X size={14} aria-hidden />
          </button>
        )}
        {target.kind === "playhead" && pendingInFrame !== null && (
          <span className="basis-full text-ink-400" data-testid="composer-pending-in">
            In point {formatFrame(pendingInFrame)} set: set an out point for a range comment.
          </span>
        )}
      </div>
      <label htmlFor={COMPOSER_ID} className="sr-only">
        Comment at <TargetText target={target} playhead={playhead} format={formatFrame} />
      </label>
      <textarea
        ref={textareaRef}
        id={COMPOSER_ID}
        value={body}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isPicking}
        aria-controls={MENTION_LIST_ID}
        aria-activedescendant={isPicking ? `${MENTION_LIST_ID}-${activeIndex}` : undefined}
        onChange={(e) => {
          setBody(e.target.value);
          updateMention(e.target.value, e.target.selectionStart);
        }}
        onSelect={(e) => setMention(mentionQueryAt(e.currentTarget.value, e.currentTarget.selectionStart))}
        onBlur={() => setMention(null)}
        onFocus={player?.playback.pause}
        onKeyDown={(e) => {
          if (isPicking && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActiveIndex((i) => (i + step + suggestions.length) % suggestions.length);
          } else if (isPicking && (e.key === "Enter" || e.key === "Tab") && !e.metaKey && !e.ctrlKey) {
            e.preventDefault();
            pickMention(suggestions[Math.min(activeIndex, suggestions.length - 1)]!);
          } else if (isPicking && e.key === "Escape") {
            e.preventDefault();
            setMention(null);
          } else if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            submit();
          } else if (e.key === "Escape") {
            e.currentTarget.blur();
          }
        }}
        disabled={isBlocked}
        rows={3}
        maxLength={5000}
        placeholder={blockedReason ?? "Add a comment… (Ctrl+Enter to send, Esc to return to the player)"}
        className="input resize-none text-sm"
      />
      {session && !isBlocked && <DrawingControls session={session} target={NEW_COMMENT} onStart={session.drawForNewComment} />}
      {isPicking && <MentionSuggestions id={MENTION_LIST_ID} suggestions={suggestions} activeIndex={activeIndex} onPick={pickMention} />}
      {player && !isBlocked && (
        <div className="mt-2 flex items-center gap-2 text-xs">
          {attachment ? (
            <>
              {/* A local object URL of the PNG just grabbed: nothing for next/image to optimise. */}
              <Image
                unoptimized
                data-testid="composer-attachment"
                src={attachment.previewUrl}
                alt="Frame grab attached to this comment"
                width={160}
                height={90}
                className="h-12 w-auto rounded border border-ink-700"
              />
              <button type="button" className={markButton} onClick={() => replaceAttachment(null)} aria-label="Remove the attached frame grab">
                Remove
              </button>
            </>
          ) : (
            <button type="button" data-testid="composer-attach-frame" className={`${markButton} inline-flex items-center gap-1`} disabled={attach.isPending} onClick={() => attach.mutate()}>
              <ImagePlus size={14} aria-hidden />
              {attach.isPending ? "Attaching frame…" : "Attach frame"}
            </button>
          )}
        </div>
      )}
      {attach.isError && (
        <p role="alert" className="mt-1 text-xs text-red-300">
          {errorMessage(attach.error)}
        </p>
      )}
      {create.isError && (
        <p role="alert" className="mt-1 text-xs text-red-300">
          {errorMessage(create.error)}
        </p>
      )}
      <div className="mt-2 flex items-center justify-between">
        <span className="text-xs text-ink-400">{blockedReason}</span>
        <button type="submit" className="btn-primary py-1.5" disabled={!body.trim() || create.isPending || attach.isPending || isBlocked}>
          {create.isPending ? "Sending…" : "Comment"}
        </button>
      </div>
    </form>
  );
}

/** A frame grab uploaded for the comment being written. */
interface FrameAttachment {
  id: string;
  previewUrl: string;
}

/** The composer's target as text; only this re-renders per frame when it follows the playhead. */
function TargetText(props: { target: ComposerTarget; playhead: FrameStore; format: (frame: number) => string }) {
  const frame = useFrameStore(props.playhead);
  return <>{describeAttachTarget(resolveAttachTarget(props.target, frame), props.format)}</>;
}
