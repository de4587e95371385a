export { MediaError, isMediaError, mediaErrorCodes, classifyFfmpegFailure, type MediaErrorCode } from "./errors";
export {
  probeMedia, factsFromProbe, parseProbeJson, acceptedInputFormats, hardenedInputArgs,
  type MediaFacts, type VideoFacts, type AudioFacts, type ProbeOptions, type Rotation,
} from "./ffprobe";
export {
  planRenditions, parseMediaConfig, mediaConfigSchema, chooseFrameRate,
  type MediaConfig, type MediaConfigInput, type RenditionPlan,
} from "./rendition-plan";
export { buildTranscodeArgs, buildSpriteSheetArgs, runFfmpeg, buildThumbnailsVtt, createProgressParser, transcodeOutputs, type FfmpegResult } from "./ffmpeg";
export { runQc, evaluateQc, type QcReport, type QcCheck } from "./qc";
export {
  transcodeToRenditions, type TranscodeParams, type TranscodeResult, type ProducedRendition, type RenditionKind,
} from "./transcode-to-renditions";
export { type Rational, parseRational, formatRational } from "./rational";
