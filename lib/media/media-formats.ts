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

/**
 * Decoders FFmpeg may open on an upload (`-codec_whitelist`, matched against decoder names): the codecs
 * productions deliver, plus the subtitle/caption decoders ffprobe opens while reading a file's streams
 * (a file with a caption track must not be refused for it). Everything else — the long tail of game,
 * screen-capture and legacy codecs FFmpeg can parse, where most decoder bugs are found — is refused as
 * `unsupported_codec` ("Codec (x) not on whitelist"). A smaller attack surface for hostile uploads.
 */
export const ACCEPTED_DECODERS: readonly string[] = [
  // camera, mezzanine and editorial video
  "h264", "hevc", "prores", "dnxhd", "cfhd", "mjpeg", "mjpegb", "jpeg2000", "ffv1", "ffvhuff", "huffyuv", "utvideo", "magicyuv", "hap",
  "mpeg1video", "mpeg2video", "mpegvideo", "mpeg4", "msmpeg4v1", "msmpeg4v2", "msmpeg4", "h263", "h263p", "h263i",
  "dvvideo", "vp8", "libvpx", "vp9", "libvpx-vp9", "libdav1d", "libaom-av1", "av1", "theora", "flv", "vp6f", "vp6", "vp6a",
  "wmv1", "wmv2", "wmv3", "vc1", "svq1", "svq3", "qtrle",
  // uncompressed video in MOV/MXF/AVI/Y4M
  "rawvideo", "v210", "v210x", "v308", "v408", "v410", "r210", "r10k", "012v", "yuv4", "ayuv", "y41p", "avrp", "avui",
  // cover art
  "png",
  // audio
  "aac", "aac_fixed", "aac_latm", "ac3", "ac3_fixed", "eac3", "truehd", "mlp", "dca", "dolby_e", "s302m",
  "flac", "alac", "opus", "libopus", "vorbis", "libvorbis", "mp1", "mp1float", "mp2", "mp2float", "mp3", "mp3float",
  "wmav1", "wmav2", "wmapro", "wmalossless", "amrnb", "amrwb", "dvaudio", "adpcm_ima_qt", "adpcm_ima_wav", "adpcm_ms",
  "pcm_alaw", "pcm_mulaw", "pcm_bluray", "pcm_dvd", "pcm_f16le", "pcm_f24le", "pcm_f32be", "pcm_f32le", "pcm_f64be", "pcm_f64le",
  "pcm_lxf", "pcm_s8", "pcm_s8_planar", "pcm_s16be", "pcm_s16be_planar", "pcm_s16le", "pcm_s16le_planar", "pcm_s24be",
  "pcm_s24daud", "pcm_s24le", "pcm_s24le_planar", "pcm_s32be", "pcm_s32le", "pcm_s32le_planar", "pcm_s64be", "pcm_s64le",
  "pcm_u8", "pcm_u16be", "pcm_u16le", "pcm_u24be", "pcm_u24le", "pcm_u32be", "pcm_u32le",
  // captions and subtitles (opened while probing, never decoded into outputs)
  "mov_text", "subrip", "srt", "ass", "ssa", "webvtt", "text", "dvbsub", "dvdsub", "pgssub", "cc_dec", "libzvbi_teletextdec",
];
