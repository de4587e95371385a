import { describe, expect, it } from "vitest";
import { isMasterFeedUrl, uploadInputArgs } from "./input-hardening";

const token = "A".repeat(32);

describe("uploadInputArgs", () => {
  it("lets a local upload use the file protocol only", () => {
    const args = uploadInputArgs("/scratch/job/master");
    expect(args.slice(0, 2)).toEqual(["-protocol_whitelist", "file"]);
    expect(args).toContain("-format_whitelist");
    expect(args).toContain("-codec_whitelist");
  });

  it("lets the worker's loopback feed use http and tcp only (no local file can then be opened)", () => {
    expect(uploadInputArgs(`http://127.0.0.1:40123/${token}`).slice(0, 2)).toEqual(["-protocol_whitelist", "http,tcp"]);
  });

  it("recognises nothing else as the feed", () => {
    for (const input of [
      `http://127.0.0.1.evil.example:80/${token}`,
      `http://127.0.0.1:40123/${token}?x=1`,
      `https://127.0.0.1:40123/${token}`,
      `http://10.0.0.1:40123/${token}`,
      `http://127.0.0.1:40123/short`,
      `http://127.0.0.1:40123/../${token}`,
      `file:///etc/passwd`,
    ]) {
      expect(isMasterFeedUrl(input), input).toBe(false);
      expect(uploadInputArgs(input).slice(0, 2), input).toEqual(["-protocol_whitelist", "file"]);
    }
  });
});
