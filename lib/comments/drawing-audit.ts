import { createHash } from "node:crypto";
import { pointCountOf, type Drawing } from "./drawing";

/**
 * JSON with object keys sorted at every level. The database hands a jsonb drawing back with its
 * keys reordered, so comparing or hashing drawings needs one spelling for equal values.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function isSameDrawing(a: Drawing | null, b: Drawing | null): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * What the audit trail keeps of a drawing: its size and a SHA-256 of its canonical JSON. The row
 * itself holds the drawing; the hash lets an auditor prove which drawing an event was about
 * without copying up to 40 kB into every event.
 */
export type DrawingAuditSummary = { shapes: number; points: number; sha256: string };

export function summarizeDrawingForAudit(drawing: Drawing): DrawingAuditSummary {
  return {
    shapes: drawing.shapes.length,
    points: drawing.shapes.reduce((sum, shape) => sum + pointCountOf(shape), 0),
    sha256: createHash("sha256").update(canonicalJson(drawing)).digest("hex"),
  };
}

/** How an edit changed the drawing, for the `comment.edited` event; null when it did not. */
export function describeDrawingChange(
  before: Drawing | null,
  after: Drawing | null,
): { change: "added" | "changed" | "removed"; before: DrawingAuditSummary | null; after: DrawingAuditSummary | null } | null {
  if (isSameDrawing(before, after)) return null;
  return {
    change: before === null ? "added" : after === null ? "removed" : "changed",
    before: before && summarizeDrawingForAudit(before),
    after: after && summarizeDrawingForAudit(after),
  };
}
