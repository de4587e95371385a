import { frameToTimecode, timecodeToFrame, type SourceTimecodeOptions } from "@/lib/timecode";
import { AppError } from "@/lib/errors";
import { lastFrameOf, type Note, type NotesReport } from "./notes-report";

/**
 * The notes as a CMX 3600 EDL of markers, in one of two dialects (docs/exports.md, "EDL"):
 *
 * - `resolve` (default): what DaVinci Resolve itself writes with Timelines > Export > Timeline
 *   Markers to EDL, and reads back with Import > Timeline Markers from EDL. Each marker is a cut
 *   event on reel `001`, track `V`, whose source and record in/out are the marked frames (out is
 *   exclusive, as in every EDL), followed by one line: `<note> |C:ResolveColorRed |M:<name> |D:<frames>`.
 * - `avid`: the same events with the locator comment Avid's EDL Manager writes and reads,
 *   `* LOC: 01:00:05:12 RED     <note>` (ASCII only: Avid refuses anything else).
 *
 * Timecodes are the version's own (its start timecode + frame), written `HH:MM:SS;FF` and under
 * `FCM: DROP FRAME` for 29.97/59.94 drop-frame, `HH:MM:SS:FF` under `FCM: NON-DROP FRAME` otherwise.
 */
export type EdlDialect = "resolve" | "avid";
export const EDL_DIALECTS: readonly EdlDialect[] = ["resolve", "avid"];

/** Open notes red, resolved green: the colours both NLEs have. */
const RESOLVE_COLOR = { open: "ResolveColorRed", resolved: "ResolveColorGreen" } as const;
const AVID_COLOR = { open: "RED", resolved: "GREEN" } as const;

/** Longest note text on a marker line; Resolve keeps more, but a marker is a pointer, not the thread. */
const MAX_MARKER_TEXT = 500;

function requireClock(report: NotesReport): SourceTimecodeOptions {
  if (!report.version.timecode) {
    throw new AppError("conflict", "This version has no video frame rate, so its notes have no timecode for an EDL.");
  }
  return report.version.timecode;
}

/** One line of text: no line breaks, tabs or control characters; `|` would start a Resolve field. */
function oneLine(text: string): string {
  return text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point (an EDL line must stay one line)
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replaceAll("|", "/")
    .replace(/\s+/g, " ")
    .trim();
}

/** ASCII for Avid and for the TITLE line: accents folded, anything else as "?". */
function ascii(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "?");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The note and its replies as one marker text: "Fix the boom // Ana: done in v4". */
function markerText(note: Note): string {
  const replies = note.replies.map((r) => ` // ${r.author}: ${r.body}`).join("");
  return clip(oneLine(`${note.body}${replies}`), MAX_MARKER_TEXT);
}

export function writeNotesEdl(report: NotesReport, dialect: EdlDialect = "resolve"): string {
  const clock = requireClock(report);
  const title = clip(ascii(oneLine(`${report.project.code} ${report.asset.name}${report.version.number === null ? "" : ` v${report.version.number}`} notes`)), 70);
  const lines = [`TITLE: ${title}`, `FCM: ${clock.dropFrame ? "DROP FRAME" : "NON-DROP FRAME"}`, ""];
  report.notes.forEach((note, index) => {
    const frameIn = note.frameIn;
    const frameOutExclusive = lastFrameOf(note) + 1;
    const tcIn = frameToTimecode(frameIn, clock);
    const tcOut = frameToTimecode(frameOutExclusive, clock);
    const event = String(index + 1).padStart(3, "0");
    // Resolve's own column layout (event, reel 001, V, C, source in/out, record in/out).
    lines.push(`${event}  001      V     C        ${tcIn} ${tcOut} ${tcIn} ${tcOut}  `);
    if (dialect === "resolve") {
      const name = oneLine(note.author) || "Note";
      lines.push(`${markerText(note)} |C:${RESOLVE_COLOR[note.status]} |M:${name} |D:${frameOutExclusive - frameIn}`);
    } else {
      lines.push(`* LOC: ${tcIn} ${AVID_COLOR[note.status].padEnd(7)} ${ascii(`${oneLine(note.author)}: ${markerText(note)}`)}`);
    }
    lines.push("");
  });
  return lines.join("\r\n");
}

// ---------------------------------------------------------------------------------------------
// Reading it back (tests, and anyone checking an EDL before sending it on)

