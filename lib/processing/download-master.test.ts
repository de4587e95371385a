import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Storage } from "@/lib/storage";
import { downloadMaster } from "./download-master";
import { ProcessingError } from "./processing-error";

/** Only `getStream` is used: a store that answers with these chunks, or breaks after them. */
function storeOf(chunks: Buffer[], breakAfter = false): Storage {
  return {
    getStream: async () =>
      Readable.from(
        (async function* () {
          yield* chunks;
          if (breakAfter) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
        })(),
      ),
  } as unknown as Storage;
}

describe("downloadMaster's verdicts", () => {
  it("says the worker's scratch disk is full, not that the store failed, when the disk refuses the bytes", async () => {
    // /dev/full accepts the open and refuses every write with ENOSPC, like a full scratch disk.
    const err = await downloadMaster(storeOf([Buffer.alloc(2 * 1024 * 1024, 1)]), { key: "k", destination: "/dev/full" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProcessingError);
    expect(err).toMatchObject({ code: "internal", isRetryable: true });
    expect((err as Error).message).toBe("The master could not be written to the worker's scratch disk: the disk is full (ENOSPC).");
  });

  it("blames the store when its stream breaks", async () => {
    const err = await downloadMaster(storeOf([Buffer.alloc(1024, 1)], true), { key: "k", destination: "/dev/null" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "storage_unavailable", message: "Reading the master from storage failed." });
  });
});
