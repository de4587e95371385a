import { describe, expect, it } from "vitest";
import { signInSubjectId, signInSubjectIds, UNRECORDED_SIGN_IN_SUBJECT } from "./sign-in-subject";

const key = Buffer.from("a-test-key-of-at-least-thirty-two-characters", "utf8");
const otherKey = Buffer.from("another-test-key-of-at-least-thirty-two-chars", "utf8");

describe("signInSubjectId", () => {
  it("is a version-8 UUID of the normalised email, stable for one key", () => {
    const id = signInSubjectId("someone@example.com", key);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(signInSubjectId("  SomeOne@Example.COM ", key)).toBe(id);
    expect(signInSubjectId("someone@example.org", key)).not.toBe(id);
  });

  it("depends on the key: without it the database cannot be searched with a list of emails", () => {
    expect(signInSubjectId("someone@example.com", otherKey)).not.toBe(signInSubjectId("someone@example.com", key));
    expect(signInSubjectIds("someone@example.com", [otherKey, key])).toEqual([
      signInSubjectId("someone@example.com", otherKey),
      signInSubjectId("someone@example.com", key),
    ]);
  });

  it("records no email at all without a key", () => {
    expect(signInSubjectId("someone@example.com", null)).toBe(UNRECORDED_SIGN_IN_SUBJECT);
  });
});
