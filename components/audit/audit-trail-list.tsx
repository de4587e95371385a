import Link from "next/link";
import type { AuditTrailEntry } from "@/lib/audit/audit-trail.types";
import { formatDate } from "@/lib/format-date";

/**
 * Audit entries, newest first: when (UTC), who, what (and what about), and each change as
 * from → to. No state and no hooks: the trail pages render it on the server and the room's Audit
 * tab in the browser. `compact`: the room's narrow panel (one column; no subject, which there is
 * always the room's own version). `showProject`: the admins' trail across projects.
 */
export function AuditTrailList({
  entries,
  compact = false,
  showProject = false,
  emptyText,
}: {
  entries: AuditTrailEntry[];
  compact?: boolean;
  showProject?: boolean;
  emptyText: string;
}) {
  if (entries.length === 0) return <p className="px-1 py-6 text-center text-ink-400">{emptyText}</p>;
  return (
    <ol className="divide-y divide-ink-800" aria-label="Audit events, newest first">
      {entries.map((e) => (
        <li
          key={e.seq}
          className={compact ? "px-3 py-2" : "grid grid-cols-[11rem_1fr] gap-4 py-2.5"}
          data-testid="audit-entry"
          data-action={e.action}
        >
          <div
            className={
              compact ? "flex items-baseline justify-between gap-2 text-xs text-ink-400" : "text-sm text-ink-400"
            }
          >
            <time dateTime={e.occurredAt} className="whitespace-nowrap">
              {formatDate(e.occurredAt)} UTC
            </time>
            {showProject && e.projectCode && <span className="block font-mono text-ink-300">{e.projectCode}</span>}
            <span className={compact ? "font-mono" : "block font-mono text-xs"} title="Position in the hash chain">
              #{e.seq}
            </span>
          </div>
          <div className="min-w-0">
            <p className="text-ink-100">
              <span className="font-medium">{e.title}</span>
              {e.subject && !compact && (
                <>
                  {" · "}
                  {e.subject.href ? (
                    <Link
                      href={e.subject.href}
                      className="text-accent-400 underline decoration-accent-400/40 underline-offset-2 hover:decoration-accent-400"
                    >
                      {e.subject.label}
                    </Link>
                  ) : (
                    <span className="text-ink-300">{e.subject.label}</span>
                  )}
                </>
              )}
            </p>
            {e.changes.map((c) => (
              <p key={c.label} className="text-sm text-ink-300">
                {c.label}: {c.from === null ? <span className="text-ink-400">none</span> : c.from} →{" "}
                <span className="text-ink-100">{c.to}</span>
              </p>
            ))}
            {e.detail && <p className="break-words text-sm text-ink-400">{e.detail}</p>}
            <p className="text-xs text-ink-400">
              by{" "}
              {e.actor ? (
                <span title={e.actor.email}>{e.actor.name}</span>
              ) : e.guestName ? (
                <span>{e.guestName} (guest)</span>
              ) : (
                <span className="italic">the system</span>
              )}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
