import { describe, expect, it } from "vitest";
import { findThumbnail, parseThumbnailVtt } from "./sprite-thumbnails";

const VTT = `WEBVTT

00:00:00.000 --> 00:00:02.000
sprite.jpg#xywh=0,0,160,90

00:00:02.000 --> 00:00:04.000
sprite.jpg#xywh=160,0,160,90

1
00:01:04.500 --> 01:00:06.000
https://cdn.example.com/s.jpg#xywh=320,90,160,90
`;

describe("parseThumbnailVtt", () => {
  it("reads each cue's time span and sprite box, resolving the image against the VTT's URL", () => {
    const cues = parseThumbnailVtt(VTT, "/api/versions/v1/media/thumbnails/sprite.vtt");
    expect(cues).toEqual([
      { start: 0, end: 2, url: "/api/versions/v1/media/thumbnails/sprite.jpg", x: 0, y: 0, w: 160, h: 90 },
      { start: 2, end: 4, url: "/api/versions/v1/media/thumbnails/sprite.jpg", x: 160, y: 0, w: 160, h: 90 },
      // Hours are optional in WebVTT timings; absolute image URLs stay as they are.
      { start: 64.5, end: 3606, url: "https://cdn.example.com/s.jpg", x: 320, y: 90, w: 160, h: 90 },
    ]);
  });

  it("keeps absolute VTT URLs absolute", () => {
    const [cue] = parseThumbnailVtt("00:00.000 --> 00:02.000\nsprite.jpg#xywh=0,0,1,1\n", "https://media.example.com/a/sprite.vtt");
    expect(cue?.url).toBe("https://media.example.com/a/sprite.jpg");
  });

  it("accepts CRLF line endings", () => {
    expect(parseThumbnailVtt(VTT.replaceAll("\n", "\r\n"), "/t/sprite.vtt")).toHaveLength(3);
  });

  it("skips cues without a box, with a short or negative box, and sorts by start", () => {
    const text = [
      "00:00:04.000 --> 00:00:06.000",
      "b.jpg#xywh=0,0,10,10",
      "",
      "00:00:00.000 --> 00:00:02.000",
      "a.jpg",
      "",
      "00:00:02.000 --> 00:00:04.000",
      "a.jpg#xywh=0,0,10",
      "",
      "00:00:02.000 --> 00:00:04.000",
      "a.jpg#xywh=-1,0,10,10",
      "",
      "00:00:01.000 --> 00:00:02.000",
      "c.jpg#xywh=1,2,3,4",
    ].join("\n");
    expect(parseThumbnailVtt(text, "/t/s.vtt").map((c) => [c.start, c.url])).toEqual([
      [1, "/t/c.jpg"],
      [4, "/t/b.jpg"],
    ]);
  });

  it("finds nothing in a file without cues", () => {
    expect(parseThumbnailVtt("WEBVTT\n\nNOTE nothing here\n", "/t/s.vtt")).toEqual([]);
  });
});

describe("findThumbnail", () => {
  const cues = parseThumbnailVtt(VTT, "/t/sprite.vtt");

  it("finds the cue covering a time, including its start", () => {
    expect(findThumbnail(cues, 0)?.x).toBe(0);
    expect(findThumbnail(cues, 1.99)?.x).toBe(0);
    expect(findThumbnail(cues, 2)?.x).toBe(160);
  });

  it("uses the last cue that started before a time in a gap", () => {
    expect(findThumbnail(cues, 30)?.x).toBe(160);
  });

  it("finds nothing before the first cue or without cues", () => {
    expect(findThumbnail(cues, -1)).toBeNull();
    expect(findThumbnail([], 3)).toBeNull();
  });
});
