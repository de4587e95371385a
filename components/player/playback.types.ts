import type { FrameStore } from "./frame-store";
import type { LoopRange } from "./loop-range";
import type { PlaybackRate } from "./playback-rate";

/** What `usePlayback` gives the room: the transport's state and its commands, read by the player's parts. */
export interface Playback {
  /** True once every clock has measured its t0 and can seek by frame. */
  isReady: boolean;
  /**
   * Frame on screen in the primary player (source timeline, 0-based), as a store: render it with
   * `useFrameStore`, read it in handlers with `currentFrame()`. Not React state of the whole
   * workspace, so playback re-renders only what shows the frame.
   */
  frameStore: FrameStore;
  currentFrame: () => number;
  frameCount: number;
  isPlaying: boolean;
  /** Shuttle speed: positive forward, negative reverse, 0 stopped. */
  speed: number;
  /**
   * The rate Play uses (0.25×, 0.5×, 1×, 2×; pitch kept). Choosing one while playing applies it at once,
   * in the direction of play; the J/L shuttle keeps its own 1/2/4/8 ladder.
   */
  rate: PlaybackRate;
  setRate: (rate: PlaybackRate) => void;
  /** Seeks in flight (exposed for tests as data-busy). */
  isBusy: boolean;
  loop: LoopRange;
  seek: (frame: number) => Promise<number>;
  step: (delta: number) => Promise<number>;
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  shuttleForward: () => void;
  shuttleReverse: () => void;
  setIn: (frame: number | null) => void;
  setOut: (frame: number | null) => void;
  toggleLoop: () => void;
  clearRange: () => void;
}
