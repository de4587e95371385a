import type { ProcessingErrorCode, ProcessingState, RenditionKind, ReviewState } from "@/db/enums";
import type { DecisionView } from "@/lib/decisions/decision-view.types";
import type { Note } from "@/lib/exports/notes-report";
import type { FrameRate } from "@/lib/timecode/frame-rate";
import type { UserRef } from "@/lib/users/user-ref.types";

/**
 * What AXIOM knows about an asset and its versions, as plain data: the input of `toOmcDocument`
 * (lib/omc/to-omc-document.ts). The loader (lib/omc/load-omc-source.ts) reads it from the database
 * with the caller's permission; tests build it by hand. Null means "AXIOM does not know" (not probed
 * yet, a failed probe, an audio-only file): the mapping leaves such facts out of the document.
 */
export type OmcSource = {
  /** The app's public origin (`https://axiom.example.com`): identifier URLs are absolute. */
  appUrl: string;
  project: { id: string; name: string; code: string };
  asset: { id: string; name: string; createdAt: string };
  /**
   * Every numbered version of the asset, oldest first, exported or not: the revision links
   * (`RevisionOf`, `Revision`) name the neighbours of an exported version even when the document
   * carries only that one.
   */
  revisionChain: readonly { id: string; number: number }[];
  /** The versions the document describes in full, oldest first (one for a version export). */
  versions: readonly OmcVersionSource[];
};

export type OmcRenditionSource = {
  id: string;
  kind: RenditionKind;
  /** Path below the version's media route (`proxy.mp4`, `hls/master.m3u8`). */
  mediaPath: string;
  contentType: string;
  width: number | null;
  height: number | null;
  /** Bits per second. */
  bitrate: number | null;
  sizeBytes: number;
  sha256: string;
};

export type OmcVersionSource = {
  id: string;
  /** Null until the upload completes. */
  number: number | null;
  originalFileName: string;
  contentType: string;
  sizeBytes: number;
  /** The SHA-256 the worker computed from the stored master (null until then). */
  sha256: string | null;
  uploadedBy: UserRef;
  uploadedAt: string | null;
  processingStartedAt: string | null;
  readyAt: string | null;

  processingState: ProcessingState;
  reviewState: ReviewState | null;
  errorCode: ProcessingErrorCode | null;
  /** The one-line reason every viewer of the room sees (never FFmpeg's log). */
  errorMessage: string | null;
  warnings: readonly { code: string; message: string }[];

  container: string | null;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  rotation: number | null;
  pixelFormat: string | null;
  colorPrimaries: string | null;
  colorTransfer: string | null;
  colorSpace: string | null;
  frameRate: FrameRate | null;
  isVariableFrameRate: boolean | null;
  frameCount: number | null;
  durationSeconds: number | null;
  /** As the source carries it ("01:00:00:00"; drop-frame sources may write ":" or ";"). */
  startTimecode: string | null;
  dropFrame: boolean | null;
  audioChannels: number | null;
  audioChannelLayout: string | null;
  /** Hz. */
  audioSampleRate: number | null;

  renditions: readonly OmcRenditionSource[];
  /** Oldest first. */
  decisions: readonly DecisionView[];
  /** Live notes in timeline order with their replies (what the notes exports carry). */
  notes: readonly Note[];
};
