import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRAME_RATES } from "@/lib/timecode";
import { extractFrames } from "./extract-frames";
import { frameNumberShownIn, makeNumberedProxy, makeTempDir } from "./test-media";

describe.each([
  ["23.976", FRAME_RATES["23.976"]],
  ["25", FRAME_RATES["25"]],
  ["29.97", FRAME_RATES["29.97"]],
])("extractFrames at %s fps (real FFmpeg)", (_label, rate) => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let proxy: string;
  const FRAMES = 120;

  beforeAll(async () => {
    tmp = await makeTempDir("grab");
    proxy = join(tmp.dir, "proxy.mp4");
    await makeNumberedProxy(proxy, rate, FRAMES);
  });
  afterAll(() => tmp?.cleanup());

  it("grabs exactly the asked frames: the first, around a keyframe (GOP 48), mid-GOP after B-frames, the last", async () => {
    const wanted = [0, 1, 47, 48, 49, 73, FRAMES - 1];
    const grabbed = await extractFrames({ input: proxy, frames: [...wanted, 48], rate, outDir: tmp.dir });
    expect([...grabbed.keys()]).toEqual(wanted);
    for (const frame of wanted) {
      expect(await frameNumberShownIn(grabbed.get(frame)!), `frame ${frame}`).toBe(frame);
    }
  });

  it("returns no picture for a frame past the end instead of failing", async () => {
    const grabbed = await extractFrames({ input: proxy, frames: [FRAMES + 30], rate, outDir: tmp.dir });
    expect(grabbed.size).toBe(0);
  });
});
