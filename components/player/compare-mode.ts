import { formatFrameRate, type FrameRate } from "@/lib/timecode";

/**
 * How two versions are compared in the review room, and how B's frames follow A's.
 *
 * A is the version the room is about (its timeline, comments and transport); B is the compare
 * version. Both are always on the same frame NUMBER (0-based, source timeline): frame n of A is
 * compared with frame n of B, whatever their rates — renders of one cut line up by frame, not by
 * seconds. Past B's last frame, B holds its last frame, and the room says so.
 */

export const COMPARE_MODES = ["side-by-side", "wipe", "overlay", "difference", "flip"] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** Which version the flip mode shows. */
export type FlipSide = "a" | "b";

export interface CompareView {
  mode: CompareMode;
  /** Only meaningful in `flip` mode; kept so that leaving and re-entering flip does not surprise. */
  flipSide: FlipSide;
}

export const DEFAULT_COMPARE_VIEW: CompareView = { mode: "side-by-side", flipSide: "a" };

/** URL query keys: `?compare=<id>&mode=difference`, `?compare=<id>&mode=flip&side=b`. */
export const COMPARE_MODE_PARAM = "mode";
export const FLIP_SIDE_PARAM = "side";

export const COMPARE_MODE_LABEL: Record<CompareMode, string> = {
  "side-by-side": "Side by side",
  wipe: "Wipe",
  overlay: "Overlay",
  difference: "Difference",
  flip: "A/B flip",
};

function isCompareMode(value: unknown): value is CompareMode {
  return typeof value === "string" && (COMPARE_MODES as readonly string[]).includes(value);
}

/** Anything with URLSearchParams' `get` (Next's ReadonlyURLSearchParams too). */
export interface SearchParamsLike {
  get(name: string): string | null;
}

/** The view named by the URL; anything missing or unknown is the default. Never throws. */
export function parseCompareView(params: SearchParamsLike): CompareView {
  const mode = params.get(COMPARE_MODE_PARAM);
  const side = params.get(FLIP_SIDE_PARAM);
  return {
    mode: isCompareMode(mode) ? mode : DEFAULT_COMPARE_VIEW.mode,
    flipSide: side === "b" ? "b" : "a",
  };
}

/**
 * `params` with the view written in (defaults left out, so a plain compare URL stays as it was);
 * every other key is kept. Returns a new URLSearchParams.
 */
export function writeCompareView(
  params: SearchParamsLike & Iterable<[string, string]>,
  view: CompareView,
): URLSearchParams {
  const next = new URLSearchParams([...params]);
  if (view.mode === DEFAULT_COMPARE_VIEW.mode) next.delete(COMPARE_MODE_PARAM);
  else next.set(COMPARE_MODE_PARAM, view.mode);
  if (view.mode === "flip" && view.flipSide === "b") next.set(FLIP_SIDE_PARAM, "b");
  else next.delete(FLIP_SIDE_PARAM);
  return next;
}

/**
 * The flip key (`compareFlip` in player-keys.ts, B): from flip mode it shows the other side; from
 * any other mode it enters flip on B.
 */
export function pressFlipKey(view: CompareView): CompareView {
  if (view.mode !== "flip") return { mode: "flip", flipSide: "b" };
  return { mode: "flip", flipSide: view.flipSide === "a" ? "b" : "a" };
}

/** What a compare side needs for the mapping: its rate and its number of frames. */
export interface CompareTimeline {
  rate: FrameRate;
  frameCount: number;
}

export interface MappedFrame {
  /** The frame B shows while A shows `frameA`. */
  frameB: number;
  /** True when A is past B's last frame and B holds its last frame. */
  isHeld: boolean;
}

/** Same frame number on both sides; past B's end, B holds its last frame. */
export function mapFrameToB(frameA: number, b: Pick<CompareTimeline, "frameCount">): MappedFrame {
  const lastB = Math.max(1, b.frameCount) - 1;
  const frame = Math.max(0, Math.round(frameA));
  return frame > lastB ? { frameB: lastB, isHeld: true } : { frameB: frame, isHeld: false };
}

/**
 * B's playback rate relative to A's while playing, so both advance one frame NUMBER per frame:
 * B's fps over A's (25 fps against 23.976 plays B at 1.0427×).
 */
export function followerRateRatio(a: FrameRate, b: FrameRate): number {
  return (b.num * a.den) / (b.den * a.num);
}

function sameRate(a: FrameRate, b: FrameRate): boolean {
  return a.num * b.den === b.num * a.den;
}

/**
 * What the room says about comparing these two (empty when they line up exactly): differing rates
 * (compared frame by frame, B's speed while playing) and differing lengths (what B does past its
 * end, or that B's tail is not reached). `labelA`/`labelB` are version labels ("v2").
 */
export function compareNotices(a: CompareTimeline, b: CompareTimeline, labelA: string, labelB: string): string[] {
  const notices: string[] = [];
  if (!sameRate(a.rate, b.rate)) {
    const percent = Math.round(followerRateRatio(a.rate, b.rate) * 1000) / 10;
    notices.push(
      `${labelA} is ${formatFrameRate(a.rate)} fps and ${labelB} is ${formatFrameRate(b.rate)} fps: frames are compared by number (frame n with frame n), so while playing ${labelB} runs at ${percent} % speed.`,
    );
  }
  if (b.frameCount < a.frameCount) {
    notices.push(
      `${labelB} is shorter (${b.frameCount} frames against ${a.frameCount}): after frame ${b.frameCount - 1} it holds its last frame.`,
    );
  } else if (b.frameCount > a.frameCount) {
    notices.push(
      `${labelB} is longer (${b.frameCount} frames against ${a.frameCount}): its frames after ${a.frameCount - 1} are not shown.`,
    );
  }
  return notices;
}

/** The line shown while A is past B's end (null otherwise). */
export function heldNotice(frameA: number, b: CompareTimeline, labelB: string): string | null {
  const mapped = mapFrameToB(frameA, b);
  return mapped.isHeld ? `${labelB} ends at frame ${mapped.frameB}: holding its last frame.` : null;
}

/** The wipe divider's position, percent of the stage width from the left; A is left of it. */
export const DEFAULT_WIPE_POSITION = 50;
/** B's opacity over A in overlay mode, percent. */
export const DEFAULT_OVERLAY_OPACITY = 50;

const clampPercent = (value: number) => Math.min(100, Math.max(0, Math.round(value * 10) / 10));

/** The divider's position after a key (null: the key is not the divider's). Shift moves 10 %. */
export function wipePositionAfterKey(position: number, key: string, isShift: boolean): number | null {
  const step = isShift ? 10 : 1;
  switch (key) {
    case "ArrowLeft":
    case "ArrowDown":
      return clampPercent(position - step);
    case "ArrowRight":
    case "ArrowUp":
      return clampPercent(position + step);
    case "PageDown":
      return clampPercent(position - 10);
    case "PageUp":
      return clampPercent(position + 10);
    case "Home":
      return 0;
    case "End":
      return 100;
    default:
      return null;
  }
}

/** The divider's position under a pointer at `clientX` over a stage spanning `left … left + width`. */
export function wipePositionAt(clientX: number, stage: { left: number; width: number }): number {
  if (stage.width <= 0) return DEFAULT_WIPE_POSITION;
  return clampPercent(((clientX - stage.left) / stage.width) * 100);
}
