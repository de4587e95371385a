"use client";

import { useEffect } from "react";
import { followerRateRatio } from "./compare-mode";
import type { FrameClock } from "./frame-clock";
import { decideFollow, playheadPosition } from "./frame-lock";

/**
 * Keeps every follower clock on the leader's frame NUMBER while the leader plays (frame-lock.ts
 * decides; this applies it on each frame the leader presents). When the leader stops — paused, or
 * ended on its own — the followers stop too and are parked on the leader's frame (held on their
 * last frame when they are shorter). Seeks and steps while paused are usePlayback's: it seeks
 * every clock to the same frame and waits for each.
 */
export function useFrameLock(leader: FrameClock | null, followers: readonly FrameClock[]): void {
  useEffect(() => {
    if (!leader || followers.length === 0) return;
    const lastSeekAt = new Map<FrameClock, number>(followers.map((f) => [f, Number.NEGATIVE_INFINITY]));

    const onLeaderFrame = () => {
      const video = leader.video;
      if (video.paused || video.seeking) return;
      const leaderState = {
        position: playheadPosition(video.currentTime, leader.rate, leader.t0),
        playbackRate: video.playbackRate,
      };
      const now = performance.now();
      for (const follower of followers) {
        const action = decideFollow(
          leaderState,
          {
            position: playheadPosition(follower.video.currentTime, follower.rate, follower.t0),
            lastFrame: follower.lastFrame,
            isPaused: follower.video.paused,
            playbackRate: follower.video.playbackRate,
          },
          { rateRatio: followerRateRatio(leader.rate, follower.rate), now, lastSeekAt: lastSeekAt.get(follower) ?? 0 },
        );
        if (action.playbackRate !== null) follower.video.playbackRate = action.playbackRate;
        if (action.seekTo !== null) {
          lastSeekAt.set(follower, now);
          follower.video.currentTime = follower.seekTimeOf(action.seekTo);
        }
        if (action.play) void follower.video.play().catch(() => undefined);
      }
    };

    // A leader that ends (or is paused by anything but the transport) leaves no follower running.
    const onLeaderPause = () => {
      for (const follower of followers) {
        if (follower.video.paused) continue;
        follower.video.pause();
        void follower.seekToFrame(leader.frame, { force: true });
      }
    };

    const unsubscribe = leader.subscribe(onLeaderFrame);
    leader.video.addEventListener("pause", onLeaderPause);
    return () => {
      unsubscribe();
      leader.video.removeEventListener("pause", onLeaderPause);
    };
  }, [leader, followers]);
}
