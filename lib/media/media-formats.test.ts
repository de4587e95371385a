import { describe, expect, it } from "vitest";
import { ACCEPTED_DEMUXERS, MEDIA_ACCEPT_ATTRIBUTE, MEDIA_FORMATS } from "./media-formats";

describe("the table of ingestible formats", () => {
  it("accepts the everyday formats productions hand over", () => {
    for (const ext of ["3gp", "3g2", "dv", "dif", "aac", "ac3", "eac3", "opus", "ogg", "oga", "ogv", "vob", "mod", "tod", "flv", "wmv", "asf", "y4m", "m2v", "mxf", "m4b"]) {
      expect(MEDIA_FORMATS[ext], ext).toBeDefined();
    }
  });

  it("never lets FFmpeg use a demuxer that opens other files or URLs", () => {
    for (const forbidden of ["hls", "concat", "ffconcat", "image2", "image2pipe", "dash", "tee", "lavfi", "data", "sdp", "rtsp", "h264", "hevc"]) {
      expect(ACCEPTED_DEMUXERS).not.toContain(forbidden);
    }
  });

  it("lists each demuxer once and every extension in the file picker", () => {
    expect(new Set(ACCEPTED_DEMUXERS).size).toBe(ACCEPTED_DEMUXERS.length);
    expect(MEDIA_ACCEPT_ATTRIBUTE.split(",")).toEqual(expect.arrayContaining([".m4b", ".dv", ".opus", "video/*", "audio/*"]));
  });

  it("stores a video/ or audio/ type for every extension but MXF's registered application/mxf", () => {
    for (const [ext, f] of Object.entries(MEDIA_FORMATS)) {
      expect(f.contentType, ext).toMatch(ext === "mxf" ? /^application\/mxf$/ : /^(video|audio)\//);
    }
  });
});
