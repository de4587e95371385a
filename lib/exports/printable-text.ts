/**
 * Text for the PDF standard font Helvetica, whose repertoire is Windows-1252 (Latin with accents,
 * € – — “ ” …): the notes report and the labels of drawings on its thumbnails.
 */

// Windows-1252 beyond Latin-1: what Helvetica can print besides U+0020–U+007E and U+00A0–U+00FF.
const CP1252_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/** Text the standard fonts can print: accents kept where possible, other characters as "?". */
export function toPrintable(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    if (ch === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(ch)) {
      out += ch;
      continue;
    }
    if (ch === "\t" || ch === "\r") {
      out += " ";
      continue;
    }
    const folded = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out += /^[\x20-\x7e]+$/.test(folded) ? folded : "?";
  }
  return out;
}
