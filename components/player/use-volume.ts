"use client";

import { useCallback, useMemo, useState } from "react";

export interface Volume {
  volume: number;
  isMuted: boolean;
  /** Sets the level; 0 also mutes, anything else unmutes. */
  setVolume: (volume: number) => void;
  toggleMute: () => void;
}

/** The player's sound: one level and a mute switch, shared by the video, the slider and M. */
export function useVolume(): Volume {
  const [volume, setLevel] = useState(1);
  const [isMuted, setIsMuted] = useState(false);
  const setVolume = useCallback((v: number) => {
    setLevel(v);
    setIsMuted(v === 0);
  }, []);
  const toggleMute = useCallback(() => setIsMuted((m) => !m), []);
  return useMemo(() => ({ volume, isMuted, setVolume, toggleMute }), [volume, isMuted, setVolume, toggleMute]);
}
