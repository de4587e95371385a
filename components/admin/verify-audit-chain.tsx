"use client";

import { useState } from "react";
import { AuditTrailList } from "@/components/audit/audit-trail-list";
import { verifyAuditChainAction } from "@/lib/admin/admin-actions";
import type { AuditCheckReport } from "@/lib/audit/check-audit-trail";
import { formatDate } from "@/lib/format-date";
import { ActionError, useAdminAction } from "./admin-action";

const LINE_CLASS = { ok: "text-emerald-200", warning: "text-amber-200", error: "text-red-200" } as const;

/**
 * "Verify chain": runs the same check as `npm run audit:verify` on the server (every hash in JS,
 * then the bucket's checkpoint) and shows its lines, and the first bad row when there is one.
 * On a long trail it takes a while (the whole chain is read): the button says so while it runs.
 */
export function VerifyAuditChain() {
  const verify = useAdminAction(verifyAuditChainAction);
  const [report, setReport] = useState<AuditCheckReport | null>(null);

  async function onVerify() {
    const result = await verify.run({});
    setReport(result.ok ? result.data : null);
  }

  return (
    <div className="space-y-3 rounded border border-ink-800 bg-ink-900 p-4">
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn" onClick={onVerify} disabled={verify.isPending}>
          {verify.isPending ? "Verifying…" : "Verify chain"}
        </button>
        <p className="text-sm text-ink-400">
          Recomputes every event's HMAC and compares the end of the chain with the bucket's checkpoint, as{" "}
          <code>npm run audit:verify</code> does.
        </p>
      </div>
      <ActionError message={verify.error} />
      <div aria-live="polite">
        {report && (
          <div className="space-y-2" data-testid="audit-verify-result" data-intact={report.isIntact}>
            <p className={`font-semibold ${report.isIntact ? "text-emerald-200" : "text-red-200"}`}>
              {report.isIntact ? "Intact" : "Tampering found"}{" "}
              <span className="font-normal text-ink-400">(checked {formatDate(report.checkedAt)} UTC)</span>
            </p>
            <ul className="space-y-1 font-mono text-sm">
              {report.lines.map((line) => (
                <li key={line.text} className={LINE_CLASS[line.level]}>
                  {line.text}
                </li>
              ))}
            </ul>
            {report.badSeq !== null && (
              <div className="rounded border border-red-900 p-2">
                <p className="text-sm text-ink-300">The row at seq {report.badSeq}, as the database holds it now:</p>
                <AuditTrailList
                  showProject
                  entries={report.badRow ? [report.badRow] : []}
                  emptyText="No such row: it was deleted."
                />
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
