"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/lib/api-client/api-error";
import { createPlaylist, fetchProjectPlaylists } from "@/lib/api-client/endpoints";
import { playlistKeys, playlistPagePath } from "./playlist-paths";

/** The project page's Playlists section: each playlist with its length, and a form to start one (editors only). */
export function ProjectPlaylists({ projectId }: { projectId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: playlistKeys.project(projectId), queryFn: () => fetchProjectPlaylists(projectId) });
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => createPlaylist(projectId, name),
    onSuccess: (playlist) => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: playlistKeys.project(projectId) });
      router.push(playlistPagePath(projectId, playlist.id));
    },
  });
  return (
    <section aria-labelledby="playlists-heading" className="mb-6">
      <h2 id="playlists-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-ink-300">
        Playlists
      </h2>
      {list.isError && (
        <p role="alert" className="text-red-400">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data && list.data.playlists.length === 0 && <p className="text-ink-400">No playlists yet.</p>}
      {list.data && list.data.playlists.length > 0 && (
        <ul className="mb-2 flex flex-wrap gap-2" data-testid="playlist-list">
          {list.data.playlists.map((p) => (
            <li key={p.id}>
              <Link
                href={playlistPagePath(projectId, p.id)}
                className="inline-flex items-center gap-2 rounded border border-ink-700 bg-ink-900 px-3 py-1.5 text-accent-400 hover:bg-ink-800"
              >
                {p.name}{" "}
                <span className="text-xs text-ink-400">{p.itemCount === 1 ? "1 shot" : `${p.itemCount} shots`}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {list.data?.canEdit && (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate();
          }}
        >
          <label htmlFor="new-playlist-name" className="sr-only">
            New playlist name
          </label>
          <input
            id="new-playlist-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            placeholder="New playlist, e.g. Dailies 12 March"
            className="h-8 w-72 rounded border border-ink-600 bg-ink-950 px-2 text-sm"
          />
          <button type="submit" disabled={!name.trim() || create.isPending} className="btn">
            Create playlist
          </button>
          {create.isError && (
            <span role="alert" className="text-sm text-red-400">
              {errorMessage(create.error)}
            </span>
          )}
        </form>
      )}
    </section>
  );
}
