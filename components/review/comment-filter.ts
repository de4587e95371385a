import type { TimelineMarker } from "@/components/player/timeline";
import type { ReviewComment } from "./review-api";

export type StatusFilter = "open" | "resolved" | "all";

/** What the comments panel shows; the timeline's markers follow the same filter. */
export interface CommentFilter {
  status: StatusFilter;
  /** Author id; "" for everyone. A thread matches when its author or any reply's author matches. */
  author: string;
}

export const NO_FILTER: CommentFilter = { status: "all", author: "" };

export interface CommentThreads {
  /** Top-level comments, in the order given (the room sorts by frame). */
  threads: ReviewComment[];
  /** Replies per thread id, oldest first. */
  repliesOf: Map<string, ReviewComment[]>;
  /** Authors of comments that are not deleted, by name: [id, name]. */
  authors: [string, string][];
}

/** Groups a version's comments into threads with their replies. */
export function groupThreads(comments: readonly ReviewComment[]): CommentThreads {
  const threads = comments.filter((c) => c.parentId === null);
  const repliesOf = new Map<string, ReviewComment[]>();
  for (const c of comments) {
    if (c.parentId === null) continue;
    const list = repliesOf.get(c.parentId) ?? [];
    list.push(c);
    repliesOf.set(c.parentId, list);
  }
  for (const list of repliesOf.values()) list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const names = new Map<string, string>();
  for (const c of comments) if (!c.deleted) names.set(c.author.id, c.author.name);
  return { threads, repliesOf, authors: [...names.entries()].sort((a, b) => a[1].localeCompare(b[1])) };
}

/** Threads still open: not resolved, not deleted (the Comments tab's count). */
export function openThreadCount(grouped: CommentThreads): number {
  return grouped.threads.filter((t) => !t.resolvedAt && !t.deleted).length;
}

export function threadMatchesFilter(thread: ReviewComment, replies: readonly ReviewComment[], filter: CommentFilter): boolean {
  if (filter.status === "open" && thread.resolvedAt) return false;
  if (filter.status === "resolved" && !thread.resolvedAt) return false;
  if (filter.author && thread.author.id !== filter.author && !replies.some((r) => r.author.id === filter.author)) return false;
  return true;
}

/** Threads the filter lets through, in order. */
export function visibleThreads(grouped: CommentThreads, filter: CommentFilter): ReviewComment[] {
  return grouped.threads.filter((t) => threadMatchesFilter(t, grouped.repliesOf.get(t.id) ?? [], filter));
}

/** Threads that get a timeline marker: those the panel shows, minus deleted ones (nothing to point at). */
export function markedThreads(grouped: CommentThreads, filter: CommentFilter): ReviewComment[] {
  return visibleThreads(grouped, filter).filter((t) => !t.deleted);
}

/** The timeline's markers: the threads `markedThreads` keeps, named for assistive technology. */
export function commentMarkersOf(
  grouped: CommentThreads,
  filter: CommentFilter,
  format: (frame: number) => string,
  selectedId: string | null,
): TimelineMarker[] {
  return markedThreads(grouped, filter).map((c) => ({
    id: c.id,
    frameIn: c.frameIn,
    frameOut: c.frameOut,
    label: `Comment by ${c.author.name} at ${format(c.frameIn)}${c.frameOut !== null && c.frameOut !== c.frameIn ? ` to ${format(c.frameOut)}` : ""}: ${c.body.slice(0, 80)}`,
    isResolved: c.resolvedAt !== null,
    isSelected: c.id === selectedId,
  }));
}
