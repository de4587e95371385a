import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MediaLoadError, waitForMediaData, type MediaLike } from "./media-ready";

/** A stand-in for <video> with the readiness fields and events waitForMediaData uses. */
class FakeMedia extends EventTarget implements MediaLike {
  readyState = 0;
  error: { code: number; message: string } | null = null;
  override addEventListener(type: string, listener: () => void) {
    super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: () => void) {
    super.removeEventListener(type, listener);
  }
}

describe("waitForMediaData", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves at once when the current frame is already decodable", async () => {
    const media = new FakeMedia();
    media.readyState = 2;
    await expect(waitForMediaData(media, 1000)).resolves.toBeUndefined();
  });

  it("resolves on loadeddata", async () => {
    const media = new FakeMedia();
    const waiting = waitForMediaData(media, 1000);
    media.readyState = 2;
    media.dispatchEvent(new Event("loadeddata"));
    await expect(waiting).resolves.toBeUndefined();
  });

  it("rejects with the media error instead of waiting forever", async () => {
    const media = new FakeMedia();
    const waiting = waitForMediaData(media, 1000);
    media.error = { code: 4, message: "MEDIA_ELEMENT_ERROR: Format error" };
    media.dispatchEvent(new Event("error"));
    await expect(waiting).rejects.toThrow(new MediaLoadError("The video could not be loaded (MEDIA_ELEMENT_ERROR: Format error)."));
  });

  it("rejects when nothing loads in time", async () => {
    const media = new FakeMedia();
    const waiting = waitForMediaData(media, 30_000);
    const outcome = expect(waiting).rejects.toThrow("The video did not load within 30 s.");
    await vi.advanceTimersByTimeAsync(30_000);
    await outcome;
  });

  it("rejects at once for an element that has already failed", async () => {
    const media = new FakeMedia();
    media.error = { code: 2, message: "" };
    await expect(waitForMediaData(media, 1000)).rejects.toThrow("media error 2");
  });
});
