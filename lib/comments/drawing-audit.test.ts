import { describe, expect, it } from "vitest";
import type { Drawing } from "./drawing";
import { canonicalJson, describeDrawingChange, isSameDrawing, summarizeDrawingForAudit } from "./drawing-audit";

const circle: Drawing = { v: 1, shapes: [{ type: "ellipse", color: "yellow", width: 0.01, from: [0.1, 0.1], to: [0.3, 0.3] }] };
/** The same drawing as PostgreSQL hands jsonb back: keys in another order. */
const circleFromJsonb = JSON.parse(
  '{"v": 1, "shapes": [{"to": [0.3, 0.3], "from": [0.1, 0.1], "type": "ellipse", "color": "yellow", "width": 0.01}]}',
) as Drawing;

describe("drawing audit", () => {
  it("spells equal drawings the same whatever their key order", () => {
    expect(canonicalJson(circleFromJsonb)).toBe(canonicalJson(circle));
    expect(isSameDrawing(circle, circleFromJsonb)).toBe(true);
    expect(isSameDrawing(circle, null)).toBe(false);
    expect(summarizeDrawingForAudit(circleFromJsonb).sha256).toBe(summarizeDrawingForAudit(circle).sha256);
  });

  it("names the change: added, changed, removed, or none", () => {
    const arrow: Drawing = { v: 1, shapes: [{ type: "arrow", color: "red", width: 0.01, from: [0, 0], to: [1, 1] }] };
    expect(describeDrawingChange(null, circle)).toMatchObject({ change: "added", before: null, after: { shapes: 1, points: 2 } });
    expect(describeDrawingChange(circle, arrow)?.change).toBe("changed");
    expect(describeDrawingChange(circle, null)).toMatchObject({ change: "removed", after: null });
    expect(describeDrawingChange(circleFromJsonb, circle)).toBeNull();
    expect(describeDrawingChange(null, null)).toBeNull();
  });
});
