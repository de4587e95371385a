import { describe, expect, it } from "vitest";
import { describeReviewStanding, formatDecisionTime } from "./review-labels";

describe("describeReviewStanding", () => {
  const latest = { decidedBy: { name: "Sam" }, createdAt: "2026-11-28T10:04:33.120Z" };

  it("names the decision, who made it and when", () => {
    expect(describeReviewStanding({ reviewState: "APPROVED", latest })).toBe("Approved by Sam, 2026-11-28 10:04 UTC");
    expect(describeReviewStanding({ reviewState: "CHANGES_REQUESTED", latest })).toBe("Changes requested by Sam, 2026-11-28 10:04 UTC");
    expect(describeReviewStanding({ reviewState: "REJECTED", latest })).toBe("Rejected by Sam, 2026-11-28 10:04 UTC");
  });

  it("says in review when nobody has decided", () => {
    expect(describeReviewStanding({ reviewState: "IN_REVIEW", latest: null })).toBe("In review");
  });

  it("says nothing before the version is ready", () => {
    expect(describeReviewStanding({ reviewState: null, latest: null })).toBeNull();
  });
});

describe("formatDecisionTime", () => {
  it("prints UTC to the minute, the same on server and browser", () => {
    expect(formatDecisionTime("2026-01-02T03:04:59.999Z")).toBe("2026-01-02 03:04 UTC");
  });

  it("prints nothing for a broken date", () => {
    expect(formatDecisionTime("not a date")).toBe("");
  });
});
