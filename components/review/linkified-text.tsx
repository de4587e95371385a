import { Fragment } from "react";
import { splitMentions } from "@/lib/mentions/mention-tokens";

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
// Sentence punctuation right after a URL belongs to the sentence, not the link.
const TRAILING = /[.,;:!?)\]}>]+$/;

/** Only http(s) URLs that parse become links; everything else stays text (React escapes it). */
function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * A comment body: `@[Name](user-id)` mentions (lib/mentions) as chips, http/https links made
 * clickable, the rest plain text. Never renders HTML from the body.
 */
export function LinkifiedText({ text }: { text: string }) {
  return (
    <>
      {splitMentions(text).map((segment, i) =>
        segment.kind === "mention" ? (
          <span
            key={i}
            data-testid="mention-chip"
            data-user-id={segment.userId}
            className="rounded bg-accent-500/20 px-1 font-medium text-accent-400"
          >
            @{segment.name}
          </span>
        ) : (
          <Links key={i} text={segment.text} />
        ),
      )}
    </>
  );
}

/** Plain text with http/https links made clickable. */
function Links({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0];
    const start = match.index ?? 0;
    const trailing = TRAILING.exec(raw)?.[0] ?? "";
    const candidate = raw.slice(0, raw.length - trailing.length);
    const href = safeHref(candidate);
    if (!href) continue;
    parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={href} target="_blank" rel="noopener noreferrer" className="text-accent-400 underline hover:text-accent-500">
        {candidate}
      </a>,
    );
    last = start + candidate.length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </>
  );
}
