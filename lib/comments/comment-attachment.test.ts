import { describe, expect, it } from "vitest";
import { commentAttachmentKey, commentAttachmentUrl, pngSize } from "./comment-attachment";

const PNG_1x1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const VERSION = "7b0c2a8e-53a1-4b8e-9d0c-0f6c1f4a2b11";
const ID = "0d9b7f7e-2a51-4d5e-9c1f-3b2a1c0d9e8f";

describe("pngSize", () => {
  it("reads the picture size from a PNG's signature and IHDR", () => {
    expect(pngSize(PNG_1x1.subarray(0, 24))).toEqual({ width: 1, height: 1 });
  });

  it("refuses anything else: another format, a broken signature, a first chunk that is not IHDR, a 0×0 picture, too few bytes", () => {
    expect(pngSize(Buffer.from("ffd8ffe000104a46494600010100000100010000", "hex"))).toBeNull();
    const broken = Buffer.from(PNG_1x1.subarray(0, 24));
    broken[1] = 0x51;
    expect(pngSize(broken)).toBeNull();
    const notIhdr = Buffer.from(PNG_1x1.subarray(0, 24));
    notIhdr.write("IDAT", 12, "latin1");
    expect(pngSize(notIhdr)).toBeNull();
    const empty = Buffer.from(PNG_1x1.subarray(0, 24));
    empty.writeUInt32BE(0, 16);
    expect(pngSize(empty)).toBeNull();
    expect(pngSize(PNG_1x1.subarray(0, 20))).toBeNull();
  });
});

describe("attachment keys", () => {
  it("live under the version's derived prefix and are shown through the media route", () => {
    const key = commentAttachmentKey(VERSION, ID.toUpperCase());
    expect(key).toBe(`derived/${VERSION}/attachments/${ID}.png`);
    expect(commentAttachmentUrl(VERSION, key)).toBe(`/api/versions/${VERSION}/media/attachments/${ID}.png`);
    expect(commentAttachmentUrl(VERSION, null)).toBeNull();
    expect(() => commentAttachmentKey(VERSION, "../../masters/x")).toThrow();
  });
});
