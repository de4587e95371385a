import type { AudioFacts, MediaFacts, VideoFacts } from "./ffprobe";

/** Factories for unit tests: plausible facts with overrides. */
export function videoFacts(overrides: Partial<VideoFacts> = {}): VideoFacts {
  return {
    streamIndex: 0, codec: "prores", profile: "HQ", width: 1920, height: 1080,
    sampleAspectRatio: { num: 1, den: 1 }, rotation: 0, pixelFormat: "yuv422p10le", bitDepth: 10,
    colorRange: "tv", colorPrimaries: "bt709", colorTransfer: "bt709", colorSpace: "bt709", fieldOrder: "progressive", hasInterlacedFrames: false,
    frameRate: { num: 24000, den: 1001 }, avgFrameRate: { num: 24000, den: 1001 }, isVariableFrameRate: false,
    frameCount: 1440, frameCountSource: "container", decodedFrameCount: null, durationSeconds: 60.06, startSeconds: 0,
    bitRate: 180_000_000,
    ...overrides,
  };
}

export function audioFacts(overrides: Partial<AudioFacts> = {}): AudioFacts {
  return {
    streamIndex: 1, codec: "pcm_s24le", profile: null, channels: 2, channelLayout: "stereo", sampleRate: 48000,
    durationSeconds: 60.06, startSeconds: 0, bitRate: 2_304_000,
    ...overrides,
  };
}

export function mediaFacts(overrides: Partial<MediaFacts> = {}): MediaFacts {
  return {
    container: "mov,mp4,m4a,3gp,3g2,mj2", containerLongName: "QuickTime / MOV", durationSeconds: 60.06, startSeconds: 0,
    sizeBytes: 1_000_000, bitRate: 180_000_000, startTimecode: "01:00:00:00", isDropFrame: false,
    video: videoFacts(), audio: audioFacts(), audioTrackCount: 1,
    raw: { streams: [], format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2" } },
    ...overrides,
  };
}
