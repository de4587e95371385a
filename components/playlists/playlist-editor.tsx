"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Download, GripVertical, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import {
  deletePlaylist,
  downloadPaths,
  fetchPlaylist,
  movePlaylistItem,
  removePlaylistItem,
  renamePlaylist,
} from "@/lib/api-client/endpoints";
import { REVIEW_STATE_CLASS, REVIEW_STATE_LABEL } from "@/lib/decisions/review-labels";
import type { PlaylistItemView, PlaylistView } from "@/lib/playlists/playlist-view.types";
import { playlistKeys, playlistPlayPath } from "./playlist-paths";

export function itemLabel(item: Pick<PlaylistItemView, "assetName" | "versionNumber">): string {
  return `${item.assetName} v${item.versionNumber ?? "?"}`;
}

/**
 * The playlist page: its shots in order, each with its version's decision at a glance; for editors,
 * rename, reorder (drag a row, or its Move up / Move down buttons, which the keyboard reaches),
 * remove, delete; for everyone, play it in the room and download its proxies. Every change answers
 * with the whole playlist, which replaces the cached one (the server's order is the order shown).
 */
export function PlaylistEditor({ projectId, playlistId }: { projectId: string; playlistId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const key = playlistKeys.playlist(playlistId);
  const playlist = useQuery({ queryKey: key, queryFn: () => fetchPlaylist(playlistId), refetchInterval: 10_000 });
  const [announcement, setAnnouncement] = useState("");
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const applied = (view: PlaylistView) => queryClient.setQueryData(key, view);
  // Keep the keyboard on the moved row once it is rendered in its new place (moving a focused
  // node in the DOM blurs it): the button pressed, or the other one when it reached an end.
  const [refocus, setRefocus] = useState<{ itemId: string; by: "up" | "down" } | null>(null);
  useEffect(() => {
    if (!refocus) return;
    setRefocus(null);
    const row = document.querySelector(`[data-item-id="${CSS.escape(refocus.itemId)}"]`);
    const order = refocus.by === "up" ? ["up", "down"] : ["down", "up"];
    const buttons = order.map((by) => row?.querySelector<HTMLButtonElement>(`[data-move="${by}"]`));
    buttons.find((b) => b && !b.disabled)?.focus();
  }, [refocus]);

  const move = useMutation({
    mutationFn: (m: { item: PlaylistItemView; to: number; by?: "up" | "down" }) =>
      movePlaylistItem(playlistId, m.item.id, m.to),
    onSuccess: (view, m) => {
      applied(view);
      const at = view.items.findIndex((i) => i.id === m.item.id);
      setAnnouncement(`${itemLabel(m.item)} moved to position ${at + 1} of ${view.items.length}.`);
      if (m.by) setRefocus({ itemId: m.item.id, by: m.by });
    },
  });
  const remove = useMutation({
    mutationFn: (item: PlaylistItemView) => removePlaylistItem(playlistId, item.id),
    onSuccess: (view, item) => {
      applied(view);
      setAnnouncement(`${itemLabel(item)} removed.`);
    },
  });
  const [name, setName] = useState<string | null>(null);
  const rename = useMutation({
    mutationFn: (newName: string) => renamePlaylist(playlistId, newName),
    onSuccess: () => {
      setName(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const destroy = useMutation({
    mutationFn: () => deletePlaylist(playlistId),
    onSuccess: () => router.push(`/projects/${projectId}`),
  });

  if (playlist.isPending) return <p className="text-ink-400">Loading playlist…</p>;
  if (playlist.isError)
    return (
      <p role="alert" className="text-red-400">
        {errorMessage(playlist.error)}
      </p>
    );
  const { items, permissions } = playlist.data;
  const canEdit = permissions.canEdit;
  const error = move.error ?? remove.error ?? rename.error ?? destroy.error;
  const hasProxies = items.some((i) => i.hasProxy);

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        {canEdit && name !== null ? (
          <form
            className="flex items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              rename.mutate(name);
            }}
          >
            <label htmlFor="playlist-name" className="sr-only">
              Playlist name
            </label>
            <input
              id="playlist-name"
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="btn" disabled={!name.trim() || rename.isPending}>
              Save
            </button>
            <button type="button" className="btn" onClick={() => setName(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <h1 className="text-lg font-semibold" data-testid="playlist-name">
            {playlist.data.playlist.name}
          </h1>
        )}
        {canEdit && name === null && (
          <button
            type="button"
            className="text-sm text-accent-400 hover:underline"
            onClick={() => setName(playlist.data.playlist.name)}
          >
            Rename
          </button>
        )}
        <div className="ml-auto flex items-center gap-2">
          {items.length > 0 && (
            <Link
              href={playlistPlayPath(projectId, playlistId, 0)}
              className="btn inline-flex items-center gap-1.5"
              data-testid="play-playlist"
            >
              <Play size={15} aria-hidden /> Play
            </Link>
          )}
          {permissions.canDownloadProxies && hasProxies && (
            <a
              href={downloadPaths.playlistProxies(playlistId)}
              download
              className="btn inline-flex items-center gap-1.5"
            >
              <Download size={15} aria-hidden /> Download all proxies (zip)
            </a>
          )}
          {canEdit && (
            <button
              type="button"
              className="btn btn-danger inline-flex items-center gap-1.5"
              disabled={destroy.isPending}
              onClick={() => {
                if (
                  window.confirm(
                    `Delete the playlist “${playlist.data.playlist.name}”? Its versions, comments and decisions stay.`,
                  )
                )
                  destroy.mutate();
              }}
            >
              <Trash2 size={15} aria-hidden /> Delete playlist
            </button>
          )}
        </div>
      </div>
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-400">
          {errorMessage(error)}
        </p>
      )}
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {items.length === 0 ? (
        <p className="text-ink-400">
          This playlist is empty. Add versions from the project page or the review room (“Add to playlist”).
        </p>
      ) : (
        <ol
          className="divide-y divide-ink-850 rounded border border-ink-800"
          aria-label="Shots"
          data-testid="playlist-items"
        >
          {items.map((item, index) => (
            <li
              key={item.id}
              data-item-id={item.id}
              data-testid="playlist-item"
              draggable={canEdit}
              onDragStart={(e) => {
                setDragged(item.id);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/plain", item.id);
              }}
              onDragOver={(e) => {
                if (!dragged) return;
                e.preventDefault();
                setDropTarget(index);
              }}
              onDragEnd={() => {
                setDragged(null);
                setDropTarget(null);
              }}
              onDrop={(e) => {
                e.preventDefault();
                const moving = items.find((i) => i.id === dragged);
                setDragged(null);
                setDropTarget(null);
                if (moving && moving.id !== item.id) move.mutate({ item: moving, to: index });
              }}
              className={`flex items-center gap-3 px-3 py-2 ${dropTarget === index && dragged !== item.id ? "bg-ink-800" : ""} ${dragged === item.id ? "opacity-50" : ""}`}
            >
              {canEdit && <GripVertical size={16} aria-hidden className="cursor-grab text-ink-500" />}
              <span className="w-8 text-right font-mono text-ink-400">{index + 1}</span>
              <Link
                href={playlistPlayPath(projectId, playlistId, index)}
                className="min-w-40 text-accent-400 hover:underline"
              >
                {itemLabel(item)}
              </Link>
              <span
                data-testid="playlist-item-decision"
                data-state={item.reviewState ?? item.processingState}
                className={`rounded border px-1.5 py-0.5 text-xs font-medium ${item.reviewState ? REVIEW_STATE_CLASS[item.reviewState] : "border-ink-700 text-ink-300"}`}
              >
                {item.reviewState ? REVIEW_STATE_LABEL[item.reviewState] : item.processingState.toLowerCase()}
              </span>
              <span className="ml-auto flex items-center gap-1">
                {permissions.canDownloadProxies && item.hasProxy && (
                  <a
                    href={downloadPaths.proxy(item.versionId)}
                    download
                    className="rounded p-1.5 text-ink-300 hover:bg-ink-700"
                    aria-label={`Download the proxy of ${itemLabel(item)}`}
                  >
                    <Download size={15} aria-hidden />
                  </a>
                )}
                {canEdit && (
                  <>
                    <button
                      type="button"
                      className="rounded p-1.5 text-ink-300 hover:bg-ink-700 disabled:opacity-30"
                      aria-label={`Move ${itemLabel(item)} up`}
                      disabled={index === 0}
                      data-move="up"
                      onClick={() => !move.isPending && move.mutate({ item, to: index - 1, by: "up" })}
                    >
                      <ArrowUp size={15} aria-hidden />
                    </button>
                    <button
                      type="button"
                      className="rounded p-1.5 text-ink-300 hover:bg-ink-700 disabled:opacity-30"
                      aria-label={`Move ${itemLabel(item)} down`}
                      disabled={index === items.length - 1}
                      data-move="down"
                      onClick={() => !move.isPending && move.mutate({ item, to: index + 1, by: "down" })}
                    >
                      <ArrowDown size={15} aria-hidden />
                    </button>
                    <button
                      type="button"
                      className="rounded p-1.5 text-ink-300 hover:bg-ink-700"
                      aria-label={`Remove ${itemLabel(item)} from the playlist`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(item)}
                    >
                      <Trash2 size={15} aria-hidden />
                    </button>
                  </>
                )}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
