import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetNameOf, findMediaFiles, mediaFormatOf } from "./find-media-files";

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "axiom-find-media-"));
  await fs.mkdir(path.join(dir, "reel", "audio"), { recursive: true });
  for (const f of [
    "reel/b.MOV",
    "reel/a.mp4",
    "reel/readme.txt",
    "reel/audio/mix.wav",
    "reel/.DS_Store",
    "single.mxf",
  ]) {
    await fs.writeFile(path.join(dir, f), "x");
  }
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe("findMediaFiles", () => {
  it("walks folders in name order, keeps media extensions (any case), reports the rest as skipped", async () => {
    const found = await findMediaFiles([
      path.join(dir, "reel"),
      path.join(dir, "single.mxf"),
      path.join(dir, "missing.mov"),
    ]);
    expect(found.media.map((f) => [path.relative(dir, f.path), f.contentType])).toEqual([
      ["reel/a.mp4", "video/mp4"],
      ["reel/audio/mix.wav", "audio/wav"],
      ["reel/b.MOV", "video/quicktime"],
      ["single.mxf", "application/mxf"],
    ]);
    expect(found.media[0]).toMatchObject({ size: 1, mtimeMs: expect.any(Number) });
    expect(found.skipped.map((s) => [path.relative(dir, s.path), s.reason])).toEqual([
      ["reel/.DS_Store", "not a media file"],
      ["reel/readme.txt", "not a media file"],
      ["missing.mov", "not found"],
    ]);
  });
});

describe("mediaFormatOf / assetNameOf", () => {
  it("uses the one media table and drops only the last extension", () => {
    expect(mediaFormatOf("x.txt")).toBeNull();
    expect(mediaFormatOf("x.toString")).toBeNull();
    expect(mediaFormatOf("/a/SH010.v2.MKV")).toEqual({ contentType: "video/x-matroska", demuxer: "matroska" });
    expect(assetNameOf("/a/SH010_comp.v2.mov")).toBe("SH010_comp.v2");
  });
});
