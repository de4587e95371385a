/**
 * The arguments every FFmpeg/ffprobe input carries before its `-i`: which protocols, demuxers and decoders
 * it may use. Uploads get the tables of media-formats.ts; runs that read our own outputs get narrower ones.
 */
import { ACCEPTED_DECODERS, ACCEPTED_DEMUXERS } from "./media-formats";

/**
 * Demuxers we accept, passed to ffprobe/ffmpeg as `-format_whitelist` *before* `-i`: those of the one
 * table of ingestible formats (`media-formats.ts`), so upload policy and worker never disagree.
 *
 * Why a whitelist at all (docs/measurements.md, "Broken and hostile input"): with only
 * `-protocol_whitelist file`, an uploaded HLS playlist or ffconcat list that points at another local
 * media file is still followed, so a hostile upload could make the worker read (and publish a proxy of) any media file next to it. With this list,
 * `hls`, `concat`, `image2`, `lavfi`, `tee`, `data` etc. are refused and probing fails as corrupt input.
 * FFmpeg matches a demuxer by any of its names ("mov" admits "mov,mp4,m4a,3gp,3g2,mj2").
 *
 * Deliberately NOT accepted: raw H.264/HEVC/MPEG-4 elementary streams (`h264`, `hevc`, `m4v`) — they
 * carry no timing, FFmpeg guesses 25 fps and there is no timecode, so the proxy's frame numbers would
 * silently be wrong (MPEG-2's `mpegvideo` is accepted: its sequence header states the rate); image
 * sequences; playlists of any kind.
 */
export const acceptedInputFormats: readonly string[] = ACCEPTED_DEMUXERS;

export const formatWhitelistArg = acceptedInputFormats.join(",");

/** The ISO BMFF demuxers, for reading back our own MP4 outputs (QC, the proxy remux). */
export const mp4FormatWhitelist = "mov,mp4,m4a,3gp,3g2,mj2";

/** Decoders an upload may open (media-formats.ts): the well-trodden production codecs only. */
export const codecWhitelistArg = ACCEPTED_DECODERS.join(",");

/**
 * Arguments every FFmpeg/ffprobe input must carry before its `-i`: by default those that read an upload;
 * runs that read our own outputs narrow `formats` and `codecs` (and the remux adds `concatf` to `protocols`).
 */
export function hardenedInputArgs(
  formats: string = formatWhitelistArg,
  protocols = "file",
  codecs: string = codecWhitelistArg,
): string[] {
  return ["-protocol_whitelist", protocols, "-format_whitelist", formats, "-codec_whitelist", codecs];
}

/**
 * The worker's feed of a master it is still downloading (lib/processing/master-feed.ts): plain HTTP on the
 * loopback interface, a random token as the whole path. Nothing else an input could name matches.
 */
const MASTER_FEED_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}\/[A-Za-z0-9_-]{32,}$/;

export function isMasterFeedUrl(input: string): boolean {
  return MASTER_FEED_URL.test(input);
}

/**
 * The hardened arguments for an input that is an upload: a local file (`file` only), or the worker's
 * loopback feed of it (`http,tcp` only — then no local file at all can be opened, and the demuxers of
 * `formatWhitelistArg` follow no references to other URLs: the mov demuxer's `enable_drefs` is off).
 */
export function uploadInputArgs(input: string): string[] {
  return hardenedInputArgs(formatWhitelistArg, isMasterFeedUrl(input) ? "http,tcp" : "file");
}

/** Decoders for reading back our own outputs: H.264 + AAC in MP4, JPEG and PNG images. */
export const ownOutputCodecs = "h264,aac,mjpeg,png";
