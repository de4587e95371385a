import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, playlists, projects, users, versions } from "@/db/schema";
import { reviewRoomPath } from "@/lib/review/room-path";
import type { AuditEventFilters, AuditSubject, AuditTrailPage } from "./audit-trail.types";
import { describeAuditEvent } from "./describe-audit-event";
import { listAuditEvents, type AuditEventRow, type AuditScope } from "./list-audit-events";

/** Entries per page on the screens: a screenful, and a bounded set of names to look up. */
export const AUDIT_TRAIL_PAGE_SIZE = 50;

/**
 * The audit trail as the screens show it: newest first, each event in words (who, what, from →
 * to, about what) — lib/audit/list-audit-events.ts's query, then one lookup per kind of name for
 * the whole page. `before`/`after`: the seq to page from (AuditTrailPage's `olderBefore` and
 * `newerAfter`). The caller authorises (audit.view on the project, or an admin for every project).
 */
export async function listAuditTrail(
  db: DbOrTx,
  params: { scope: AuditScope; filters?: AuditEventFilters; before?: number; after?: number; limit?: number },
): Promise<AuditTrailPage> {
  const limit = params.limit ?? AUDIT_TRAIL_PAGE_SIZE;
  const window =
    params.after !== undefined
      ? { limit, after: params.after }
      : params.before !== undefined
        ? { limit, before: params.before }
        : { limit, end: "newest" as const };
  const slice = await listAuditEvents(db, { scope: params.scope, filters: params.filters, window });
  const names = await lookUpNames(db, slice.events);
  const newestFirst = [...slice.events].reverse();
  return {
    entries: newestFirst.map((event) => {
      const actor = event.actorId ? names.users.get(event.actorId) : undefined;
      return {
        seq: event.seq,
        occurredAt: event.occurredAt,
        action: event.action,
        ...describeAuditEvent(event),
        actor: event.actorId
          ? { id: event.actorId, name: actor?.name ?? "Unknown user", email: actor?.email ?? "" }
          : null,
        guestName: event.actorId ? null : stringIn(event.data, "guestName"),
        subject: subjectOf(event, names),
        projectCode: event.projectId ? (names.projectCodes.get(event.projectId) ?? null) : null,
      };
    }),
    olderBefore: slice.hasOlder ? (slice.events[0]?.seq ?? null) : null,
    newerAfter: slice.hasNewer ? (slice.events.at(-1)?.seq ?? null) : null,
  };
}

type VersionName = { assetId: string; assetName: string; number: number | null; projectId: string };
type Names = {
  users: Map<string, { name: string; email: string }>;
  versions: Map<string, VersionName>;
  assets: Map<string, { name: string; projectId: string }>;
  playlists: Map<string, { name: string; projectId: string }>;
  projects: Map<string, string>;
  projectCodes: Map<string, string>;
};

const stringIn = (data: Record<string, unknown>, key: string) =>
  typeof data[key] === "string" ? (data[key] as string) : null;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The version an event is about: its own entity, or the version a comment of it names. */
const versionIdOf = (e: AuditEventRow) =>
  e.entityType === "version" ? e.entityId : e.entityType === "comment" ? stringIn(e.data, "versionId") : null;

async function lookUpNames(db: DbOrTx, events: AuditEventRow[]): Promise<Names> {
  const ids = (pick: (e: AuditEventRow) => string | null | undefined) => [
    ...new Set(events.map(pick).filter((id): id is string => typeof id === "string" && UUID.test(id))),
  ];
  const userIds = ids((e) => e.actorId).concat(ids((e) => (e.entityType === "user" ? e.entityId : null)));
  const versionIds = ids(versionIdOf);
  const assetIds = ids((e) => (e.entityType === "asset" ? e.entityId : null));
  const playlistIds = ids((e) => (e.entityType === "playlist" ? e.entityId : null));
  const [userRows, versionRows, assetRows, playlistRows] = await Promise.all([
    userIds.length
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds))
      : [],
    versionIds.length
      ? db
          .select({
            id: versions.id,
            number: versions.number,
            assetId: assets.id,
            assetName: assets.name,
            projectId: assets.projectId,
          })
          .from(versions)
          .innerJoin(assets, eq(assets.id, versions.assetId))
          .where(inArray(versions.id, versionIds))
      : [],
    assetIds.length
      ? db
          .select({ id: assets.id, name: assets.name, projectId: assets.projectId })
          .from(assets)
          .where(inArray(assets.id, assetIds))
      : [],
    playlistIds.length
      ? db
          .select({ id: playlists.id, name: playlists.name, projectId: playlists.projectId })
          .from(playlists)
          .where(inArray(playlists.id, playlistIds))
      : [],
  ]);
  const rawProjects = await projectsOf(db, events);
  return {
    users: new Map(userRows.map((u) => [u.id, { name: u.name, email: u.email }])),
    versions: new Map(versionRows.map((v) => [v.id, v])),
    assets: new Map(assetRows.map((a) => [a.id, a])),
    playlists: new Map(playlistRows.map((p) => [p.id, p])),
    projects: new Map(rawProjects.map((p) => [p.id, p.name])),
    projectCodes: new Map(rawProjects.map((p) => [p.id, p.code])),
  };
}

async function projectsOf(db: DbOrTx, events: AuditEventRow[]) {
  const projectIds = [...new Set(events.map((e) => e.projectId).filter((id): id is string => id !== null))];
  if (projectIds.length === 0) return [];
  return db
    .select({ id: projects.id, name: projects.name, code: projects.code })
    .from(projects)
    .where(inArray(projects.id, projectIds));
}

function subjectOf(event: AuditEventRow, names: Names): AuditSubject | null {
  const versionId = versionIdOf(event);
  if (versionId) {
    const v = names.versions.get(versionId);
    if (!v) return { label: "a version", href: null };
    const label = `${v.assetName} ${v.number === null ? "(upload)" : `v${v.number}`}`;
    return { label, href: reviewRoomPath(v.projectId, v.assetId, versionId) };
  }
  switch (event.entityType) {
    case "asset": {
      const a = names.assets.get(event.entityId);
      return a ? { label: a.name, href: `/projects/${a.projectId}/assets/${event.entityId}` } : null;
    }
    case "playlist": {
      const p = names.playlists.get(event.entityId);
      // A deleted playlist keeps its name in its events only.
      const name = p?.name ?? stringIn(event.data, "name") ?? stringIn(event.data, "previousName");
      return name
        ? { label: `Playlist “${name}”`, href: p ? `/projects/${p.projectId}/playlists/${event.entityId}` : null }
        : null;
    }
    case "project": {
      const name = names.projects.get(event.entityId);
      return name ? { label: name, href: `/projects/${event.entityId}` } : null;
    }
    case "user": {
      const u = names.users.get(event.entityId);
      return u ? { label: u.email, href: null } : null;
    }
    case "project_member":
      return stringIn(event.data, "email") ? { label: stringIn(event.data, "email")!, href: null } : null;
    case "sign_in":
      // A keyed hash of an email that names no account (docs/security.md): never the email.
      return { label: `unknown e-mail ${event.entityId.slice(0, 8)}`, href: null };
    case "api_token":
      return stringIn(event.data, "name") ? { label: `Token “${stringIn(event.data, "name")}”`, href: null } : null;
    case "review_link":
      return stringIn(event.data, "name")
        ? { label: `Review link “${stringIn(event.data, "name")}”`, href: null }
        : null;
    default:
      return null;
  }
}
