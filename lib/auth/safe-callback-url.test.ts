import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback-url";

describe("safeCallbackPath", () => {
  it("keeps plain local paths with their query and fragment", () => {
    for (const path of ["/", "/projects/abc", "/projects/abc?tab=comments#c-1", "/a/b%2Fc"]) {
      expect(safeCallbackPath(path)).toBe(path);
    }
  });

  it("sends every way off the site to /", () => {
    const hostile = [
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "//evil.example",
      "///evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/%09/evil.example".replace("%09", "\t"),
      "https://evil.example",
      "http:/evil.example",
      "javascript:alert(1)",
      "evil.example",
      " /projects",
      "/projects\u0000",
      "/projects\u007f",
      "",
      `/${"a".repeat(3000)}`,
    ];
    for (const value of hostile) expect(safeCallbackPath(value), JSON.stringify(value)).toBe("/");
  });

  it("treats a missing value as /", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(null)).toBe("/");
  });
});
