import { describe, expect, it } from "vitest";
import { buildWaveformPeaks, expectedWaveformLength, parseAstatsPeaks, waveformPeaksSchema, waveformSamplesPerBucket } from "./waveform-peaks";

const limits = { maxBuckets: 8192, minBucketSeconds: 0.01 };

describe("waveformSamplesPerBucket", () => {
  it("keeps at most maxBuckets buckets, none shorter than the minimum", () => {
    expect(waveformSamplesPerBucket(2, 48_000, limits)).toBe(480);
    expect(waveformSamplesPerBucket(600, 48_000, limits)).toBe(3516);
    expect(expectedWaveformLength(600, 48_000, 3516)).toBe(8192);
    const sixHours = waveformSamplesPerBucket(6 * 3600, 48_000, limits);
    expect(expectedWaveformLength(6 * 3600, 48_000, sixHours)).toBeLessThanOrEqual(8192);
  });

  it("counts a short last bucket, and no bucket for an exact fit's remainder", () => {
    expect(expectedWaveformLength(1, 48_000, 480)).toBe(100);
    expect(expectedWaveformLength(1.001, 48_000, 480)).toBe(101);
    expect(expectedWaveformLength(0, 48_000, 480)).toBe(0);
  });
});

describe("parseAstatsPeaks", () => {
  it("reads one bucket per printed frame (FFmpeg 5.1 ametadata output)", () => {
    const text = [
      "frame:0    pts:0       pts_time:0",
      "lavfi.astats.Overall.Min_level=-0.088367",
      "lavfi.astats.Overall.Max_level=0.088367",
      "frame:1    pts:4800    pts_time:0.1",
      "lavfi.astats.Overall.Min_level=0.000000",
      "lavfi.astats.Overall.Max_level=0.500000",
      "frame:2    pts:9600    pts_time:0.2",
      "lavfi.astats.Overall.Min_level=nan",
      "lavfi.astats.Overall.Max_level=-inf",
      "",
    ].join("\n");
    expect(parseAstatsPeaks(text)).toEqual([
      { startSeconds: 0, min: -0.088367, max: 0.088367 },
      { startSeconds: 0.1, min: 0, max: 0.5 },
      { startSeconds: 0.2, min: 0, max: 0 },
    ]);
  });

  it("reads a frame without a time (apad's frames on a track with no packets) as following the one before", () => {
    const text = "frame:0    pts:NOPTS   pts_time:NOPTS\nlavfi.astats.Overall.Min_level=0.000000\nlavfi.astats.Overall.Max_level=0.000000\n";
    expect(parseAstatsPeaks(text)).toEqual([{ startSeconds: null, min: 0, max: 0 }]);
    const peaks = buildWaveformPeaks(
      [{ startSeconds: null, min: -1, max: 1 }, { startSeconds: null, min: 0, max: 0 }, { startSeconds: 0.05, min: -1, max: 1 }, { startSeconds: null, min: 0, max: 0.5 }],
      { sampleRate: 48_000, samplesPerBucket: 480, length: 3 },
    );
    expect(peaks.data.filter((_, i) => i % 2 === 1)).toEqual([127, 0, 0, 0, 0, 127, 64]);
  });

  it("drops a frame missing a level and gives null for no bucket at all", () => {
    expect(parseAstatsPeaks("frame:0 pts:0 pts_time:0\nlavfi.astats.Overall.Max_level=0.1\n")).toBeNull();
    expect(parseAstatsPeaks("")).toBeNull();
  });
});

describe("buildWaveformPeaks", () => {
  it("writes audiowaveform JSON v2 with 8-bit levels, clipped, min before max", () => {
    const peaks = buildWaveformPeaks(
      [{ startSeconds: 0, min: -1, max: 1 }, { startSeconds: 0.01, min: 0.5, max: -0.25 }, { startSeconds: 0.02, min: -3, max: 2 }],
      { sampleRate: 48_000, samplesPerBucket: 480 },
    );
    expect(peaks).toEqual({ version: 2, channels: 1, sample_rate: 48_000, samples_per_pixel: 480, bits: 8, length: 3, data: [-127, 127, -32, 64, -128, 127] });
    expect(waveformPeaksSchema.parse(peaks)).toEqual(peaks);
  });

  it("places buckets by time: a hole in the sound stays silent and the sound after it stays in place", () => {
    // 10 ms buckets; FFmpeg's frames: 0, 0.01, then a hole until 0.0533 (the next frame's pts), then on.
    const peaks = buildWaveformPeaks(
      [
        { startSeconds: 0, min: -0.5, max: 0.5 },
        { startSeconds: 0.01, min: -0.5, max: 0.5 },
        { startSeconds: 0.053333, min: -1, max: 1 },
        { startSeconds: 0.063333, min: -1, max: 1 },
      ],
      { sampleRate: 48_000, samplesPerBucket: 480, length: 8 },
    );
    expect(peaks.length).toBe(8);
    expect(peaks.data.filter((_, i) => i % 2 === 1)).toEqual([64, 64, 0, 0, 0, 127, 127, 0]);
  });

  it("extends past the planned length for sound that goes on, and merges two buckets on one slot", () => {
    const peaks = buildWaveformPeaks(
      [{ startSeconds: 0, min: -0.1, max: 0.1 }, { startSeconds: 0.004, min: -0.9, max: 0.2 }, { startSeconds: 0.03, min: 0, max: 1 }],
      { sampleRate: 48_000, samplesPerBucket: 480, length: 2 },
    );
    expect(peaks.length).toBe(4);
    expect(peaks.data).toEqual([-114, 25, 0, 0, 0, 0, 0, 127]);
  });

  it("is refused by the schema when data and length disagree", () => {
    expect(waveformPeaksSchema.safeParse({ version: 2, channels: 1, sample_rate: 48_000, samples_per_pixel: 480, bits: 8, length: 2, data: [0, 1] }).success).toBe(false);
  });
});
