/**
 * The whole answer of `/r/<token>` when the link cannot be used: a small HTML document with the
 * status that says why — 404 (unknown or revoked: alike) or 410 (expired) — so a browser, a link
 * checker and a test all see the link's state in the status line. No script, no style: nothing
 * for the Content-Security-Policy to refuse.
 */
export function linkEndedPage(status: 404 | 410): Response {
  const title = status === 410 ? "This review link has expired" : "This review link is not available";
  const body = status === 410 ? "Ask the person who shared it with you for a new link." : "It may have been revoked, or the address is not complete.";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · AXIOM</title></head><body><main><h1>${title}</h1><p>${body}</p></main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
