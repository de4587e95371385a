import { describe, expect, it } from "vitest";
import { csvField, NOTES_CSV_COLUMNS, writeNotesCsv } from "./notes-csv";
import { note, sampleReport } from "./test-report";
import { FRAME_RATES } from "@/lib/timecode";

/** A small RFC 4180 reader, so the tests check what a spreadsheet would see, not our own strings. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field || row.length) throw new Error("the last record does not end with CRLF");
  return rows;
}

describe("csvField", () => {
  it("quotes every field and doubles quotes inside it", () => {
    expect(csvField('He said "cut"')).toBe('"He said ""cut"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField(null)).toBe('""');
    expect(csvField(42)).toBe('"42"');
  });

  it.each(["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x","y")'])(
    "puts an apostrophe before a cell a spreadsheet would run as a formula: %j",
    (value) => {
      expect(csvField(value)).toBe(`"'${value.replaceAll('"', '""')}"`);
    },
  );

  it("leaves ordinary text alone, including a formula character later in the cell", () => {
    expect(csvField("Fix = later")).toBe('"Fix = later"');
    expect(csvField("01:00:00:00")).toBe('"01:00:00:00"');
  });
});

describe("writeNotesCsv", () => {
  it("writes a header and one record per note with timecodes, frames, status and replies", () => {
    const text = writeNotesCsv(sampleReport({ rate: FRAME_RATES["25"], start: "01:00:00:00" }));
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = readCsv(text.slice(1));
    expect(rows[0]).toEqual([...NOTES_CSV_COLUMNS]);
    expect(rows).toHaveLength(4);
    expect(rows[1]!.slice(0, 6)).toEqual(["1", "01:00:00:12", "01:00:00:12", "12", "12", "Sam Reviewer"]);
    expect(rows[2]!.slice(0, 5)).toEqual(["2", "01:01:12:00", "01:01:13:22", "1800", "1847"]);
    expect(rows[3]!.slice(7)).toEqual(["Sky replacement edge", "resolved", "Ana Lima", "Ana Lima: Fixed in v4"]);
  });

  it("keeps line breaks, quotes and commas inside one field, and guards formulas in text and names", () => {
    const report = sampleReport({
      notes: [
        note({ frameIn: 0, author: "=cmd|' /C calc'!A0", body: 'Line one,\nline "two"', replies: [{ author: "@bot", body: "-1", createdAt: "x" }] }),
      ],
    });
    const rows = readCsv(writeNotesCsv(report).slice(1));
    expect(rows).toHaveLength(2);
    expect(rows[1]![5]).toBe("'=cmd|' /C calc'!A0");
    expect(rows[1]![7]).toBe('Line one,\nline "two"');
    expect(rows[1]![10]).toBe("'@bot: -1");
  });

  it("writes drop-frame timecodes with ';' at 29.97 DF", () => {
    const rows = readCsv(writeNotesCsv(sampleReport({ rate: FRAME_RATES["29.97"], dropFrame: true })).slice(1));
    // Frame 1800 at 29.97 DF is the first label of minute 1: 00:01:00;02.
    expect(rows[2]![1]).toBe("00:01:00;02");
  });

  it("leaves the timecode columns empty for a version without a frame rate", () => {
    const report = sampleReport();
    const rows = readCsv(writeNotesCsv({ ...report, version: { ...report.version, timecode: null } }).slice(1));
    expect(rows[1]!.slice(1, 5)).toEqual(["", "", "12", "12"]);
  });
});
