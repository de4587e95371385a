"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { ReviewRoom } from "@/components/review/review-room";
import { errorMessage } from "@/lib/api-client/api-error";
import { fetchPlaylist } from "@/lib/api-client/endpoints";
import { playlistKeys, playlistPlayPath } from "./playlist-paths";
import { PlaylistStrip } from "./playlist-strip";

/** Decisions taken on other shots (here or elsewhere) show on the strip without a reload. */
const PLAYLIST_POLL_MS = 5000;

export interface PlaylistRoomProps {
  projectId: string;
  projectName: string;
  playlistId: string;
  /** The 0-based shot the URL names (`?item=` is 1-based; clamped once the playlist is in). */
  itemIndex: number;
}

/**
 * A playlist played in the review room: the room of the current shot's version — its player, its
 * comments, its decisions, all exactly as in the version's own room — with the playlist strip under
 * the top bar. The URL names the shot (`/projects/:p/playlists/:id/play?item=N`), so previous/next
 * are navigations and the browser's back button steps back a shot.
 *
 * Auto-advance: when the shot's picture plays to its end, the next shot opens. It listens for the
 * primary video's `ended` in the capture phase (the event does not bubble) rather than reaching
 * into the player; a video the player's own loop restarts in that same event is not "ended".
 */
export function PlaylistRoom({ projectId, projectName, playlistId, itemIndex }: PlaylistRoomProps) {
  const router = useRouter();
  const playlist = useQuery({
    queryKey: playlistKeys.playlist(playlistId),
    queryFn: () => fetchPlaylist(playlistId),
    refetchInterval: PLAYLIST_POLL_MS,
  });
  const [autoAdvance, setAutoAdvance] = useState(true);
  const items = playlist.data?.items ?? [];
  const index = Math.max(0, Math.min(items.length - 1, itemIndex));
  const go = useCallback(
    (i: number) => router.push(playlistPlayPath(projectId, playlistId, i)),
    [router, projectId, playlistId],
  );

  const frame = useRef<HTMLDivElement>(null);
  const hasNext = index < items.length - 1;
  useEffect(() => {
    const element = frame.current;
    if (!element || !autoAdvance || !hasNext) return;
    const onEnded = (event: Event) => {
      const video = event.target;
      if (!(video instanceof HTMLVideoElement) || !video.closest('[data-testid="player-primary"]')) return;
      // The player's loop (in → out) restarts the video from its own `ended` listener, after this one.
      setTimeout(() => {
        if (video.paused && video.isConnected) go(index + 1);
      }, 0);
    };
    element.addEventListener("ended", onEnded, true);
    return () => element.removeEventListener("ended", onEnded, true);
  }, [autoAdvance, hasNext, index, go]);

  if (playlist.isPending) return <p className="p-6 text-ink-400">Loading playlist…</p>;
  if (playlist.isError) {
    return (
      <p role="alert" className="p-6 text-red-400">
        {errorMessage(playlist.error)}
      </p>
    );
  }
  const item = items[index];
  if (!item) return <p className="p-6 text-ink-400">This playlist is empty.</p>;
  return (
    <div ref={frame} className="contents">
      <ReviewRoom
        key={item.versionId}
        projectId={projectId}
        projectName={projectName}
        assetId={item.assetId}
        versionId={item.versionId}
        compareId={null}
        strip={
          <PlaylistStrip
            projectId={projectId}
            playlist={playlist.data}
            index={index}
            onGo={go}
            autoAdvance={autoAdvance}
            onAutoAdvance={setAutoAdvance}
          />
        }
      />
    </div>
  );
}
