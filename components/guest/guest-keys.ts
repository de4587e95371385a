/** TanStack Query keys of the guest page. */
export const guestKeys = {
  share: (linkId: string) => ["guest", linkId, "share"] as const,
  version: (linkId: string, versionId: string) => ["guest", linkId, "version", versionId] as const,
  comments: (linkId: string, versionId: string) => ["guest", linkId, "comments", versionId] as const,
};
