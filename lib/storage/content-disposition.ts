/**
 * `Content-Disposition: attachment` for a user-chosen file name (a master's original name, an
 * asset's name), safe to put in a header and faithful to the name:
 *
 * - `filename*=UTF-8''…` (RFC 6266 / RFC 8187) carries the exact name, percent-encoded down to
 *   RFC 8187's attr-char: `encodeURIComponent` leaves `'()*!` bare, and `'` ends the charset part,
 *   so those are encoded too. CR, LF, `"` and `;` can never appear in the header.
 * - `filename="…"` is an ASCII fallback for clients without RFC 8187 (accents dropped, anything
 *   outside `[A-Za-z0-9._ -]` folded to `_`).
 *
 * The name is first cleaned of what no file name should hold: control characters, and path
 * separators (a download must land in the user's download folder, never in a subfolder or above).
 */
export function attachmentContentDisposition(fileName: string): string {
  const name = cleanDownloadName(fileName);
  const fallback =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9._ -]+/g, "_")
      .replace(/^[ .]+/, "") || "download";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(name)}`;
}

/** A file name without control characters or path separators, at most 200 characters; never empty. */
export function cleanDownloadName(fileName: string): string {
  const cleaned = fileName
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/[/\\]/g, "_")
    .trim()
    .replace(/^\.+/, "");
  return Array.from(cleaned).slice(0, 200).join("") || "download";
}

function encodeRfc8187(text: string): string {
  return encodeURIComponent(text).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
