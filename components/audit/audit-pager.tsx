import Link from "next/link";
import { auditTrailHref } from "@/lib/audit/audit-trail-url";
import type { AuditTrailPage, AuditTrailQuery } from "@/lib/audit/audit-trail.types";

/** Newest / Newer / Older links: the same filters, the keyset position from the page (docs/audit.md). */
export function AuditPager(props: { basePath: string; query: AuditTrailQuery; page: AuditTrailPage; label?: string }) {
  const { basePath, query, page } = props;
  const { before: _before, after: _after, ...filters } = query;
  const isNewest = query.before === undefined && query.after === undefined;
  const link = "text-accent-400 hover:underline";
  const off = "text-ink-400";
  return (
    <nav aria-label={props.label ?? "Audit trail pages"} className="flex items-center gap-4 text-sm">
      {isNewest ? (
        <span className={off}>Newest</span>
      ) : (
        <Link href={auditTrailHref(basePath, filters)} className={link}>
          Newest
        </Link>
      )}
      {page.newerAfter === null ? (
        <span className={off}>← Newer</span>
      ) : (
        <Link href={auditTrailHref(basePath, { ...filters, after: page.newerAfter })} className={link} rel="prev">
          ← Newer
        </Link>
      )}
      {page.olderBefore === null ? (
        <span className={off}>Older →</span>
      ) : (
        <Link href={auditTrailHref(basePath, { ...filters, before: page.olderBefore })} className={link} rel="next">
          Older →
        </Link>
      )}
    </nav>
  );
}
