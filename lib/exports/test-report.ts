import { FRAME_RATES, type FrameRate } from "@/lib/timecode";
import type { Note, NotesReport } from "./notes-report";

/** A report for unit tests: three notes (one a range, one resolved with a reply) at `rate`. */
export function sampleReport(options: { rate?: FrameRate; dropFrame?: boolean; start?: string; notes?: Note[] } = {}): NotesReport {
  const rate = options.rate ?? FRAME_RATES["25"];
  return {
    project: { name: "Night Train", code: "NGT_S01" },
    asset: { name: "SH010 comp" },
    version: {
      id: "7b0c2a8e-53a1-4b8e-9d0c-0f6c1f4a2b11",
      number: 3,
      fileName: "SH010_comp_v003.mov",
      frameCount: 100_000,
      width: 1920,
      height: 1080,
      timecode: { rate, dropFrame: options.dropFrame ?? false, ...(options.start ? { start: options.start } : {}) },
    },
    notes: options.notes ?? [
      note({ frameIn: 12, body: "Boom in frame, top left." }),
      note({ frameIn: 1_800, frameOut: 1_847, author: "Ana Lima", body: "Grade drifts warm over this range" }),
      note({
        frameIn: 17_982,
        author: "Jo",
        body: "Sky replacement edge",
        status: "resolved",
        resolvedBy: "Ana Lima",
        replies: [{ author: "Ana Lima", body: "Fixed in v4", createdAt: "2026-11-02T10:00:00.000Z" }],
      }),
    ],
  };
}

let counter = 0;
export function note(overrides: Partial<Note> & { frameIn: number }): Note {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    frameOut: null,
    author: "Sam Reviewer",
    body: "A note",
    createdAt: "2026-11-01T09:00:00.000Z",
    status: "open",
    resolvedBy: null,
    replies: [],
    drawing: null,
    ...overrides,
  };
}
