"use client";

import { useEffect, useMemo, useRef, useState, type Dispatch } from "react";
import type { Drawing } from "@/lib/comments/drawing";
import { previewOf, type DrawingEditorAction, type DrawingEditorState } from "./drawing-editor";
import { renderDrawing, toPicture, toPixels, type PixelRect } from "./drawing-render";
import { pictureRect } from "./picture-rect";

export interface DrawingCanvasProps {
  /** The <video> the drawings lie on (`FrameClock.video`); the canvas covers its box exactly. */
  video: HTMLVideoElement | null;
  /** The drawings to show, already chosen for the frame on screen (`drawingsVisibleAt`). */
  drawings: readonly Drawing[];
  /** While set, pointer input draws into this editor and its shapes are shown over `drawings`. */
  editor?: { state: DrawingEditorState; dispatch: Dispatch<DrawingEditorAction> } | null;
  /** Sample aspect ratio of the decoded video: 1 for AXIOM's renditions (square pixels). */
  pixelAspect?: number;
}

/** The video element's box (relative to its offset parent, which the canvas shares) and the screen's pixel density. */
interface Layout {
  left: number;
  top: number;
  width: number;
  height: number;
  dpr: number;
  videoWidth: number;
  videoHeight: number;
}

function measure(video: HTMLVideoElement): Layout {
  return {
    left: video.offsetLeft,
    top: video.offsetTop,
    width: video.clientWidth,
    height: video.clientHeight,
    dpr: window.devicePixelRatio || 1,
    videoWidth: video.videoWidth,
    videoHeight: video.videoHeight,
  };
}
const sameLayout = (a: Layout | null, b: Layout) => a !== null && (Object.keys(b) as (keyof Layout)[]).every((k) => a[k] === b[k]);

/** Keeps `Layout` current: element resizes, new video dimensions (level switch, load), and moves between screens. */
function useVideoLayout(video: HTMLVideoElement | null): Layout | null {
  const [layout, setLayout] = useState<Layout | null>(null);
  useEffect(() => {
    if (!video) return;
    let media: MediaQueryList | null = null;
    const update = () => {
      const next = measure(video);
      setLayout((prev) => (sameLayout(prev, next) ? prev : next));
      // devicePixelRatio changes (zoom, another screen) fire no resize: watch the current ratio.
      media?.removeEventListener("change", update);
      media = window.matchMedia(`(resolution: ${next.dpr}dppx)`);
      media.addEventListener("change", update);
    };
    const observer = new ResizeObserver(update);
    observer.observe(video);
    video.addEventListener("loadedmetadata", update);
    video.addEventListener("resize", update);
    update();
    return () => {
      observer.disconnect();
      video.removeEventListener("loadedmetadata", update);
      video.removeEventListener("resize", update);
      media?.removeEventListener("change", update);
    };
  }, [video]);
  return layout;
}

/**
 * A <canvas> over a <video> showing drawings on the picture (not on the letterbox bars), sharp at
 * any devicePixelRatio. In edit mode it takes pointer input for the drawing editor and opens a
 * text field where a text label goes; otherwise it lets every pointer event through to the player.
 * Place it as a sibling of the video inside the same positioned element.
 */
export function DrawingCanvas({ video, drawings, editor, pixelAspect = 1 }: DrawingCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layout = useVideoLayout(video);
  const picture: PixelRect | null = useMemo(
    () => (layout ? pictureRect(layout, { width: layout.videoWidth, height: layout.videoHeight }, pixelAspect) : null),
    [layout, pixelAspect],
  );
  const editorState = editor?.state ?? null;
  const preview = useMemo(() => (editorState ? previewOf(editorState) : null), [editorState]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || !layout) return;
    const width = Math.round(layout.width * layout.dpr);
    const height = Math.round(layout.height * layout.dpr);
    // Resizing the backing store clears it; only do it when the size really changed.
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    ctx.setTransform(layout.dpr, 0, 0, layout.dpr, 0, 0);
    ctx.clearRect(0, 0, layout.width, layout.height);
    if (!picture) return;
    for (const drawing of drawings) renderDrawing(ctx, drawing, picture);
    if (preview) renderDrawing(ctx, preview, picture);
  }, [layout, picture, drawings, preview]);

  const isEditing = Boolean(editor && picture);
  const pointAt = (e: { clientX: number; clientY: number }) => {
    const bounds = canvasRef.current!.getBoundingClientRect();
    return toPicture(e.clientX - bounds.left, e.clientY - bounds.top, picture!);
  };
  const shapeCount = drawings.reduce((n, d) => n + d.shapes.length, 0) + (preview?.shapes.length ?? 0);
  const textAt = editor?.state.pendingTextAt && picture ? toPixels(editor.state.pendingTextAt, picture) : null;

  return (
    <>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={isEditing ? "Drawing area: drag on the picture to draw" : `Drawings on this frame: ${shapeCount} shapes`}
        hidden={!layout}
        data-testid="drawing-canvas"
        className={isEditing ? "pointer-events-auto cursor-crosshair touch-none" : "pointer-events-none"}
        style={layout ? { position: "absolute", left: layout.left, top: layout.top, width: layout.width, height: layout.height } : undefined}
        onPointerDown={
          isEditing
            ? (e) => {
                if (e.button !== 0) return;
                // No mousedown to follow: it would move focus away from the text field this may open.
                e.preventDefault();
                // The comment's textarea keeps focus otherwise, and would take Ctrl/⌘+Z as its own undo.
                if (document.activeElement instanceof HTMLTextAreaElement) document.activeElement.blur();
                e.currentTarget.setPointerCapture(e.pointerId);
                editor!.dispatch({ type: "pointerDown", point: pointAt(e) });
              }
            : undefined
        }
        onPointerMove={
          isEditing
            ? (e) => {
                if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
                // Every sample since the last frame, not just the last: smooth strokes on fast pens.
                for (const sample of e.nativeEvent.getCoalescedEvents?.() ?? [e.nativeEvent]) {
                  editor!.dispatch({ type: "pointerMove", point: pointAt(sample) });
                }
              }
            : undefined
        }
        onPointerUp={isEditing ? (e) => editor!.dispatch({ type: "pointerUp", point: pointAt(e) }) : undefined}
        onPointerCancel={isEditing ? () => editor!.dispatch({ type: "pointerCancel" }) : undefined}
      />
      {editor && layout && textAt && (
        <TextLabelField
          key={`${textAt[0]},${textAt[1]}`}
          left={layout.left + textAt[0]}
          top={layout.top + textAt[1]}
          onCommit={(text) => editor.dispatch({ type: "commitText", text })}
          onCancel={() => editor.dispatch({ type: "cancelText" })}
        />
      )}
    </>
  );
}

/** The one-line field where a text label is typed: Enter (or leaving the field) places it, Escape drops it. */
function TextLabelField(props: { left: number; top: number; onCommit: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState("");
  return (
    <input
      autoFocus
      aria-label="Text to place on the frame (Enter to place, Escape to cancel)"
      data-testid="drawing-text-field"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") props.onCommit(text);
        else if (e.key === "Escape") props.onCancel();
        // Typed letters are text, not player shortcuts.
        e.stopPropagation();
      }}
      onBlur={() => props.onCommit(text)}
      className="pointer-events-auto z-10 w-56 rounded border border-accent-400 bg-ink-900/90 px-1.5 py-0.5 text-sm text-ink-100"
      style={{ position: "absolute", left: props.left, top: props.top }}
    />
  );
}
