/**
 * The one table of what AXIOM ingests: each file extension, the content type stored (and signed into
 * the upload URL) for it, and the FFmpeg demuxer that reads it. The upload API refuses other extensions
 * (415) and the worker's ffprobe/FFmpeg `-format_whitelist` is built from the demuxers here, so the two
 * can never disagree. Camera RAW (R3D, BRAW, ARRIRAW) and image sequences are out: FFmpeg cannot read
 * them. No imports: the upload panel (a client component) builds its file picker from this too.
 *
 * A demuxer joins this table only if it never opens another file or URL: never `hls`, `concat`,
 * `ffconcat`, `image2`, `dash`, `tee` (see lib/media/hostile.int.test.ts and media-formats.test.ts).
 */
export type MediaFormat = { contentType: string; demuxer: string };

export const MEDIA_FORMATS: Readonly<Record<string, MediaFormat>> = {
  // QuickTime / ISO BMFF (FFmpeg's mov demuxer)
  mov: { contentType: "video/quicktime", demuxer: "mov" },
  mp4: { contentType: "video/mp4", demuxer: "mov" },
  m4v: { contentType: "video/x-m4v", demuxer: "mov" },
  "3gp": { contentType: "video/3gpp", demuxer: "mov" },
  "3g2": { contentType: "video/3gpp2", demuxer: "mov" },
  m4a: { contentType: "audio/mp4", demuxer: "mov" },
  m4b: { contentType: "audio/mp4", demuxer: "mov" }, // audiobook-style AAC: audio-only like .m4a
  // broadcast and camera
  mxf: { contentType: "application/mxf", demuxer: "mxf" },
  mts: { contentType: "video/mp2t", demuxer: "mpegts" },
  m2ts: { contentType: "video/mp2t", demuxer: "mpegts" },
  ts: { contentType: "video/mp2t", demuxer: "mpegts" },
  dv: { contentType: "video/dv", demuxer: "dv" },
  dif: { contentType: "video/dv", demuxer: "dv" },
  // MPEG program and elementary streams (DVD .vob, JVC camcorder .mod/.tod)
  mpg: { contentType: "video/mpeg", demuxer: "mpeg" },
  mpeg: { contentType: "video/mpeg", demuxer: "mpeg" },
  vob: { contentType: "video/mpeg", demuxer: "mpeg" },
  mod: { contentType: "video/mpeg", demuxer: "mpeg" },
  tod: { contentType: "video/mpeg", demuxer: "mpeg" },
  m2v: { contentType: "video/mpeg", demuxer: "mpegvideo" },
  y4m: { contentType: "video/x-yuv4mpeg", demuxer: "yuv4mpegpipe" },
  // other containers
  avi: { contentType: "video/x-msvideo", demuxer: "avi" },
  mkv: { contentType: "video/x-matroska", demuxer: "matroska" },
  webm: { contentType: "video/webm", demuxer: "matroska" },
  flv: { contentType: "video/x-flv", demuxer: "flv" },
  wmv: { contentType: "video/x-ms-wmv", demuxer: "asf" },
  asf: { contentType: "video/x-ms-asf", demuxer: "asf" },
  ogv: { contentType: "video/ogg", demuxer: "ogg" },
  // audio deliveries
  wav: { contentType: "audio/wav", demuxer: "wav" },
  aif: { contentType: "audio/aiff", demuxer: "aiff" },
  aiff: { contentType: "audio/aiff", demuxer: "aiff" },
  mp3: { contentType: "audio/mpeg", demuxer: "mp3" },
  flac: { contentType: "audio/flac", demuxer: "flac" },
  aac: { contentType: "audio/aac", demuxer: "aac" },
  ac3: { contentType: "audio/ac3", demuxer: "ac3" },
  eac3: { contentType: "audio/eac3", demuxer: "eac3" },
  ogg: { contentType: "audio/ogg", demuxer: "ogg" },
  oga: { contentType: "audio/ogg", demuxer: "ogg" },
  opus: { contentType: "audio/ogg", demuxer: "ogg" },
};


/** The demuxers FFmpeg may use on an upload (`-format_whitelist`): those of the table, once each. */
export const ACCEPTED_DEMUXERS: readonly string[] = [...new Set(Object.values(MEDIA_FORMATS).map((f) => f.demuxer))];

/** For `<input type="file" accept>`: every accepted extension, plus any video or audio type. */
export const MEDIA_ACCEPT_ATTRIBUTE = ["video/*", "audio/*", ...Object.keys(MEDIA_FORMATS).map((e) => `.${e}`)].join(",");
