import { describe, expect, it } from "vitest";
import { firstFragmentPresentationTicks, hasEmptyEdit, readEditLists } from "./mp4-boxes";

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, body]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

function i32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v, 0);
  return b;
}

function elst(entries: [number, number][]): Buffer {
  return box("elst", u32(0, entries.length), ...entries.map(([d, t]) => Buffer.concat([u32(d), i32(t), u32(0x00010000)])));
}

function init(trexDuration: number, edits: [number, number][] | null): Buffer {
  const trak = box("trak", ...(edits ? [box("edts", elst(edits))] : []));
  return box("moov", trak, box("mvex", box("trex", u32(0, 1, 1, trexDuration, 0, 0))));
}

/** A fragment: tfdt base, trun v1 with composition offsets only (durations from trex). */
function fragment(base: number, offsets: number[]): Buffer {
  const tfhd = box("tfhd", u32(0x020000, 1));
  const tfdt = box("tfdt", Buffer.from([1, 0, 0, 0]), Buffer.from([0, 0, 0, 0]), u32(base));
  const trun = box("trun", Buffer.from([1, 0, 0x08, 0x00]), u32(offsets.length), ...offsets.map(i32));
  return box("moof", box("traf", tfhd, tfdt, trun));
}

describe("mp4 box readers", () => {
  it("finds the first presentation at 0 when negative composition offsets undo the B-frame delay", () => {
    // FFmpeg with movflags=+negative_cts_offsets: I P B B … → offsets 0, 3003, 0, -2002, -1001
    expect(firstFragmentPresentationTicks(init(1001, null), fragment(0, [0, 3003, 0, -2002, -1001]))).toBe(0);
  });

  it("sees the two-frame delay of positive-only offsets (the n−2 trap)", () => {
    expect(firstFragmentPresentationTicks(init(1001, null), fragment(0, [2002, 5005, 2002, 0, 1001]))).toBe(2002);
  });

  it("adds the fragment's decode time", () => {
    expect(firstFragmentPresentationTicks(init(1001, null), fragment(48048, [0, 3003]))).toBe(48048);
  });

  it("tells an empty edit (media_time −1) from a media-time shift", () => {
    expect(hasEmptyEdit(init(1001, [[83, -1], [0, 0]]))).toBe(true);
    expect(hasEmptyEdit(init(1001, [[3003, 2002]]))).toBe(false);
    expect(readEditLists(init(1001, [[3003, 2002]]))).toEqual([{ segmentDuration: 3003, mediaTime: 2002 }]);
  });
});
