import Link from "next/link";
import type { AuditTrailQuery } from "@/lib/audit/audit-trail.types";
import { AUDIT_ACTION_OPTIONS } from "@/lib/audit/describe-audit-event";

export type AuditActorOption = { value: string; label: string };

/**
 * The trail's filters as a plain GET form: applying them is a navigation, so the view lives in the
 * URL (shareable, kept on reload) and works without JavaScript. A new filter starts at the newest
 * page (no `before`/`after`); `version` and `project` ride along unless a select offers them.
 */
export function AuditFilterForm(props: {
  basePath: string;
  query: AuditTrailQuery;
  actors: AuditActorOption[];
  /** The admins' page: [id, "CODE — name"] of every project. */
  projects?: { value: string; label: string }[];
}) {
  const { query } = props;
  const field = "flex flex-col gap-1 text-xs text-ink-300";
  return (
    <form
      method="get"
      action={props.basePath}
      className="flex flex-wrap items-end gap-3"
      aria-label="Filter the audit trail"
    >
      {props.projects ? (
        <label className={field}>
          Project
          <select name="project" defaultValue={query.project ?? ""} className="input w-56 py-1.5">
            <option value="">Every project and none</option>
            {props.projects.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      ) : (
        query.version && <input type="hidden" name="version" value={query.version} />
      )}
      <label className={field}>
        Action
        <select name="action" defaultValue={query.action ?? ""} className="input w-64 py-1.5">
          <option value="">Every action</option>
          {AUDIT_ACTION_OPTIONS.map((o) => (
            <option key={o.action} value={o.action}>
              {o.title}
            </option>
          ))}
        </select>
      </label>
      <label className={field}>
        By
        <select name="actor" defaultValue={query.actor ?? ""} className="input w-56 py-1.5">
          <option value="">Anyone</option>
          {props.actors.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label className={field}>
        From (UTC)
        <input type="date" name="from" defaultValue={query.from ?? ""} className="input w-40 py-1.5" />
      </label>
      <label className={field}>
        To (UTC)
        <input type="date" name="to" defaultValue={query.to ?? ""} className="input w-40 py-1.5" />
      </label>
      <button type="submit" className="btn">
        Apply
      </button>
      <Link href={props.basePath} className="py-1.5 text-sm text-accent-400 hover:underline">
        Clear
      </Link>
    </form>
  );
}
