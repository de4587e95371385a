/**
 * Pure helpers of the live preview (docs/processing.md, "Watch while it encodes"): reading FFmpeg's
 * media playlists while it still writes them, and writing the EVENT playlists the room plays from
 * before the version is READY. Text in, text out; no files, no storage.
 */

export interface FinishedSegment {
  /** As FFmpeg wrote it: relative to the rung's directory (`seg_00000.m4s`). */
  uri: string;
  durationSeconds: number;
}

export interface GrowingPlaylist {
  /** `#EXT-X-MAP` (the fMP4 init segment; FFmpeg names it `init_<n>.mp4` with several variants). */
  mapUri: string | null;
  targetDurationSeconds: number | null;
  /** Segments FFmpeg has closed, in order. */
  segments: FinishedSegment[];
  /** `#EXT-X-ENDLIST` is there: FFmpeg finished this variant. */
  isEnded: boolean;
}

/**
 * The segments a media playlist lists, read while FFmpeg may be rewriting it. FFmpeg's hls muxer
 * rewrites each variant's playlist *in place* after closing every segment (`-hls_playlist_type
 * event`; with `vod` and several variants FFmpeg 5.1 writes them only at the end), so a read can catch it half-written: only lines ended by a
 * newline count, and a segment counts only with its `#EXTINF` before it. A segment listed is closed:
 * FFmpeg adds it after writing its last byte.
 */
export function parseGrowingPlaylist(text: string): GrowingPlaylist {
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  const result: GrowingPlaylist = { mapUri: null, targetDurationSeconds: null, segments: [], isEnded: false };
  let pendingDuration: number | null = null;
  for (const raw of complete.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const target = /^#EXT-X-TARGETDURATION:(\d+)/.exec(line);
    if (target?.[1]) result.targetDurationSeconds = Number(target[1]);
    const map = /^#EXT-X-MAP:.*URI="([^"]+)"/.exec(line);
    if (map?.[1]) result.mapUri = map[1];
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf?.[1]) pendingDuration = Number(inf[1]);
    if (line === "#EXT-X-ENDLIST") result.isEnded = true;
    if (!line.startsWith("#") && pendingDuration !== null) {
      result.segments.push({ uri: line, durationSeconds: pendingDuration });
      pendingDuration = null;
    }
  }
  return result;
}

/**
 * A finished variant playlist as a VOD one: FFmpeg writes the ladder as `EVENT` playlists (so that they
 * grow segment by segment while it encodes) and ends them with `#EXT-X-ENDLIST`; the final ladder says
 * `VOD`, as it did before the preview existed. Only the type line changes.
 */
export function asVodPlaylist(text: string): string {
  return text.replace(/^#EXT-X-PLAYLIST-TYPE:EVENT$/m, "#EXT-X-PLAYLIST-TYPE:VOD");
}

/**
 * One variant's preview playlist: an `EVENT` playlist (segments are only ever appended, so a player
 * may start at 0 and keep everything it loaded) listing the segments already in the store, under
 * `uriPrefix` (the preview playlists live beside, not inside, the ladder's directory), and
 * `#EXT-X-ENDLIST` once the encode has finished. The target duration is FFmpeg's when known, else
 * the longest segment rounded up (HLS requires every EXTINF ≤ it).
 */
export function buildPreviewMediaPlaylist(params: {
  mapUri: string;
  segments: readonly FinishedSegment[];
  targetDurationSeconds: number | null;
  isEnded: boolean;
  uriPrefix: string;
}): string {
  const longest = Math.ceil(Math.max(1, ...params.segments.map((s) => s.durationSeconds)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:7",
    `#EXT-X-TARGETDURATION:${Math.max(params.targetDurationSeconds ?? 0, longest)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:EVENT",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    `#EXT-X-MAP:URI="${params.uriPrefix}${params.mapUri}"`,
  ];
  for (const s of params.segments)
    lines.push(`#EXTINF:${s.durationSeconds.toFixed(6)},`, `${params.uriPrefix}${s.uri}`);
  if (params.isEnded) lines.push("#EXT-X-ENDLIST");
  return lines.join("\n") + "\n";
}

export interface PreviewVariant {
  /** The variant's preview playlist, relative to the master. */
  uri: string;
  width: number;
  height: number;
  /** Peak bits per second the variant may take (its planned cap plus the audio). */
  bandwidth: number;
  /** RFC 6381 codec of the video (`avc1.64001f`), when known. */
  videoCodec: string | null;
}

/**
 * The preview's master playlist: the video variants and, when there is sound, the audio rendition
 * in its own group — the same shape as FFmpeg's final master (which FFmpeg 5.1 writes only at the
 * end, hence written here from the plan).
 */
export function buildPreviewMasterPlaylist(params: {
  variants: readonly PreviewVariant[];
  audioUri: string | null;
}): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"];
  if (params.audioUri) {
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,URI="${params.audioUri}"`,
    );
  }
  for (const v of params.variants) {
    const codecs = [v.videoCodec, params.audioUri ? "mp4a.40.2" : null].filter((c): c is string => c !== null);
    const attributes = [
      `BANDWIDTH=${v.bandwidth}`,
      `RESOLUTION=${v.width}x${v.height}`,
      // Without the video's codec the list would name only the audio's: leave CODECS out then (players probe).
      ...(v.videoCodec ? [`CODECS="${codecs.join(",")}"`] : []),
      ...(params.audioUri ? ['AUDIO="aud"'] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(",")}`, v.uri);
  }
  return lines.join("\n") + "\n";
}

/**
 * The RFC 6381 name of the H.264 stream an fMP4 init segment describes (`avc1.PPCCLL` from its `avcC`
 * box: profile, constraint flags, level), or null when it has none.
 */
export function avcCodecOfInitSegment(init: Uint8Array): string | null {
  const at = Buffer.from(init.buffer, init.byteOffset, init.byteLength).indexOf("avcC", 0, "latin1");
  // After the fourcc: configurationVersion (1), then profile, constraints and level.
  if (at < 0 || at + 8 > init.byteLength) return null;
  const hex = (n: number) => (init[at + 4 + n] ?? 0).toString(16).padStart(2, "0");
  return `avc1.${hex(1)}${hex(2)}${hex(3)}`;
}
