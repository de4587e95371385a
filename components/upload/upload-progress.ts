/**
 * An upload's progress as the row shows it, and the meter that measures it: bytes confirmed +
 * bytes of requests in flight, speed over a sliding window, and the pause while nothing answers.
 */

export type UploadPhase = "hashing-only" | "starting" | "uploading" | "completing" | "done" | "failed" | "cancelled";

export type UploadProgress = {
  phase: UploadPhase;
  totalBytes: number;
  sentBytes: number;
  hashedBytes: number;
  /** Smoothed over the last few seconds. */
  bytesPerSecond: number;
  secondsLeft: number | null;
  /** Parts found in storage from an earlier attempt (resume). */
  resumedBytes: number;
  versionId?: string;
  /** How the bytes go: one PUT, or parts (known once the version exists). */
  mode?: "single" | "multipart";
  /**
   * Set while storage (or AXIOM) does not answer at all: the upload waits and tries again by itself
   * (`withRetries`), keeping every part already stored, until bytes move again. `reason` says what
   * does not answer, in words; `forSeconds` how long it has not.
   */
  paused: { reason: string; forSeconds: number } | null;
};

export type ProgressMeter = ReturnType<typeof createProgressMeter>;

// 5 s: long enough to smooth the sawtooth of parallel parts, short enough to follow a change of link.
const SPEED_WINDOW_MS = 5000;

export function createProgressMeter(totalBytes: number, onProgress: (p: UploadProgress) => void) {
  const state: UploadProgress = {
    phase: "starting",
    totalBytes,
    sentBytes: 0,
    hashedBytes: 0,
    bytesPerSecond: 0,
    secondsLeft: null,
    resumedBytes: 0,
    paused: null,
  };
  let pause: { reason: string; since: number } | null = null;
  let confirmed = 0;
  let uncounted = 0; // resumed bytes: sent by an earlier page, not by this link now
  const inFlight = new Map<number | string, number>();
  const samples: { t: number; bytes: number }[] = [];

  const emit = () => {
    const sent = Math.min(totalBytes, confirmed + [...inFlight.values()].reduce((a, b) => a + b, 0));
    const now = performance.now();
    samples.push({ t: now, bytes: sent - uncounted });
    while (samples.length > 2 && now - samples[0]!.t > SPEED_WINDOW_MS) samples.shift();
    const first = samples[0]!;
    const dt = (now - first.t) / 1000;
    const speed = dt > 0.5 ? (sent - uncounted - first.bytes) / dt : state.bytesPerSecond;
    state.sentBytes = sent;
    state.bytesPerSecond = Math.max(0, speed);
    state.secondsLeft = speed > 0 ? (totalBytes - sent) / speed : null;
    state.paused = pause && { reason: pause.reason, forSeconds: Math.floor((Date.now() - pause.since) / 1000) };
    onProgress({ ...state });
  };
  // Re-emit a few times a second so speed and time left decay while a part stalls.
  const timer = setInterval(emit, 500);

  return {
    update(patch: Partial<UploadProgress>) {
      Object.assign(state, patch);
      emit();
    },
    addSent(bytes: number, options: { countsForSpeed?: boolean } = {}) {
      confirmed += bytes;
      if (options.countsForSpeed === false) uncounted += bytes;
      emit();
    },
    /** A request confirmed by the store: its bytes move from in flight to confirmed. */
    finish(id: number | string, bytes: number) {
      inFlight.delete(id);
      confirmed += bytes;
      emit();
    },
    setInFlight(id: number | string, loaded: number) {
      if (loaded === 0) inFlight.delete(id);
      else inFlight.set(id, loaded);
      if (loaded > 0) pause = null; // bytes are moving again
      emit();
    },
    /** Nothing answers (`withRetries`): shown until `resume` or bytes move. Keeps when it began. */
    pause(reason: string) {
      pause = { reason, since: pause?.since ?? Date.now() };
      emit();
    },
    /** An attempt succeeded: whatever was down answers again. */
    resume() {
      if (!pause) return;
      pause = null;
      emit();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
