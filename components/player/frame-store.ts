import { useSyncExternalStore } from "react";

/**
 * The frame on screen, as a tiny external store. The player publishes every presented frame here
 * instead of into React state of the whole review workspace, so only the parts that draw the frame
 * (readout, playhead, composer target) re-render while playing (useSyncExternalStore), and the
 * comment threads do not.
 */
export interface FrameStore {
  get: () => number;
  subscribe: (listener: () => void) => () => void;
}

export interface WritableFrameStore extends FrameStore {
  set: (frame: number) => void;
}

export function createFrameStore(initial = 0): WritableFrameStore {
  let frame = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => frame,
    set: (next) => {
      if (next === frame) return;
      frame = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The store's frame, re-rendering the calling component (only) when it changes. */
export function useFrameStore(store: FrameStore): number {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
