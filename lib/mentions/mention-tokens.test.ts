import { describe, expect, it } from "vitest";
import { mentionedUserIds, mentionsAsPlainText, mentionToken, splitMentions } from "./mention-tokens";

const A = "11111111-2222-4333-8444-555555555555";
const B = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

describe("mention tokens", () => {
  it("builds a token whose name cannot end it early", () => {
    expect(mentionToken("Sam [Sup] (Lead)", A)).toBe(`@[Sam Sup Lead](${A})`);
    expect(mentionedUserIds(mentionToken("x]) @[y", A))).toEqual([A]);
  });

  it("lists each mentioned user once, in order, lower-cased", () => {
    const body = `${mentionToken("Bo", B.toUpperCase())} and ${mentionToken("Al", A)}, again ${mentionToken("Bo", B)}`;
    expect(mentionedUserIds(body)).toEqual([B, A]);
  });

  it("ignores what only looks like a token", () => {
    expect(mentionedUserIds("@[Al](not-a-uuid) mail@example.com @Al")).toEqual([]);
  });

  it("splits a body into text and mentions, and reads them as @Name", () => {
    const body = `hi ${mentionToken("Al", A)}, see frame 12`;
    expect(splitMentions(body)).toEqual([
      { kind: "text", text: "hi " },
      { kind: "mention", name: "Al", userId: A },
      { kind: "text", text: ", see frame 12" },
    ]);
    expect(mentionsAsPlainText(body)).toBe("hi @Al, see frame 12");
    expect(splitMentions("plain")).toEqual([{ kind: "text", text: "plain" }]);
  });
});
