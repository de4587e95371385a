/** The parts of HTMLMediaElement that `waitForMediaData` uses (so it can be tested without a DOM). */
export interface MediaLike {
  readonly readyState: number;
  readonly error: { code: number; message: string } | null;
  addEventListener: (type: string, listener: () => void) => void;
  removeEventListener: (type: string, listener: () => void) => void;
}

/** HTMLMediaElement.HAVE_CURRENT_DATA: the current frame can be drawn. */
const HAVE_CURRENT_DATA = 2;

export class MediaLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MediaLoadError";
  }
}

/**
 * Resolves once the element has data for its current frame (`loadeddata`); rejects with a
 * readable MediaLoadError on a media `error` event or after `timeoutMs` without data, so a side
 * that cannot load never leaves the player waiting for it.
 */
export function waitForMediaData(media: MediaLike, timeoutMs: number): Promise<void> {
  if (media.readyState >= HAVE_CURRENT_DATA) return Promise.resolve();
  if (media.error) return Promise.reject(new MediaLoadError(describeMediaError(media.error)));
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      clearTimeout(timer);
      media.removeEventListener("loadeddata", onLoaded);
      media.removeEventListener("error", onError);
    };
    const onLoaded = () => {
      cleanUp();
      resolve();
    };
    const onError = () => {
      cleanUp();
      reject(new MediaLoadError(describeMediaError(media.error)));
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new MediaLoadError(`The video did not load within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    media.addEventListener("loadeddata", onLoaded);
    media.addEventListener("error", onError);
  });
}

function describeMediaError(error: { code: number; message: string } | null): string {
  if (!error) return "The video could not be loaded.";
  return `The video could not be loaded (${error.message || `media error ${error.code}`}).`;
}
