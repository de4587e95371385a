import { describe, expect, it } from "vitest";
import { mediaDeliveryFor, mediaUrlForKey, parseMediaPath, rewriteThumbnailsVtt } from "./media-paths";

const V = "0b6e4c2a-1f3d-4e5a-9b8c-7d6e5f4a3b2c";

describe("parseMediaPath", () => {
  it("accepts plain relative paths", () => {
    expect(parseMediaPath(["hls", "720p", "seg_00001.m4s"])).toBe("hls/720p/seg_00001.m4s");
    expect(parseMediaPath("proxy.mp4")).toBe("proxy.mp4");
  });
  it("refuses traversal, empty or dot segments, absolute paths and odd characters", () => {
    for (const bad of ["../x", "a/../b", "a/..", "/etc/passwd", "a//b", "a/./b", "a/", "", "a b", "a%2fb", "ü.m3u8", "a\\b"]) {
      expect(parseMediaPath(bad), bad).toBeNull();
    }
  });
});

describe("mediaUrlForKey", () => {
  it("maps a key under the version's prefix to its media URL, and nothing else", () => {
    expect(mediaUrlForKey(V, `derived/${V}/hls/master.m3u8`)).toBe(`/api/versions/${V}/media/hls/master.m3u8`);
    expect(mediaUrlForKey(V, `derived/00000000-0000-4000-8000-000000000000/poster.jpg`)).toBeNull();
    expect(mediaUrlForKey(V, `masters/x/${V}`)).toBeNull();
  });
});

describe("mediaDeliveryFor", () => {
  it("serves playlists, VTTs and the waveform's JSON as text and redirects everything else", () => {
    expect(mediaDeliveryFor("hls/master.m3u8").kind).toBe("text");
    expect(mediaDeliveryFor("waveform.json")).toEqual({ kind: "text", contentType: "application/json", rewrite: "none", maxAgeSeconds: 60 });
    expect(mediaDeliveryFor("sprite/thumbnails.vtt").kind).toBe("text");
    expect(mediaDeliveryFor("hls/720p/seg_1.m4s").kind).toBe("redirect");
    expect(mediaDeliveryFor("proxy.mp4").kind).toBe("redirect");
    expect(mediaDeliveryFor("poster.jpg").kind).toBe("redirect");
  });

  it("never lets the live preview's playlists be cached (they grow while the version processes); finished ones for a minute", () => {
    expect(mediaDeliveryFor("preview/master.m3u8")).toMatchObject({ kind: "text", maxAgeSeconds: 0 });
    expect(mediaDeliveryFor("preview/720p.m3u8")).toMatchObject({ kind: "text", maxAgeSeconds: 0 });
    expect(mediaDeliveryFor("hls/720p/index.m3u8")).toMatchObject({ kind: "text", maxAgeSeconds: 60 });
  });
});

describe("rewriteThumbnailsVtt", () => {
  const rewrite = (text: string, vttPath = "sprite/thumbnails.vtt") => rewriteThumbnailsVtt(text, { versionId: V, vttPath });

  it("resolves references relative to the VTT's directory, keeping the xywh fragment", () => {
    expect(rewrite("WEBVTT\n\n00:00.000 --> 00:01.000\nsprite.jpg#xywh=0,0,160,90\n")).toBe(
      `WEBVTT\n\n00:00.000 --> 00:01.000\n/api/versions/${V}/media/sprite/sprite.jpg#xywh=0,0,160,90\n`,
    );
    expect(rewrite("../poster.jpg", "sprite/thumbnails.vtt")).toBe(`/api/versions/${V}/media/poster.jpg`);
    expect(rewrite("sprite.jpg", "thumbnails.vtt")).toBe(`/api/versions/${V}/media/sprite.jpg`);
  });
  it("accepts full object keys of the same version and keeps CRLF line ends", () => {
    expect(rewrite(`WEBVTT\r\n\r\nderived/${V}/sprite/s.png#xywh=1,2,3,4\r\n`)).toBe(
      `WEBVTT\r\n\r\n/api/versions/${V}/media/sprite/s.png#xywh=1,2,3,4\r\n`,
    );
  });
  it("leaves text cues, absolute URLs and escaping references alone", () => {
    for (const line of ["Hello there", "https://cdn.example/s.jpg#xywh=0,0,1,1", "/abs/s.jpg", "../../etc/x.jpg", "NOTE sprite.jpg"]) {
      expect(rewrite(line, "thumbnails.vtt"), line).toBe(line);
    }
  });
});
