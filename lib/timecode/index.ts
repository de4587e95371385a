export { TimecodeError, type TimecodeErrorCode } from "./errors";
export {
  FRAME_RATES,
  assertValidFrameRate,
  formatFrameRate,
  nominalRate,
  parseFrameRate,
  supportsDropFrame,
  type FrameRate,
} from "./frame-rate";
export {
  fieldsToFrameCount,
  formatTimecode,
  frameCountToFields,
  framesPerDay,
  isDropFrameNotation,
  parseTimecode,
  type TimecodeClock,
  type TimecodeFields,
} from "./smpte";
export { frameToTimecode, timecodeToFrame, type SourceTimecodeOptions } from "./source-timecode";
export { frameSeekTime, frameToSeconds, secondsToFrame } from "./media-time";
export { FRAME_READOUT_MODES, formatFrameReadout, type FrameReadoutMode } from "./format-frame-readout";
export { normaliseSeparators, timecodeOptionsOf } from "./version-timecode";
