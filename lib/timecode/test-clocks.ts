import { FRAME_RATES } from "./frame-rate";
import type { TimecodeClock } from "./smpte";

/** Every rate/mode pair AXIOM supports, named as in the test titles. Shared by the test files. */
export const SUPPORTED_CLOCKS: ReadonlyArray<readonly [string, TimecodeClock]> = [
  ["23.976", { rate: FRAME_RATES["23.976"], dropFrame: false }],
  ["24", { rate: FRAME_RATES["24"], dropFrame: false }],
  ["25", { rate: FRAME_RATES["25"], dropFrame: false }],
  ["29.97 DF", { rate: FRAME_RATES["29.97"], dropFrame: true }],
  ["29.97 NDF", { rate: FRAME_RATES["29.97"], dropFrame: false }],
  ["30", { rate: FRAME_RATES["30"], dropFrame: false }],
  ["50", { rate: FRAME_RATES["50"], dropFrame: false }],
  ["59.94 DF", { rate: FRAME_RATES["59.94"], dropFrame: true }],
  ["59.94 NDF", { rate: FRAME_RATES["59.94"], dropFrame: false }],
  ["60", { rate: FRAME_RATES["60"], dropFrame: false }],
];
