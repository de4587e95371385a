import { describe, expect, it } from "vitest";
import { FRAME_RATES } from "@/lib/timecode";
import { EDL_DIALECTS, markerFrames, parseMarkerEdl, writeNotesEdl } from "./notes-edl";
import { lastFrameOf } from "./notes-report";
import { note, sampleReport } from "./test-report";

const CASES = [
  { label: "23.976", rate: FRAME_RATES["23.976"], dropFrame: false, start: "01:00:00:00", fcm: "NON-DROP FRAME", sep: ":" },
  { label: "25", rate: FRAME_RATES["25"], dropFrame: false, start: "10:00:00:00", fcm: "NON-DROP FRAME", sep: ":" },
  { label: "29.97 DF", rate: FRAME_RATES["29.97"], dropFrame: true, start: "00:59:59;28", fcm: "DROP FRAME", sep: ";" },
] as const;

describe("writeNotesEdl", () => {
  describe.each(CASES)("at $label", ({ rate, dropFrame, start, fcm, sep }) => {
    const report = sampleReport({ rate, dropFrame, start });

    it.each(EDL_DIALECTS)("%s: parses back to the same frames, one event per note", (dialect) => {
      const text = writeNotesEdl(report, dialect);
      const edl = parseMarkerEdl(text);
      expect(edl.dropFrame).toBe(dropFrame);
      expect(text).toContain(`\r\nFCM: ${fcm}\r\n`);
      expect(edl.markers.map((m) => m.event)).toEqual([1, 2, 3]);
      expect(markerFrames(edl, report.version.timecode!)).toEqual(
        report.notes.map((n) => ({ frameIn: n.frameIn, lastFrame: lastFrameOf(n) })),
      );
      for (const m of edl.markers) {
        expect([m.reel, m.track, m.transition]).toEqual(["001", "V", "C"]);
        // Every timecode uses the clock's separator before the frames (';' only in drop-frame).
        for (const tc of [m.sourceIn, m.sourceOut, m.recordIn, m.recordOut]) expect(tc[8]).toBe(sep);
      }
    });
  });

  it("writes Resolve's own marker layout: event line, then note |C: |M: |D:", () => {
    const report = sampleReport({ rate: FRAME_RATES["25"], start: "01:00:00:00" });
    const lines = writeNotesEdl(report, "resolve").split("\r\n");
    expect(lines.slice(0, 3)).toEqual(["TITLE: NGT_S01 SH010 comp v3 notes", "FCM: NON-DROP FRAME", ""]);
    expect(lines[3]).toBe("001  001      V     C        01:00:00:12 01:00:00:13 01:00:00:12 01:00:00:13  ");
    expect(lines[4]).toBe("Boom in frame, top left. |C:ResolveColorRed |M:Sam Reviewer |D:1");
    // The range: 48 frames (1800..1847 inclusive), the event spans all of them.
    expect(lines[6]).toBe("002  001      V     C        01:01:12:00 01:01:13:23 01:01:12:00 01:01:13:23  ");
    expect(lines[7]).toBe("Grade drifts warm over this range |C:ResolveColorRed |M:Ana Lima |D:48");
    expect(lines[10]).toBe("Sky replacement edge // Ana Lima: Fixed in v4 |C:ResolveColorGreen |M:Jo |D:1");
  });

  it("writes Avid locators in ASCII", () => {
    const report = sampleReport({
      rate: FRAME_RATES["25"],
      start: "01:00:00:00",
      notes: [note({ frameIn: 25, author: "Zoë", body: "Scène trop sombre ✓" })],
    });
    const lines = writeNotesEdl(report, "avid").split("\r\n");
    expect(lines[4]).toBe("* LOC: 01:00:01:00 RED     Zoe: Scene trop sombre ?");
  });

  it("keeps a marker on one line: line breaks, tabs and Resolve's '|' separators are taken out of the text", () => {
    const report = sampleReport({ notes: [note({ frameIn: 1, author: "A|B", body: "one\r\ntwo\tthree | four" })] });
    const text = writeNotesEdl(report, "resolve");
    const edl = parseMarkerEdl(text);
    expect(edl.markers[0]!.resolve).toEqual({ note: "one two three / four", color: "ResolveColorRed", name: "A/B", durationFrames: 1 });
  });

  it("crosses the drop-frame minute boundary with labels that exist", () => {
    // 00:00:59;29 is followed by 00:01:00;02 at 29.97 DF (;00 and ;01 are skipped).
    const report = sampleReport({ rate: FRAME_RATES["29.97"], dropFrame: true, notes: [note({ frameIn: 1799 })] });
    const edl = parseMarkerEdl(writeNotesEdl(report));
    expect([edl.markers[0]!.recordIn, edl.markers[0]!.recordOut]).toEqual(["00:00:59;29", "00:01:00;02"]);
  });

  it("refuses a version without a frame rate (no timecode to write)", () => {
    const report = sampleReport();
    expect(() => writeNotesEdl({ ...report, version: { ...report.version, timecode: null } })).toThrow(/no video frame rate/);
  });
});

describe("parseMarkerEdl", () => {
  it("reads an EDL exported by Resolve itself", () => {
    // As DaVinci Resolve 18 writes it (docs/exports.md cites the sample).
    const text = [
      "TITLE: Marker Data Demo_V3",
      "FCM: NON-DROP FRAME",
      "",
      "001  001      V     C        00:00:02:03 00:00:02:04 00:00:02:03 00:00:02:04  ",
      "Note 01 |C:ResolveColorPurple |M:Marker 1 |D:1",
      "",
      "002  001      V     C        00:00:08:05 00:00:08:06 00:00:08:05 00:00:08:06  ",
      " |C:ResolveColorRed |M:Marker 3 |D:1",
    ].join("\n");
    const edl = parseMarkerEdl(text);
    expect(edl.markers.map((m) => m.resolve)).toEqual([
      { note: "Note 01", color: "ResolveColorPurple", name: "Marker 1", durationFrames: 1 },
      { note: "", color: "ResolveColorRed", name: "Marker 3", durationFrames: 1 },
    ]);
    expect(markerFrames(edl, { rate: FRAME_RATES["25"], dropFrame: false })).toEqual([
      { frameIn: 53, lastFrame: 53 },
      { frameIn: 205, lastFrame: 205 },
    ]);
  });

  it("refuses an EDL without FCM, or a drop-frame mode other than the version's", () => {
    expect(() => parseMarkerEdl("TITLE: x\n")).toThrow(/FCM/);
    const edl = parseMarkerEdl(writeNotesEdl(sampleReport({ rate: FRAME_RATES["29.97"], dropFrame: true })));
    expect(() => markerFrames(edl, { rate: FRAME_RATES["29.97"], dropFrame: false })).toThrow(/drop-frame/);
  });
});
