import { describe, expect, it } from "vitest";
import {
  asVodPlaylist,
  avcCodecOfInitSegment,
  buildPreviewMasterPlaylist,
  buildPreviewMediaPlaylist,
  parseGrowingPlaylist,
} from "./hls-preview";

const HEAD =
  '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MAP:URI="init_0.mp4"\n';

describe("parseGrowingPlaylist", () => {
  it("lists the segments FFmpeg has closed, with their durations and the init segment", () => {
    const p = parseGrowingPlaylist(`${HEAD}#EXTINF:2.000000,\nseg_00000.m4s\n#EXTINF:1.960000,\nseg_00001.m4s\n`);
    expect(p).toEqual({
      mapUri: "init_0.mp4",
      targetDurationSeconds: 2,
      segments: [
        { uri: "seg_00000.m4s", durationSeconds: 2 },
        { uri: "seg_00001.m4s", durationSeconds: 1.96 },
      ],
      isEnded: false,
    });
  });

  it("ignores a line FFmpeg is still writing (a read of the playlist mid-rewrite)", () => {
    expect(
      parseGrowingPlaylist(`${HEAD}#EXTINF:2.000000,\nseg_00000.m4s\n#EXTINF:2.000000,\nseg_000`).segments,
    ).toHaveLength(1);
    // The URI is whole but its newline is not there yet: not counted either.
    expect(parseGrowingPlaylist(`${HEAD}#EXTINF:2.000000,\nseg_00000.m4s`).segments).toHaveLength(0);
    expect(parseGrowingPlaylist("#EXTM3U\n#EXT-X-VERS").segments).toEqual([]);
  });

  it("says when FFmpeg ended the variant", () => {
    expect(parseGrowingPlaylist(`${HEAD}#EXTINF:2.0,\nseg_00000.m4s\n#EXT-X-ENDLIST\n`).isEnded).toBe(true);
  });
});

describe("asVodPlaylist", () => {
  it("changes only the playlist type", () => {
    const event = `${HEAD}#EXTINF:2.0,\nseg_00000.m4s\n#EXT-X-ENDLIST\n`;
    expect(asVodPlaylist(event)).toBe(event.replace("PLAYLIST-TYPE:EVENT", "PLAYLIST-TYPE:VOD"));
  });
});

describe("buildPreviewMediaPlaylist", () => {
  it("is an EVENT playlist over the ladder's own segments, ended only when the encode is", () => {
    const segments = [
      { uri: "seg_00000.m4s", durationSeconds: 2 },
      { uri: "seg_00001.m4s", durationSeconds: 2.005333 },
    ];
    const growing = buildPreviewMediaPlaylist({
      mapUri: "init_0.mp4",
      segments,
      targetDurationSeconds: 2,
      isEnded: false,
      uriPrefix: "../hls/720p/",
    });
    expect(growing).toBe(
      [
        "#EXTM3U",
        "#EXT-X-VERSION:7",
        // 2.005333 s does not fit a target of 2: rounded up.
        "#EXT-X-TARGETDURATION:3",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:EVENT",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        '#EXT-X-MAP:URI="../hls/720p/init_0.mp4"',
        "#EXTINF:2.000000,",
        "../hls/720p/seg_00000.m4s",
        "#EXTINF:2.005333,",
        "../hls/720p/seg_00001.m4s",
        "",
      ].join("\n"),
    );
    const ended = buildPreviewMediaPlaylist({
      mapUri: "init_0.mp4",
      segments,
      targetDurationSeconds: 2,
      isEnded: true,
      uriPrefix: "../hls/720p/",
    });
    expect(ended.endsWith("#EXT-X-ENDLIST\n")).toBe(true);
    // What a player reads back is what was listed, so frame n of the preview is frame n of the final ladder.
    expect(parseGrowingPlaylist(ended).segments.map((s) => s.durationSeconds)).toEqual([2, 2.005333]);
  });
});

describe("buildPreviewMasterPlaylist", () => {
  it("names each video variant with its size, bandwidth and codecs, and the audio in its group", () => {
    const text = buildPreviewMasterPlaylist({
      variants: [
        { uri: "720p.m3u8", width: 1280, height: 720, bandwidth: 4_128_000, videoCodec: "avc1.64001f" },
        { uri: "360p.m3u8", width: 640, height: 360, bandwidth: 928_000, videoCodec: null },
      ],
      audioUri: "audio.m3u8",
    });
    expect(text).toContain(
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,URI="audio.m3u8"',
    );
    expect(text).toContain(
      '#EXT-X-STREAM-INF:BANDWIDTH=4128000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aud"\n720p.m3u8\n',
    );
    // An unknown video codec leaves CODECS out rather than naming only the audio.
    expect(text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360,AUDIO="aud"\n360p.m3u8\n');
  });

  it("has no audio group for a silent source", () => {
    const text = buildPreviewMasterPlaylist({
      variants: [{ uri: "a.m3u8", width: 2, height: 2, bandwidth: 1, videoCodec: "avc1.640028" }],
      audioUri: null,
    });
    expect(text).not.toContain("EXT-X-MEDIA");
    expect(text).toContain('CODECS="avc1.640028"\n');
  });
});

describe("avcCodecOfInitSegment", () => {
  it("reads profile, constraints and level from the avcC box", () => {
    const box = Buffer.concat([
      Buffer.from([0, 0, 0, 20]),
      Buffer.from("avcC", "latin1"),
      Buffer.from([1, 0x64, 0x00, 0x1f, 0xff]),
    ]);
    expect(avcCodecOfInitSegment(box)).toBe("avc1.64001f");
    expect(avcCodecOfInitSegment(Buffer.from("no box here"))).toBeNull();
  });
});
