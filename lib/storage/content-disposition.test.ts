import { describe, expect, it } from "vitest";
import { attachmentContentDisposition, cleanDownloadName } from "./content-disposition";

/** Reads the exact name back from `filename*` as a browser does (RFC 8187). */
function nameOf(header: string): string {
  const match = /filename\*=UTF-8''([^;\s]+)$/.exec(header);
  if (!match) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(match[1]!);
}

describe("attachmentContentDisposition", () => {
  it("keeps the exact UTF-8 name in filename* and an ASCII fallback in filename", () => {
    const header = attachmentContentDisposition("Scène 12 – prise (3)*.mov");
    expect(header).toBe(
      `attachment; filename="Scene 12 _ prise _3_.mov"; filename*=UTF-8''Sc%C3%A8ne%2012%20%E2%80%93%20prise%20%283%29%2A.mov`,
    );
    expect(nameOf(header)).toBe("Scène 12 – prise (3)*.mov");
  });

  it("cannot be used to inject a header or a parameter", () => {
    const header = attachmentContentDisposition("evil\"\r\nSet-Cookie: a=1; filename=x.exe'.mov");
    expect(header).not.toMatch(/[\r\n]/);
    // One quoted string, then filename*: no quote or semicolon of the name survives unencoded.
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header.split(";")).toHaveLength(3);
    expect(nameOf(header)).toBe("evil\"Set-Cookie: a=1; filename=x.exe'.mov");
  });

  it("drops path separators, control characters and leading dots", () => {
    expect(cleanDownloadName("../../etc/passwd")).toBe("_.._etc_passwd");
    expect(cleanDownloadName("a\u0000b\u0085c\\d")).toBe("abc_d");
    expect(cleanDownloadName("...")).toBe("download");
    expect(cleanDownloadName("")).toBe("download");
  });
});
