/** Where a version is polled over /api/v1 (the UI's answers name `/api/versions/:id`, a cookie route). */
export function v1VersionUrl(versionId: string): string {
  return `/api/v1/versions/${versionId}`;
}
