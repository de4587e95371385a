"use client";

import { useQuery } from "@tanstack/react-query";
import { waveformPeaksSchema, type WaveformPeaks } from "@/lib/media/waveform-peaks";

/**
 * The version's waveform peaks (`renditions.waveformPeaksUrl` of the review payload), fetched once and
 * kept: a version's peaks never change. Null while loading, without a URL (no sound, or a version made
 * before peaks existed) or when the file is unreadable — the strip is an aid, never an error.
 */
export function useWaveformPeaks(peaksUrl: string | null | undefined): WaveformPeaks | null {
  const query = useQuery({
    queryKey: ["waveform-peaks", peaksUrl],
    enabled: Boolean(peaksUrl),
    staleTime: Infinity,
    retry: 1,
    queryFn: async ({ signal }) => {
      const res = await fetch(peaksUrl!, { signal, credentials: "same-origin" });
      if (!res.ok) throw new Error(`waveform ${res.status}`);
      return waveformPeaksSchema.parse(await res.json());
    },
  });
  return query.data ?? null;
}
