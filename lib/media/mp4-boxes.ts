/**
 * Just enough ISO BMFF reading to verify frame-accuracy properties FFmpeg's own demuxer hides:
 * ffprobe shifts timestamps of negative-CTS fragments and applies edit lists, so it cannot tell us where a
 * browser's MSE will put the first frame. Pure functions over Buffers of OUR outputs (not user input).
 */

interface Box {
  type: string;
  start: number; // payload start
  end: number;
}

const containers = new Set(["moov", "trak", "mdia", "minf", "stbl", "edts", "moof", "traf", "mvex"]);

function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
  let off = start;
  while (off + 8 <= end) {
    let size = buf.readUInt32BE(off);
    const type = buf.toString("latin1", off + 4, off + 8);
    let header = 8;
    if (size === 1) {
      if (off + 16 > end) return;
      size = Number(buf.readBigUInt64BE(off + 8));
      header = 16;
    } else if (size === 0) {
      size = end - off;
    }
    if (size < header || off + size > end) return;
    yield { type, start: off + header, end: off + size };
    off += size;
  }
}

function findAll(buf: Buffer, type: string, start = 0, end = buf.length): Box[] {
  const found: Box[] = [];
  for (const b of boxes(buf, start, end)) {
    if (b.type === type) found.push(b);
    if (containers.has(b.type)) found.push(...findAll(buf, type, b.start, b.end));
  }
  return found;
}

export interface EditListEntry {
  segmentDuration: number;
  /** -1 marks an empty edit (a gap before the media starts). */
  mediaTime: number;
}

/** Every `elst` entry in the file, in order of appearance (all tracks). */
export function readEditLists(buf: Buffer): EditListEntry[] {
  const entries: EditListEntry[] = [];
  for (const box of findAll(buf, "elst")) {
    const version = buf.readUInt8(box.start);
    const count = buf.readUInt32BE(box.start + 4);
    let p = box.start + 8;
    for (let i = 0; i < count && p < box.end; i += 1) {
      if (version === 1) {
        entries.push({ segmentDuration: Number(buf.readBigUInt64BE(p)), mediaTime: Number(buf.readBigInt64BE(p + 8)) });
        p += 20;
      } else {
        entries.push({ segmentDuration: buf.readUInt32BE(p), mediaTime: buf.readInt32BE(p + 4) });
        p += 12;
      }
    }
  }
  return entries;
}

export function hasEmptyEdit(buf: Buffer): boolean {
  return readEditLists(buf).some((e) => e.mediaTime === -1);
}

/**
 * Earliest presentation time (in the track's timescale ticks) of the samples in the first fragment of a
 * fMP4 segment: min over samples of baseMediaDecodeTime + Σ durations + composition offset.
 * `init` supplies the trex default duration. Null when the boxes are not there.
 */
export function firstFragmentPresentationTicks(init: Buffer, segment: Buffer): number | null {
  const trex = findAll(init, "trex")[0];
  let defaultDuration = trex ? init.readUInt32BE(trex.start + 12) : 0;
  const traf = findAll(segment, "traf")[0];
  if (!traf) return null;
  const tfhd = findAll(segment, "tfhd", traf.start, traf.end)[0];
  if (tfhd) {
    const flags = segment.readUInt32BE(tfhd.start) & 0xffffff;
    let p = tfhd.start + 8;
    if (flags & 0x01) p += 8;
    if (flags & 0x02) p += 4;
    if (flags & 0x08) defaultDuration = segment.readUInt32BE(p);
  }
  const tfdt = findAll(segment, "tfdt", traf.start, traf.end)[0];
  let decodeTime = 0;
  if (tfdt) {
    decodeTime = segment.readUInt8(tfdt.start) === 1 ? Number(segment.readBigUInt64BE(tfdt.start + 4)) : segment.readUInt32BE(tfdt.start + 4);
  }
  const trun = findAll(segment, "trun", traf.start, traf.end)[0];
  if (!trun) return null;
  const version = segment.readUInt8(trun.start);
  const flags = segment.readUInt32BE(trun.start) & 0xffffff;
  const count = segment.readUInt32BE(trun.start + 4);
  let p = trun.start + 8;
  if (flags & 0x01) p += 4;
  if (flags & 0x04) p += 4;
  let min = Infinity;
  for (let i = 0; i < count && p <= trun.end; i += 1) {
    let duration = defaultDuration;
    let offset = 0;
    if (flags & 0x100) {
      duration = segment.readUInt32BE(p);
      p += 4;
    }
    if (flags & 0x200) p += 4;
    if (flags & 0x400) p += 4;
    if (flags & 0x800) {
      offset = version === 0 ? segment.readUInt32BE(p) : segment.readInt32BE(p);
      p += 4;
    }
    min = Math.min(min, decodeTime + offset);
    decodeTime += duration;
  }
  return Number.isFinite(min) ? min : null;
}
