import { z } from "zod";
import type { MemberRole } from "@/db/schema";

/**
 * The one permission table. Every route handler and server action names the permission it
 * needs; nothing else decides who may do what. Global admins hold every permission.
 * Admin-only permissions list no project role.
 */
export const PERMISSIONS = {
  // Project scope
  "project.view": ["producer", "supervisor", "viewer"],
  "asset.upload": ["producer"],
  "version.retry": ["producer"],
  // Mark a version urgent in the processing queue (at upload or later; docs/processing.md "Queue order").
  "version.prioritize": ["producer"],
  "version.decide": ["supervisor"],
  "comment.create": ["producer", "supervisor", "viewer"],
  "comment.resolve": ["producer", "supervisor", "viewer"],
  // The project's audit trail: /api/v1's list, the project's Audit page, the room's Audit tab (docs/audit.md).
  "audit.view": ["producer"],
  // Playlists (docs/playlists.md): every member watches one (project.view); these build them.
  "playlist.edit": ["producer", "supervisor"],
  // Downloads (docs/playlists.md, "Downloads"): the proxy for every member, the master for producers.
  "version.download_proxy": ["producer", "supervisor", "viewer"],
  "version.download_master": ["producer"],
  // Review links (docs/review-links.md): share a version or a playlist with guests outside the studio.
  "review_link.manage": ["producer"],
  // Personal: every signed-in user, on their own rows only (see PERSONAL_PERMISSIONS)
  "notifications.own": ["producer", "supervisor", "viewer"],
  "project.list": ["producer", "supervisor", "viewer"],
  "token.manage": ["producer", "supervisor", "viewer"],
  "account.own": ["producer", "supervisor", "viewer"],
  // Global (admin only)
  "admin.users": [],
  "admin.projects": [],
  "admin.webhooks": [],
  // The processing queue on /admin: see it, bump a version, cancel one.
  "admin.queue": [],
  // Every project's trail and events of no project (sign-ins, accounts), and "Verify chain".
  "admin.audit": [],
} as const satisfies Record<string, readonly MemberRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Permissions about the caller's own things (their inbox, their password, their API tokens, the
 * list of projects they are a member of), not a project's: every signed-in, enabled user holds them
 * whatever their roles, and the domain function only ever reads or writes the actor's own rows.
 * `apiRoute` lets them through without a project.
 */
const PERSONAL_PERMISSIONS: ReadonlySet<Permission> = new Set(["notifications.own", "account.own", "project.list", "token.manage"]);

export function isPersonalPermission(permission: Permission): boolean {
  return PERSONAL_PERMISSIONS.has(permission);
}

export function roleHasPermission(role: MemberRole | null, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly MemberRole[]).includes(role);
}

/**
 * The caller, as every domain function takes it (`actor`): who acts (audit rows, ownership of
 * comments and uploads) and whether they are a global admin. The edges (`apiRoute`,
 * `serverAction`) make it from the session; tests and scripts make it from a user row.
 */
export const actorSchema = z.object({ id: z.uuid(), isAdmin: z.boolean() });
export type Actor = z.infer<typeof actorSchema>;

/** Just the Actor of a user row or session user (no email or name travels into the domain). */
export function actorOf(user: { id: string; isAdmin: boolean }): Actor {
  return { id: user.id, isAdmin: user.isAdmin };
}

/** Whether an actor with `role` in the project (null: not a member) may do `permission`. */
export function can(actor: Actor, role: MemberRole | null, permission: Permission): boolean {
  return actor.isAdmin || roleHasPermission(role, permission);
}

/** Human reason shown next to a disabled control. */
export function describePermission(permission: Permission): string {
  const roles = PERMISSIONS[permission] as readonly MemberRole[];
  if (roles.length === 0) return "Only admins can do this.";
  const names = roles.map((r) => `${r}s`);
  return `Only ${names.join(" and ")} (and admins) can do this.`;
}
