import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  fileNameSchema,
  planUpload,
  resolveContentType,
  S3_MAX_PARTS,
  S3_MIN_PART_BYTES,
  type UploadLimits,
} from "./upload-policy";

const MiB = 1024 * 1024;
const limits: UploadLimits = { maxBytes: 5 * 1024 ** 4, singlePutMaxBytes: 64 * MiB, partBytes: 16 * MiB, urlTtlSeconds: 3600 };

describe("planUpload", () => {
  it("sends files up to the single-PUT limit in one request", () => {
    expect(planUpload(64 * MiB, limits)).toEqual({ mode: "single" });
  });

  it("cuts bigger files into parts of the configured size", () => {
    expect(planUpload(64 * MiB + 1, limits)).toEqual({ mode: "multipart", partSize: 16 * MiB, partCount: 5 });
  });

  it("grows parts so a 200 GiB master stays within S3's 10,000 parts", () => {
    const plan = planUpload(200 * 1024 * MiB, limits);
    expect(plan).toMatchObject({ mode: "multipart", partSize: 21 * MiB });
  });

  it("always covers the file with at most 10,000 parts of at least 5 MiB", () => {
    fc.assert(
      fc.property(fc.integer({ min: 64 * MiB + 1, max: 5 * 1024 ** 4 }), (size) => {
        const plan = planUpload(size, limits);
        if (plan.mode !== "multipart") return false;
        return (
          plan.partSize >= S3_MIN_PART_BYTES &&
          plan.partCount <= S3_MAX_PARTS &&
          (plan.partCount - 1) * plan.partSize < size &&
          plan.partCount * plan.partSize >= size
        );
      }),
    );
  });
});

describe("resolveContentType", () => {
  it("keeps a declared video or audio type", () => {
    expect(resolveContentType("a.mov", "video/quicktime")).toBe("video/quicktime");
    expect(resolveContentType("a.wav", "audio/x-wav")).toBe("audio/x-wav");
  });

  it("takes the type from the extension when the browser sends none (Chromium and .mxf)", () => {
    expect(resolveContentType("A001.MXF", "")).toBe("application/mxf");
    expect(resolveContentType("clip.mts", "application/octet-stream")).toBe("video/mp2t");
  });

  it("takes the type from the extension when the OS guessed a non-media type (Linux: .ts is Qt Linguist)", () => {
    expect(resolveContentType("bbb_1080p24.ts", "text/vnd.trolltech.linguist")).toBe("video/mp2t");
    expect(resolveContentType("a.mov", "text/html")).toBe("video/quicktime");
    expect(resolveContentType("a.mov", "image/png")).toBe("video/quicktime");
    expect(resolveContentType("a.mov", "video/<script>")).toBe("video/quicktime");
  });

  it("refuses unknown extensions with 415, whatever the declared type", () => {
    for (const [name, type] of [
      ["a.exe", "video/mp4"],
      ["a", ""],
    ] as const) {
      const err = (() => {
        try {
          resolveContentType(name, type);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(415);
    }
  });
});

describe("fileNameSchema", () => {
  it("accepts ordinary names, unicode and inner dots", () => {
    for (const name of ["A001_C002.mov", "Szene 12 — take 3.MOV", "v1..final.mxf"]) {
      expect(fileNameSchema.safeParse(name).success).toBe(true);
    }
  });

  it("refuses anything that looks like a path or hides characters", () => {
    for (const name of ["../x.mov", "a/b.mov", "a\\b.mov", "a\u0000.mov", "a\u001b[31m.mov", "..", " x.mov", "x".repeat(256)]) {
      expect(fileNameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
    }
  });
});
