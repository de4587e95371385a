import { describe, expect, it } from "vitest";
import type { RenditionRecord } from "./mark-version-ready";
import { recordedKeysOf, unrecordedOutputKeys } from "./remove-unrecorded-outputs";

const id = "0b6f1c1e-4a53-4c1f-9d4e-2f1b5c6d7e8f";
const p = `derived/${id}/`;

describe("unrecordedOutputKeys", () => {
  const records: RenditionRecord[] = [
    { kind: "proxy_mp4", storageKey: `${p}proxy.mp4`, contentType: "video/mp4", width: 1, height: 1, bitrate: null, sizeBytes: 1, sha256: "a", details: null },
    {
      kind: "hls",
      storageKey: `${p}hls/master.m3u8`,
      contentType: "application/vnd.apple.mpegurl",
      width: null,
      height: null,
      bitrate: null,
      sizeBytes: 1,
      sha256: "b",
      details: { files: [{ path: "hls/master.m3u8" }, { path: "hls/360p/index.m3u8" }, { path: "hls/360p/seg_0.m4s" }] },
    },
  ];

  it("after READY: only the live preview's playlists go; renditions, exports and attachments stay", () => {
    const listed = [
      `${p}proxy.mp4`,
      `${p}hls/master.m3u8`,
      `${p}hls/360p/index.m3u8`,
      `${p}hls/360p/seg_0.m4s`,
      `${p}preview/master.m3u8`,
      `${p}preview/360p.m3u8`,
      `${p}exports/notes-abc.pdf`,
      `${p}attachments/x.png`,
    ];
    expect(unrecordedOutputKeys(id, listed, recordedKeysOf(id, records))).toEqual([`${p}preview/master.m3u8`, `${p}preview/360p.m3u8`]);
  });

  it("after a final ERROR (nothing recorded): every segment and playlist the attempts streamed goes", () => {
    const listed = [`${p}hls/360p/seg_0.m4s`, `${p}hls/360p/index.m3u8`, `${p}preview/master.m3u8`, `${p}attachments/x.png`];
    expect(unrecordedOutputKeys(id, listed, new Set())).toEqual(listed.slice(0, 3));
  });

  it("never names a key outside the version's prefix", () => {
    expect(unrecordedOutputKeys(id, [`derived/other/${id}/preview/master.m3u8`, "masters/x.mov"], new Set())).toEqual([]);
  });
});
