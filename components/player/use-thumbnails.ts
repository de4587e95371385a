"use client";

import { useQuery } from "@tanstack/react-query";
import { parseThumbnailVtt, type ThumbnailCue } from "./sprite-thumbnails";

const NO_THUMBNAILS: readonly ThumbnailCue[] = [];

/** The scrub sprite's cues (WebVTT), fetched once per URL; none while loading or when it fails. */
export function useThumbnails(spriteVttUrl: string | null): readonly ThumbnailCue[] {
  const query = useQuery({
    queryKey: ["thumbnails", spriteVttUrl],
    enabled: spriteVttUrl !== null,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      if (spriteVttUrl === null) return [];
      const res = await fetch(spriteVttUrl);
      if (!res.ok) return [];
      return parseThumbnailVtt(await res.text(), spriteVttUrl);
    },
  });
  return query.data ?? NO_THUMBNAILS;
}
