import { describe, expect, it } from "vitest";
import { auditTrailHref, parseAuditTrailSearch } from "./audit-trail-url";

const VERSION = "6f1c8a52-3d4b-4c8e-9a1f-2b3c4d5e6f70";

describe("parseAuditTrailSearch", () => {
  it("reads filters and the page from the query string", () => {
    expect(
      parseAuditTrailSearch({
        action: "version.review_decided",
        actor: "system",
        from: "2026-11-01",
        before: "120",
        version: VERSION,
      }),
    ).toEqual({
      query: { action: "version.review_decided", actor: "system", from: "2026-11-01", before: 120, version: VERSION },
      invalid: [],
    });
  });

  it("treats empty values (an HTML form's) as no filter, and takes the first of repeated ones", () => {
    expect(parseAuditTrailSearch({ action: "", actor: "", to: ["2026-11-30", "2026-12-01"] })).toEqual({
      query: { to: "2026-11-30" },
      invalid: [],
    });
  });

  it("drops and names what is not valid, keeping the rest", () => {
    expect(parseAuditTrailSearch({ action: "drop table", from: "30/11/2026", to: "2026-11-30", before: "-1" })).toEqual(
      {
        query: { to: "2026-11-30" },
        invalid: ["action", "from", "before"],
      },
    );
    expect(parseAuditTrailSearch({ before: "5", after: "9" })).toEqual({ query: {}, invalid: ["before", "after"] });
  });
});

describe("auditTrailHref", () => {
  it("writes the set fields only, in a fixed order, and round-trips", () => {
    const href = auditTrailHref("/projects/p/audit", { before: 40, action: "comment.created", actor: undefined });
    expect(href).toBe("/projects/p/audit?action=comment.created&before=40");
    const search = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseAuditTrailSearch(search).query).toEqual({ action: "comment.created", before: 40 });
    expect(auditTrailHref("/admin/audit", {})).toBe("/admin/audit");
  });
});
