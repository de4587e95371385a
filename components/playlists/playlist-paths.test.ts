import { describe, expect, it } from "vitest";
import { parsePlaylistItemIndex, playlistPlayPath } from "./playlist-paths";

describe("playlist room URLs", () => {
  it("name the shot 1-based and read it back 0-based", () => {
    const path = playlistPlayPath("p", "l", 2);
    expect(path).toBe("/projects/p/playlists/l/play?item=3");
    expect(parsePlaylistItemIndex(new URL(path, "http://x").searchParams.get("item"), 5)).toBe(2);
  });

  it("clamp what is out of range or not a number to a shot that exists", () => {
    expect(parsePlaylistItemIndex("99", 3)).toBe(2);
    expect(parsePlaylistItemIndex("0", 3)).toBe(0);
    expect(parsePlaylistItemIndex("-2", 3)).toBe(0);
    expect(parsePlaylistItemIndex("2abc", 3)).toBe(0);
    expect(parsePlaylistItemIndex(undefined, 3)).toBe(0);
    expect(parsePlaylistItemIndex("1", 0)).toBe(0);
  });
});