export type EdlMarker = {
  event: number;
  reel: string;
  track: string;
  transition: string;
  sourceIn: string;
  sourceOut: string;
  recordIn: string;
  recordOut: string;
  /** Resolve dialect: `|C:`, `|M:`, `|D:` and the note before them. */
  resolve?: { note: string; color: string; name: string; durationFrames: number };
  /** Avid dialect: the `* LOC:` line. */
  locator?: { timecode: string; color: string; text: string };
};

export type ParsedEdl = { title: string; dropFrame: boolean; markers: EdlMarker[] };

const EVENT_LINE = /^(\d{3,})\s+(\S+)\s+(\S+)\s+(C)\s+(\d\d:\d\d:\d\d[:;]\d\d)\s+(\d\d:\d\d:\d\d[:;]\d\d)\s+(\d\d:\d\d:\d\d[:;]\d\d)\s+(\d\d:\d\d:\d\d[:;]\d\d)\s*$/;
const RESOLVE_LINE = /^(.*?)\s*\|C:(\S+)\s+\|M:(.*?)\s+\|D:(\d+)\s*$/;
const LOC_LINE = /^\*\s*LOC:\s+(\d\d:\d\d:\d\d[:;]\d\d)\s+(\w+)\s+(.*)$/;

/** Parses a marker EDL as `writeNotesEdl` writes it (and as Resolve exports it). Throws `Error` naming the line. */
export function parseMarkerEdl(text: string): ParsedEdl {
  let title = "";
  let dropFrame: boolean | null = null;
  const markers: EdlMarker[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\s+$/, "");
    if (!line.trim()) return;
    const where = `line ${index + 1}`;
    if (line.startsWith("TITLE:")) {
      title = line.slice("TITLE:".length).trim();
      return;
    }
    if (line.startsWith("FCM:")) {
      const mode = line.slice("FCM:".length).trim();
      if (mode !== "DROP FRAME" && mode !== "NON-DROP FRAME") throw new Error(`${where}: unknown FCM "${mode}"`);
      dropFrame = mode === "DROP FRAME";
      return;
    }
    const event = EVENT_LINE.exec(line);
    if (event) {
      const [, number, reel, track, transition, sourceIn, sourceOut, recordIn, recordOut] = event;
      markers.push({
        event: Number(number),
        reel: reel!,
        track: track!,
        transition: transition!,
        sourceIn: sourceIn!,
        sourceOut: sourceOut!,
        recordIn: recordIn!,
        recordOut: recordOut!,
      });
      return;
    }
    const current = markers.at(-1);
    if (!current) throw new Error(`${where}: a comment before the first event`);
    const loc = LOC_LINE.exec(line);
    if (loc) {
      current.locator = { timecode: loc[1]!, color: loc[2]!, text: loc[3]!.trim() };
      return;
    }
    const resolve = RESOLVE_LINE.exec(line);
    if (resolve) {
      current.resolve = { note: resolve[1]!.trim(), color: resolve[2]!, name: resolve[3]!.trim(), durationFrames: Number(resolve[4]) };
      return;
    }
    throw new Error(`${where}: not an event, a marker or a locator: ${JSON.stringify(line)}`);
  });
  if (dropFrame === null) throw new Error("no FCM line");
  return { title, dropFrame, markers };
}

/**
 * The frames each marker points at on the version's timeline: [frameIn, lastFrame] inclusive,
 * from the record in/out (checked against the source in/out and the dialect's own fields).
 */
export function markerFrames(edl: ParsedEdl, clock: SourceTimecodeOptions): { frameIn: number; lastFrame: number }[] {
  if (edl.dropFrame !== clock.dropFrame) throw new Error("FCM does not match the version's drop-frame mode");
  return edl.markers.map((m) => {
    const frameIn = timecodeToFrame(m.recordIn, clock);
    const frameOut = timecodeToFrame(m.recordOut, clock);
    if (m.sourceIn !== m.recordIn || m.sourceOut !== m.recordOut) throw new Error(`event ${m.event}: source and record differ`);
    if (m.resolve && m.resolve.durationFrames !== frameOut - frameIn) throw new Error(`event ${m.event}: |D: is not the event's length`);
    if (m.locator && timecodeToFrame(m.locator.timecode, clock) !== frameIn) throw new Error(`event ${m.event}: LOC is not at the event's in`);
    return { frameIn, lastFrame: frameOut - 1 };
  });
}
