"use client";

import type { CommentFilter, StatusFilter } from "./comment-filter";

const STATUSES: readonly StatusFilter[] = ["all", "open", "resolved"];

/** Status and author filters over the threads (the timeline's markers follow them too). */
export function CommentFilterBar(props: {
  filter: CommentFilter;
  onFilter: (filter: CommentFilter) => void;
  /** [id, name] of everyone who wrote a comment here. */
  authors: readonly (readonly [string, string])[];
  openCount: number;
}) {
  const { filter, onFilter } = props;
  return (
    <div className="flex items-center gap-2 border-b border-ink-800 px-3 py-2">
      <div role="group" aria-label="Filter by status" className="flex rounded border border-ink-700 text-xs">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={filter.status === s}
            onClick={() => onFilter({ ...filter, status: s })}
            className={`px-2 py-1 capitalize first:rounded-l last:rounded-r ${filter.status === s ? "bg-ink-700 text-ink-100" : "text-ink-300 hover:bg-ink-800"}`}
          >
            {s}
          </button>
        ))}
      </div>
      <label className="sr-only" htmlFor="comment-author-filter">
        Filter by author
      </label>
      <select
        id="comment-author-filter"
        value={filter.author}
        onChange={(e) => onFilter({ ...filter, author: e.target.value })}
        className="h-7 min-w-0 flex-1 rounded border border-ink-700 bg-ink-950 px-1 text-xs text-ink-100"
      >
        <option value="">All authors</option>
        {props.authors.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
      <span className="whitespace-nowrap text-xs text-ink-400" aria-live="polite">
        {props.openCount} open
      </span>
    </div>
  );
}
