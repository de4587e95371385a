/**
 * Where the sign-in page may send the browser afterwards: a path on this site, or "/".
 *
 * Browsers are lenient in ways a `startsWith("/")` check is not: `//evil.example` and
 * `/\evil.example` are protocol-relative URLs to another host (WHATWG URL treats `\` like `/` in
 * http(s) URLs), and tabs or newlines inside a URL are stripped, so `/\t/evil.example` becomes
 * `//evil.example`. An open redirect from the sign-in page is a phishing aid ("sign in to AXIOM"
 * → a look-alike site), so anything that is not plainly a local path falls back to "/".
 */
export function safeCallbackPath(value: string | null | undefined): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return "/";
  if (!value.startsWith("/")) return "/";
  // Control characters (incl. tab, CR, LF, DEL) and backslashes anywhere: browsers strip or
  // rewrite them, so the path the browser follows would not be the path checked here.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  if (value.startsWith("//")) return "/";
  // Last line of defence: resolved against a placeholder origin, it must stay on that origin.
  const base = "http://axiom.invalid";
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return "/";
  }
  if (resolved.origin !== base) return "/";
  return value;
}
