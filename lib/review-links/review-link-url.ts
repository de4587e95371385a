/** The guest page of a link: `<app>/r/<token>` (the page is outside the signed-in layout). */
export function reviewLinkUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/+$/, "")}/r/${token}`;
}
