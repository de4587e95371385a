/** "2026-11-25 12:30" in UTC: the same on the server render and in every browser. */
export function formatDate(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 16).replace("T", " ");
}
