"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchMentionableMembers } from "@/lib/api-client/endpoints";
import type { MentionableMember } from "@/lib/mentions/mentionable-members.types";
import { mentionToken } from "@/lib/mentions/mention-tokens";

const MAX_SUGGESTIONS = 8;
// `@` at the start or after a space, then what has been typed of a name so far (no spaces yet).
const MENTION_QUERY = /(^|\s)@([^\s@[\]()]{0,40})$/;

/** The `@…` being typed just before the caret, or null: where it starts and what it says so far. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = MENTION_QUERY.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: match.index + match[1]!.length, query: match[2]! };
}

/** `text` with the `@…` at `start..caret` replaced by the member's token and a space; the caret after it. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  member: MentionableMember,
): { text: string; caret: number } {
  const token = `${mentionToken(member.name, member.userId)} `;
  return { text: text.slice(0, start) + token + text.slice(caret), caret: start + token.length };
}

/** The project's members matching `query` (by any part of the name), at most MAX_SUGGESTIONS. */
export function useMentionSuggestions(projectId: string | null, query: string | null): MentionableMember[] {
  const members = useQuery({
    queryKey: ["mentionable-members", projectId],
    queryFn: () => fetchMentionableMembers(projectId!),
    // Fetched the first time someone types `@`, then kept for the room's lifetime (a minute fresh).
    enabled: projectId !== null && query !== null,
    staleTime: 60_000,
  });
  if (query === null) return [];
  const needle = query.toLowerCase();
  return (members.data ?? []).filter((m) => m.name.toLowerCase().includes(needle)).slice(0, MAX_SUGGESTIONS);
}

/** The suggestion list under the composer (a listbox; the textarea keeps focus and drives it). */
export function MentionSuggestions(props: {
  id: string;
  suggestions: MentionableMember[];
  activeIndex: number;
  onPick: (member: MentionableMember) => void;
}) {
  if (props.suggestions.length === 0) return null;
  return (
    <div
      id={props.id}
      role="listbox"
      aria-label="Mention a member"
      className="mt-1 max-h-48 overflow-auto rounded border border-ink-700 bg-ink-850 py-1 text-sm"
    >
      {props.suggestions.map((member, i) => (
        <div
          key={member.userId}
          tabIndex={-1}
          id={`${props.id}-${i}`}
          role="option"
          aria-selected={i === props.activeIndex}
          data-testid="mention-option"
          className={`cursor-pointer px-2 py-1 ${i === props.activeIndex ? "bg-accent-500/30 text-ink-100" : "text-ink-300 hover:bg-ink-800"}`}
          // mousedown, not click: the textarea must not lose focus (and the caret) first.
          onMouseDown={(e) => {
            e.preventDefault();
            props.onPick(member);
          }}
        >
          {member.name}
        </div>
      ))}
    </div>
  );
}
