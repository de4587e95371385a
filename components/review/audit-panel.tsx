"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AuditTrailList } from "@/components/audit/audit-trail-list";
import { fetchVersionAuditTrail } from "@/lib/api-client/endpoints";
import { errorMessage } from "./review-api";

/**
 * The room's Audit tab (producers and admins: audit.view): this version's audit trail — its
 * upload, processing, decisions and its comments' events — newest first, in words, with "Show
 * older" pages by seq. Filters live on the project's trail page, linked below. Mounted when the
 * tab opens, so it loads then; `revision` (the decision count) makes a decision show at once.
 */
export function AuditPanel({
  projectId,
  versionId,
  revision,
}: {
  projectId: string;
  versionId: string;
  revision: number;
}) {
  const trail = useInfiniteQuery({
    queryKey: ["review", versionId, "audit", revision],
    queryFn: ({ pageParam }) => fetchVersionAuditTrail(versionId, { before: pageParam ?? undefined }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.olderBefore,
  });
  const entries = trail.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <div className="flex flex-col">
      <p className="border-b border-ink-800 px-3 py-2 text-xs text-ink-400">
        Times in UTC.{" "}
        <Link
          href={`/projects/${projectId}/audit?version=${versionId}`}
          className="text-accent-400 underline decoration-accent-400/40 underline-offset-2 hover:decoration-accent-400"
        >
          Filter in the project's audit trail
        </Link>
      </p>
      {trail.isPending ? (
        <p className="px-3 py-6 text-center text-ink-400">Loading the audit trail…</p>
      ) : trail.isError ? (
        <p role="alert" className="m-3 rounded border border-red-900 bg-red-950/60 px-3 py-2 text-red-200">
          {errorMessage(trail.error)}
        </p>
      ) : (
        <>
          <AuditTrailList entries={entries} compact emptyText="No audit events for this version yet." />
          {trail.hasNextPage && (
            <button
              type="button"
              className="btn m-3"
              onClick={() => void trail.fetchNextPage()}
              disabled={trail.isFetchingNextPage}
            >
              {trail.isFetchingNextPage ? "Loading…" : "Show older"}
            </button>
          )}
        </>
      )}
    </div>
  );
}
