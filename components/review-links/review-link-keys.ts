/** TanStack Query keys of review links. */
export const reviewLinkKeys = {
  project: (projectId: string) => ["review-links", projectId] as const,
};
