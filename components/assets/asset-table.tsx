import Link from "next/link";
import { AddToPlaylistMenu } from "@/components/playlists/add-to-playlist-menu";
import { ReviewStanding } from "@/components/review/review-standing";
import { formatDate } from "@/lib/format-date";
import { reviewRoomPath } from "@/lib/review/room-path";
import type { AssetRowData } from "./asset-row.types";

/** The list view: one row per asset, for reading across and for bulk work (the playlist menus). */
export function AssetTable(props: { projectId: string; rows: AssetRowData[] }) {
  const { projectId, rows } = props;
  return (
    <table className="w-full border-collapse" data-testid="asset-table">
      <thead className="text-left text-xs uppercase tracking-wide text-ink-400">
        <tr className="border-b border-ink-800">
          <th className="py-2 pr-4 font-medium">Asset</th>
          <th className="py-2 pr-4 font-medium">Latest</th>
          <th className="py-2 pr-4 font-medium">State</th>
          <th className="py-2 pr-4 font-medium">Review</th>
          <th className="py-2 pr-4 font-medium">Open comments</th>
          <th className="py-2 pr-4 font-medium">Uploaded by</th>
          <th className="py-2 pr-4 font-medium">Last activity</th>
          <th className="py-2 font-medium">
            <span className="sr-only">Playlists</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ item: a, decision }) => (
          <tr key={a.id} className="border-b border-ink-850 hover:bg-ink-900" data-testid="asset-row" data-asset-id={a.id}>
            <td className="py-2 pr-4">
              <Link href={`/projects/${projectId}/assets/${a.id}`} className="text-accent-400 hover:underline">
                {a.name}
              </Link>
            </td>
            <td className="py-2 pr-4 font-mono">{a.latestVersion ? `v${a.latestVersion.number}` : "—"}</td>
            <td className="py-2 pr-4">{a.latestVersion?.processingState ?? "uploading"}</td>
            <td className="py-2 pr-4" data-testid="asset-review">
              {a.latestVersion ? (
                <ReviewStanding
                  reviewState={a.latestVersion.reviewState}
                  summary={decision}
                  historyHref={reviewRoomPath(projectId, a.id, a.latestVersion.id, { tab: "decisions" })}
                />
              ) : (
                "—"
              )}
            </td>
            <td className="py-2 pr-4 tabular-nums text-ink-300" data-testid="asset-open-comments">
              {a.latestVersion && a.latestVersion.openCommentCount > 0 ? a.latestVersion.openCommentCount : "—"}
            </td>
            <td className="py-2 pr-4 text-ink-300">{a.latestVersion?.uploadedBy.name ?? "—"}</td>
            <td className="py-2 pr-4 text-ink-400 tabular-nums">{formatDate(new Date(a.lastActivityAt))}</td>
            <td className="py-2">
              {a.latestVersion && (
                <AddToPlaylistMenu
                  projectId={projectId}
                  versionId={a.latestVersion.id}
                  label={`Add ${a.name} v${a.latestVersion.number} to a playlist`}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
