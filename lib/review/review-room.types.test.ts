import { describe, expect, it } from "vitest";
import { reviewRoomSchema, type ReviewRoom, type ReviewRoomJson } from "./review-room.types";

// Typed as what `getReviewRoom` returns: if the server's shape changes, this stops compiling.
const sent: ReviewRoomJson = {
  version: {
    id: "9b2f0c7e-3c55-4d8e-9a51-8f0d6f2d0a11",
    assetId: "asset-1",
    projectId: "project-1",
    number: 2,
    originalFileName: "A001_C002.mov",
    sizeBytes: 7_340_032,
    processingState: "READY",
    reviewState: "CHANGES_REQUESTED",
    progress: null,
    isUrgent: false,
    preview: null,
    errorCode: null,
    errorMessage: null,
    errorLogTail: null,
    width: 1920,
    height: 1080,
    rotation: 0,
    frameRate: { num: 24000, den: 1001 },
    frameCount: 240,
    durationSeconds: 10.01,
    startTimecode: "01:00:00:00",
    dropFrame: null,
    videoCodec: "prores",
    audioCodec: "pcm_s24le",
    colorTransfer: null,
    warnings: [{ code: "vfr", message: "Variable frame rate: shown at 23.976." }],
    uploadedAt: "2026-11-28T10:00:00.000Z",
    uploadedBy: { id: "user-ana", name: "Ana" },
  },
  asset: { id: "asset-1", name: "A001_C002", projectId: "project-1" },
  versions: [
    {
      id: "9b2f0c7e-3c55-4d8e-9a51-8f0d6f2d0a11",
      number: 2,
      processingState: "READY",
      reviewState: "CHANGES_REQUESTED",
    },
  ],
  // Only the renditions that exist are sent.
  renditions: { hlsUrl: "/api/versions/9b2f/media/hls/master.m3u8", posterUrl: "/api/versions/9b2f/media/poster.jpg" },
  decisions: [
    {
      id: "decision-1",
      decision: "CHANGES_REQUESTED",
      note: "Grade is off in the second half.",
      decidedBy: { id: "user-sam", name: "Sam" },
      createdAt: "2026-11-28T11:00:00.000Z",
    },
  ],
  permissions: {
    canDecide: false,
    canComment: true,
    canResolve: true,
    canRetry: false,
    canPrioritize: false,
    canViewAudit: false,
    decideReason: "Only supervisors (and admins) can do this.",
  },
  viewer: { id: "user-ana", name: "Ana", isAdmin: false },
};

describe("reviewRoomSchema", () => {
  it("reads the server's JSON back, with absent renditions as null and an unknown drop-frame flag as false", () => {
    const read: ReviewRoom = reviewRoomSchema.parse(JSON.parse(JSON.stringify(sent)));
    expect(read).toEqual({
      ...sent,
      version: { ...sent.version, dropFrame: false },
      renditions: {
        hlsUrl: "/api/versions/9b2f/media/hls/master.m3u8",
        proxyUrl: null,
        posterUrl: "/api/versions/9b2f/media/poster.jpg",
        spriteVttUrl: null,
        waveformUrl: null,
        waveformPeaksUrl: null,
      },
    });
  });

  it("refuses a field it does not know, and a field the server always sends gone missing", () => {
    const withExtra = { ...sent, version: { ...sent.version, hdr: true } };
    expect(reviewRoomSchema.safeParse(withExtra).error?.issues).toEqual([
      expect.objectContaining({ code: "unrecognized_keys", keys: ["hdr"], path: ["version"] }),
    ]);
    const { canResolve: _dropped, ...olderPermissions } = sent.permissions;
    expect(reviewRoomSchema.safeParse({ ...sent, permissions: olderPermissions }).error?.issues).toEqual([
      expect.objectContaining({ path: ["permissions", "canResolve"] }),
    ]);
  });
});
