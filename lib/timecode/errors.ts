/**
 * Why a timecode, frame rate or frame number was refused. The module stays free of app imports so the
 * player can bundle it; an edge that takes user input maps any `TimecodeError` to `validation_failed`.
 *
 * - `invalid_frame_rate`: numerator/denominator not positive integers, or an unparseable "num/den".
 * - `unsupported_drop_frame`: drop-frame asked for at a rate other than 29.97 or 59.94.
 * - `malformed_timecode`: not `HH:MM:SS:FF` / `HH:MM:SS;FF`, or the wrong separators for the mode.
 * - `field_out_of_range`: hours ≥ 24, minutes or seconds ≥ 60, frames ≥ the nominal rate.
 * - `dropped_frame_number`: a drop-frame label that does not exist (e.g. `00:01:00;00` at 29.97).
 * - `invalid_frame`: a frame number that is not a safe integer.
 * - `invalid_time`: a time in seconds that is not a finite number.
 */
export type TimecodeErrorCode =
  | "invalid_frame_rate"
  | "unsupported_drop_frame"
  | "malformed_timecode"
  | "field_out_of_range"
  | "dropped_frame_number"
  | "invalid_frame"
  | "invalid_time";

export class TimecodeError extends Error {
  readonly code: TimecodeErrorCode;

  constructor(code: TimecodeErrorCode, message: string) {
    super(message);
    this.name = "TimecodeError";
    this.code = code;
  }
}
