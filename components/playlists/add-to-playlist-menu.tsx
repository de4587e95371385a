"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListPlus, Plus } from "lucide-react";
import { useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { addPlaylistItem, createPlaylist, fetchProjectPlaylists } from "@/lib/api-client/endpoints";
import { playlistKeys } from "./playlist-paths";

/**
 * "Add to playlist" for one version (the room's top bar, the project page's asset rows): the
 * project's playlists, and a new one named after today's date. Renders nothing for members who may
 * not edit playlists (viewers) — the list it loads says whether the caller may.
 */
export function AddToPlaylistMenu({
  projectId,
  versionId,
  label,
}: {
  projectId: string;
  versionId: string;
  label?: string;
}) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: playlistKeys.project(projectId), queryFn: () => fetchProjectPlaylists(projectId) });
  const [status, setStatus] = useState<{ text: string; isError: boolean } | null>(null);
  const add = useMutation({
    mutationFn: async (target: { playlistId: string; name: string } | { newName: string }) => {
      const playlist =
        "newName" in target
          ? await createPlaylist(projectId, target.newName)
          : { id: target.playlistId, name: target.name };
      await addPlaylistItem(playlist.id, versionId);
      return playlist.name;
    },
    onSuccess: (name) => setStatus({ text: `Added to ${name}`, isError: false }),
    onError: (err) => setStatus({ text: errorMessage(err), isError: true }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["playlists", projectId] }),
  });
  if (!list.data?.canEdit) return null;
  const itemClass =
    "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-ink-100 outline-none data-[highlighted]:bg-ink-700 data-[disabled]:cursor-default data-[disabled]:opacity-50";
  return (
    <div className="inline-flex items-center gap-2">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="inline-flex h-8 items-center gap-1.5 rounded px-2 text-xs text-ink-300 hover:bg-ink-700"
          aria-label={label ?? "Add to playlist"}
          data-testid="add-to-playlist"
        >
          <ListPlus size={15} aria-hidden /> Add to playlist
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={6}
            className="z-50 min-w-56 rounded border border-ink-600 bg-ink-850 p-1 text-sm text-ink-100 shadow-xl"
          >
            {list.data.playlists.map((p) => (
              <DropdownMenu.Item
                key={p.id}
                className={itemClass}
                disabled={add.isPending}
                onSelect={() => add.mutate({ playlistId: p.id, name: p.name })}
              >
                <span className="truncate">{p.name}</span>
                <span className="ml-auto text-xs text-ink-400">{p.itemCount}</span>
              </DropdownMenu.Item>
            ))}
            {list.data.playlists.length > 0 && <DropdownMenu.Separator className="my-1 h-px bg-ink-700" />}
            <DropdownMenu.Item
              className={itemClass}
              disabled={add.isPending}
              onSelect={() => add.mutate({ newName: `Dailies ${new Date().toISOString().slice(0, 10)}` })}
            >
              <Plus size={15} aria-hidden /> New playlist with this version
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <span role="status" aria-live="polite" className={`text-xs ${status?.isError ? "text-red-400" : "text-ink-400"}`}>
        {status?.text}
      </span>
    </div>
  );
}
