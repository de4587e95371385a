import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { playlistItems, playlists } from "@/db/schema";

/**
 * The order of a playlist's items is their `position`, always exactly 0..n-1. Every change (add at
 * a place, move, remove) computes the new order of ids in JS and writes all positions in one
 * UPDATE, inside the transaction that holds the playlist's row lock (playlist-access.ts), so two
 * people reordering at once are applied one after the other, each on the other's result. The
 * unique (playlist, position) constraint is checked at COMMIT (DEFERRABLE INITIALLY DEFERRED,
 * migration 0017): the UPDATE may pass through duplicates, the committed order never has one.
 */

/** `ids` with `id` moved to `toIndex` (clamped to the list). Pure. */
export function moveInOrder(ids: readonly string[], id: string, toIndex: number): string[] {
  const rest = ids.filter((x) => x !== id);
  const at = Math.max(0, Math.min(rest.length, toIndex));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** The item ids of a playlist in order. */
export async function readItemOrder(tx: DbOrTx, playlistId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: playlistItems.id })
    .from(playlistItems)
    .where(eq(playlistItems.playlistId, playlistId))
    .orderBy(asc(playlistItems.position), asc(playlistItems.createdAt));
  return rows.map((r) => r.id);
}

/** Writes positions 0..n-1 in the order of `ids` (only rows that move change) and touches the playlist. */
export async function writeItemOrder(tx: DbOrTx, playlistId: string, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) {
    const list = sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
    await tx.execute(sql`
      update ${playlistItems} as p set position = o.ord - 1
      from unnest(array[${list}]::uuid[]) with ordinality as o(id, ord)
      where p.id = o.id and p.playlist_id = ${playlistId} and p.position <> o.ord - 1`);
  }
  await tx.update(playlists).set({ updatedAt: sql`clock_timestamp()` }).where(eq(playlists.id, playlistId));
}
