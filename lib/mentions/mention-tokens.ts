/**
 * How a mention sits in a comment's text (docs/events.md, "@mentions"):
 * the token `@[Display Name](user-id)`. The text stays the one record of what was written — the
 * token is where the chip is, and keeps the name as the author saw it — and the server derives the
 * structural list (`comments.mentions`, user ids) from it at every write, so the two never disagree.
 *
 * Plain string functions, no database: the composer, the renderer and the server share them.
 */

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** The name holds no brackets, parentheses or line breaks (mentionToken strips them), 1..100 chars. */
const TOKEN_SOURCE = `@\\[([^\\[\\]()\\n]{1,100})\\]\\((${UUID})\\)`;

/** At most this many different people in one comment: more is a broadcast, not a mention. */
export const MAX_MENTIONS_PER_COMMENT = 20;

/** The token for `name` (characters that would end it early are dropped). */
export function mentionToken(name: string, userId: string): string {
  const safe =
    name
      .replace(/[[\]()\n\r]/g, "")
      .trim()
      .slice(0, 100) || "someone";
  return `@[${safe}](${userId})`;
}

/** The distinct user ids mentioned in `body`, in order of first appearance, lower-cased. */
export function mentionedUserIds(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.matchAll(new RegExp(TOKEN_SOURCE, "g"))) ids.add(match[2]!.toLowerCase());
  return [...ids];
}

export type BodySegment = { kind: "text"; text: string } | { kind: "mention"; name: string; userId: string };

/** `body` cut into plain text and mentions, in order (what the renderer turns into text and chips). */
export function splitMentions(body: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let at = 0;
  for (const match of body.matchAll(new RegExp(TOKEN_SOURCE, "g"))) {
    if (match.index > at) segments.push({ kind: "text", text: body.slice(at, match.index) });
    segments.push({ kind: "mention", name: match[1]!, userId: match[2]!.toLowerCase() });
    at = match.index + match[0].length;
  }
  if (at < body.length) segments.push({ kind: "text", text: body.slice(at) });
  return segments;
}

/** The text as a person reads it: each token becomes `@Name` (e-mails, notification previews). */
export function mentionsAsPlainText(body: string): string {
  return splitMentions(body)
    .map((s) => (s.kind === "text" ? s.text : `@${s.name}`))
    .join("");
}
