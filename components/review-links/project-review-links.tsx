"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "@/lib/api-client/api-error";
import { fetchReviewLinks, revokeReviewLink } from "@/lib/api-client/endpoints";
import { TableHead } from "@/components/table-head";
import { formatDate } from "@/lib/format-date";
import type { ReviewLinkSummary } from "@/lib/review-links/review-link.types";
import { reviewLinkKeys } from "./review-link-keys";

const STATUS_CLASS: Record<ReviewLinkSummary["status"], string> = {
  live: "text-emerald-400",
  expired: "text-amber-400",
  revoked: "text-ink-400",
};

/** The project page's Review links section (producers): every link, its state, and Revoke. */
export function ProjectReviewLinks({ projectId }: { projectId: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: reviewLinkKeys.project(projectId), queryFn: () => fetchReviewLinks(projectId) });
  const revoke = useMutation({
    mutationFn: revokeReviewLink,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reviewLinkKeys.project(projectId) }),
  });
  return (
    <section aria-labelledby="review-links-heading" className="mb-6">
      <h2 id="review-links-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-ink-300">
        Review links
      </h2>
      {list.isError && (
        <p role="alert" className="text-red-400">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data?.length === 0 && <p className="text-ink-400">No review links yet. Share a version from its room, or a playlist from its page.</p>}
      {list.data && list.data.length > 0 && (
        <table className="w-full max-w-4xl border-collapse" aria-label="Review links" data-testid="review-link-list">
          <TableHead columns={["Name", "Shares", "Expires", "Guests", "State", { label: "Actions", isHidden: true }]} />
          <tbody>
            {list.data.map((link) => (
              <tr key={link.id} className="border-t border-ink-800" data-testid="review-link-row">
                <td className="py-1.5 pr-4 text-ink-100">
                  {link.name}
                  <span className="ml-2 text-xs text-ink-400">
                    {[link.hasPassphrase && "passphrase", link.allowComments && "comments", link.allowDownload && "proxy download", !link.watermark && "no watermark"]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </td>
                <td className="py-1.5 pr-4 text-ink-200">
                  {link.target.kind === "playlist" ? "Playlist " : ""}
                  {link.target.label}
                </td>
                <td className="py-1.5 pr-4 text-ink-200">{formatDate(link.expiresAt)} UTC</td>
                <td className="py-1.5 pr-4 text-ink-200">{link.guestCount}</td>
                <td className={`py-1.5 pr-4 ${STATUS_CLASS[link.status]}`}>{link.status}</td>
                <td className="py-1.5">
                  {link.status !== "revoked" && (
                    <button
                      type="button"
                      className="btn"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(link.id)}
                      aria-label={`Revoke ${link.name}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.isError && (
        <p role="alert" className="text-red-400">
          {errorMessage(revoke.error)}
        </p>
      )}
    </section>
  );
}
