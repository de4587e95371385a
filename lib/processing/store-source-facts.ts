import type { DbOrTx } from "@/db/client";
import { versions } from "@/db/schema";
import type { MediaFacts } from "@/lib/media/ffprobe";
import type { RenditionPlan } from "@/lib/media/rendition-plan";
import { isOwnedBy, type AttemptOwner } from "./owned-version";
import { LostClaimError } from "./processing-error";

/** The typed probe columns of a version, from the media layer's facts and plan. */
export function probeColumns(facts: MediaFacts, plan: RenditionPlan | null) {
  const v = facts.video;
  const a = facts.audio;
  // The review timeline: the source's own rate and count, or for a VFR source the constant rate the
  // plan conforms it to (comments are keyed to the proxy's frames; see docs/processing.md).
  const rate = plan?.video?.frameRate ?? v?.frameRate ?? null;
  const frameCount = plan?.video?.frameCount ?? v?.frameCount ?? null;
  return {
    probe: facts.raw as unknown,
    container: facts.container,
    videoCodec: v?.codec ?? null,
    audioCodec: a?.codec ?? null,
    width: v?.width ?? null,
    height: v?.height ?? null,
    rotation: v?.rotation ?? null,
    pixelFormat: v?.pixelFormat ?? null,
    colorPrimaries: v?.colorPrimaries ?? null,
    colorTransfer: v?.colorTransfer ?? null,
    colorSpace: v?.colorSpace ?? null,
    frameRateNum: rate?.num ?? null,
    frameRateDen: rate?.den ?? null,
    isVariableFrameRate: v ? v.isVariableFrameRate : null,
    frameCount,
    durationSeconds: plan?.durationSeconds ?? facts.durationSeconds,
    startTimecode: facts.startTimecode,
    dropFrame: facts.startTimecode ? facts.isDropFrame : null,
    audioChannels: a?.channels ?? null,
    audioChannelLayout: a?.channelLayout ?? null,
    audioSampleRate: a?.sampleRate ?? null,
  };
}

/** Stores the checksum the worker computed. Throws LostClaimError when the version is no longer ours. */
export async function storeMasterChecksum(db: DbOrTx, owner: AttemptOwner, sha256: string): Promise<void> {
  const rows = await db.update(versions).set({ sha256Computed: sha256 }).where(isOwnedBy(owner)).returning({ id: versions.id });
  if (rows.length === 0) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
}

/** Stores probe facts (typed columns + raw JSON). Throws LostClaimError when the version is no longer ours. */
export async function storeProbeFacts(
  db: DbOrTx,
  owner: AttemptOwner,
  facts: MediaFacts,
  plan: RenditionPlan | null,
): Promise<void> {
  const rows = await db.update(versions).set(probeColumns(facts, plan)).where(isOwnedBy(owner)).returning({ id: versions.id });
  if (rows.length === 0) throw new LostClaimError(`version ${owner.versionId} is no longer held by ${owner.workerId}`);
}
