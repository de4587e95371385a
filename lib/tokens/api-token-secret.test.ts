import { describe, expect, it } from "vitest";
import { API_TOKEN_PATTERN, generateApiToken, hashApiToken } from "./api-token-secret";

describe("API token secrets", () => {
  it("look like axm_ followed by 256 bits of base64url, which secret scanners can match", () => {
    const { token, prefix } = generateApiToken();
    expect(token).toMatch(API_TOKEN_PATTERN);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix).toHaveLength(8);
  });

  it("are different every time", () => {
    const tokens = new Set(Array.from({ length: 50 }, () => generateApiToken().token));
    expect(tokens.size).toBe(50);
  });

  it("are stored as the hex SHA-256 of the whole token, never in clear", () => {
    const { token, hash } = generateApiToken();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiToken(token));
    expect(hash).not.toContain(token.slice(4, 12));
    expect(hashApiToken(`${token}x`)).not.toBe(hash);
  });
});
