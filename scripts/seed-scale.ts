import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "../db/client";
import type { MemberRole } from "../db/enums";
import { assets, projectMembers, projects, users } from "../db/schema";
import { recordAuditEvents, type AuditEventInput } from "../lib/audit/record-audit-event";
import { generatePassword, hashPassword } from "../lib/auth/passwords";

/**
 * `npm run seed:scale`: a project filled like a show in post — thousands of shots, several versions
 * each, decisions and comments in plausible proportions — for benchmarks and for trying the
 * project page at scale (docs/browsing.md). No FFmpeg and no S3: versions are rows only (their
 * masters and renditions do not exist, so the grid shows its "no poster" tile for them).
 *
 * Every row goes through the database's rules as real ones do: versions are inserted
 * AWAITING_UPLOAD and walked PENDING → PROCESSING → READY | ERROR by UPDATEs the state-machine
 * trigger checks; review states come only from inserted review_decisions rows; each state change
 * has its audit event, chained and HMAC-signed like any other (recordAuditEvents, one batch per
 * few thousand). It writes no events-outbox rows: seeded history is not news, and the relay would
 * otherwise notify and call webhooks for 30,000 uploads that never happened.
 */

export const seedScaleOptions = z
  .object({
    assets: z.coerce.number().int().min(1).max(200_000).default(10_000),
    versions: z.coerce.number().int().min(1).max(1_000_000).default(30_000),
    project: z
      .string()
      .regex(/^[A-Z0-9_]{2,32}$/, "a project code: 2–32 of A–Z, 0–9 and _")
      .default("SCALE"),
    /** Fixes random() so the same options give the same proportions (ids still differ). */
    randomSeed: z.coerce.number().min(-1).max(1).default(0.42),
  })
  .refine((o) => o.versions >= o.assets, { message: "--versions must be at least --assets (every asset has a version)" });
export type SeedScaleOptions = z.input<typeof seedScaleOptions>;

export type SeedScaleResult = {
  projectId: string;
  assets: number;
  versions: number;
  decisions: number;
  comments: number;
  auditEvents: number;
  /** The seeded people's shared password: sign in as any of them (printed once). */
  password: string | null;
};

export const SCALE_PEOPLE: { name: string; role: MemberRole }[] = [
  { name: "Maya Okafor", role: "supervisor" },
  { name: "Tomás Herrera", role: "supervisor" },
  { name: "Ingrid Lund", role: "producer" },
  { name: "Kenji Watanabe", role: "producer" },
  { name: "Priya Raman", role: "producer" },
  { name: "Lucas Moreau", role: "producer" },
  { name: "Ada Nwosu", role: "viewer" },
  { name: "Sam Becker", role: "viewer" },
];
export const scalePersonEmail = (name: string) => `${name.toLowerCase().normalize("NFD").replace(/[^a-z ]/g, "").replace(" ", ".")}@scale.axiom.local`;

const SEED = { source: "seed:scale" } as const;

/** Seeds `options.project` (created when missing), adding assets after any it already has. */
export async function seedScale(db: Db, input: SeedScaleOptions = {}): Promise<SeedScaleResult> {
  const options = seedScaleOptions.parse(input);
  const password = generatePassword();
  // Hashed once, outside the transaction: argon2id is slow on purpose.
  const passwordHash = await hashPassword(password);

  const result = await db.transaction(async (tx) => {
    const audit: AuditEventInput[] = [];
    await tx.execute(sql`select setseed(${options.randomSeed})`);
    const projectId = await ensureProject(tx, options.project, audit);
    const people = await ensurePeople(tx, projectId, passwordHash, audit);
    const uploaderIds = people.filter((p) => p.role !== "viewer").map((p) => p.id);
    const supervisorIds = people.filter((p) => p.role === "supervisor").map((p) => p.id);
    const reviewerIds = people.map((p) => p.id);
    const uuidArray = (ids: string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}]`;

    const [{ existing } = { existing: 0 }] = (await tx.execute(
      sql`select count(*)::int as existing from ${assets} where ${assets.projectId} = ${projectId}`,
    )) as unknown as { existing: number }[];

    // Assets: SQ010_SH0010_comp … five tasks per shot, sixty shots per sequence.
    await tx.execute(sql`
      create temp table seed_assets on commit drop as
      select gen_random_uuid() as id, i - ${existing}::int as idx,
             format('SQ%s_SH%s_%s', lpad(s.sq::text, greatest(3, length(s.sq::text)), '0'),
                    lpad(s.sh::text, 4, '0'), (array['comp','lgt','anim','fx','plate'])[1 + i % 5]) as name,
             now() - random() * interval '120 days' as created_at,
             (${uuidArray(uploaderIds)})[1 + floor(random() * ${uploaderIds.length})::int] as created_by
      from generate_series(${existing}::int, ${existing + options.assets - 1}::int) as i,
           lateral (select 10 * (1 + (i / 5) / 60) as sq, 10 * (1 + (i / 5) % 60) as sh) as s`);
    await tx.execute(sql`
      insert into assets (id, project_id, name, created_by, created_at, last_activity_at)
      select id, ${projectId}, name, created_by, created_at, created_at from seed_assets`);

    // Versions: one per asset, the rest spread at random (most shots at v1–v4, a few much further),
    // uploaded in order between the asset's creation and now.
    await tx.execute(sql`
      create temp table seed_versions on commit drop as
      with extra as (
        select floor(random() * ${options.assets}::int)::int as idx, count(*)::int as n
        from generate_series(1, ${options.versions - options.assets}::int) group by 1
      ), planned as (
        select a.*, 1 + coalesce(e.n, 0) as version_count from seed_assets a left join extra e using (idx)
      )
      select gen_random_uuid() as id, p.id as asset_id, p.name as asset_name, g.n as number, g.n = p.version_count as is_latest,
             (${uuidArray(uploaderIds)})[1 + floor(random() * ${uploaderIds.length})::int] as uploaded_by,
             p.created_at + (now() - p.created_at) * ((g.n - 1 + random() * 0.9) / p.version_count) as uploaded_at,
             random() as fate, random() as verdict, random() as chatter,
             2 + floor(random() * 10)::int as seconds
      from planned p, generate_series(1, p.version_count) as g(n)`);
    await tx.execute(sql`
      insert into versions (id, asset_id, uploaded_by, original_file_name, size_bytes, content_type, storage_key, created_at)
      select id, asset_id, uploaded_by, asset_name || '_v' || lpad(number::text, 3, '0') || '.mov',
             (seconds * 18000000 + floor(fate * 1000000))::bigint, 'video/quicktime',
             'masters/' || ${projectId} || '/' || id, uploaded_at - interval '2 minutes'
      from seed_versions`);
    await tx.execute(sql`
      update versions v set processing_state = 'PENDING', number = s.number, uploaded_at = s.uploaded_at
      from seed_versions s where v.id = s.id`);
    await tx.execute(sql`
      update versions v set processing_state = 'PROCESSING', processing_started_at = s.uploaded_at, attempts = 1, progress = 0
      from seed_versions s where v.id = s.id`);
    // A few masters fail (more among the latest: the ones still being fixed).
    await tx.execute(sql`
      update versions v set processing_state = 'ERROR', error_code = 'corrupt_input',
             error_message = 'moov atom not found (the file was cut off during the upload)'
      from seed_versions s where v.id = s.id and s.fate < case when s.is_latest then 0.04 else 0.02 end`);
    await tx.execute(sql`
      update versions v set processing_state = 'READY', progress = 100, container = 'mov,mp4,m4a,3gp,3g2,mj2',
             video_codec = 'prores', audio_codec = 'pcm_s24le', width = 1920, height = 1080, rotation = 0,
             pixel_format = 'yuv422p10le', frame_rate_num = 24000, frame_rate_den = 1001, is_variable_frame_rate = false,
             frame_count = s.seconds * 24, duration_seconds = s.seconds * 24 / (24000.0 / 1001),
             start_timecode = '01:00:00:00', drop_frame = false, audio_channels = 2, audio_sample_rate = 48000
      from seed_versions s where v.id = s.id and v.processing_state = 'PROCESSING'`);

    // Decisions: the latest versions spread over every standing, superseded ones mostly sent back.
    await tx.execute(sql`
      create temp table seed_decisions on commit drop as
      select gen_random_uuid() as id, s.id as version_id, s.number,
             (${uuidArray(supervisorIds)})[1 + floor(random() * ${supervisorIds.length})::int] as decided_by,
             d.decision::review_decision as decision,
             s.uploaded_at + (now() - s.uploaded_at) * random() * 0.5 as created_at
      from seed_versions s
      join versions v on v.id = s.id and v.processing_state = 'READY'
      cross join lateral (select case
        when s.is_latest then case when s.verdict < 0.42 then null when s.verdict < 0.72 then 'APPROVED'
                                   when s.verdict < 0.90 then 'CHANGES_REQUESTED' else 'REJECTED' end
        else case when s.verdict < 0.75 then 'CHANGES_REQUESTED' when s.verdict < 0.85 then 'REJECTED' else null end
      end as decision) as d
      where d.decision is not null`);
    await tx.execute(sql`
      insert into review_decisions (id, version_id, decided_by, decision, note, created_at)
      select id, version_id, decided_by, decision,
             case decision when 'CHANGES_REQUESTED' then 'See notes: edge work and grain match.'
                           when 'REJECTED' then 'Wrong plate; please re-render from the new turnover.' end,
             created_at
      from seed_decisions`);

    // Comments: a third of the READY versions have one to four threads; on superseded versions
    // nearly all are resolved, on the latest about half.
    await tx.execute(sql`
      create temp table seed_comments on commit drop as
      select gen_random_uuid() as id, s.id as version_id,
             (${uuidArray(reviewerIds)})[1 + floor(random() * ${reviewerIds.length})::int] as author_id,
             floor(random() * s.seconds * 24)::int as frame_in,
             (array['Edge halo on the left shoulder.', 'Grain does not match the plate here.', 'Can we push the key light a touch?',
                    'Tracking slips for two frames.', 'Nice — this works.', 'Sky replacement too saturated.',
                    'Roto chatter on the hair.', 'Motion blur missing on the CG car.'])[1 + floor(random() * 8)::int] as body,
             s.uploaded_at + (now() - s.uploaded_at) * random() * 0.6 as created_at,
             random() < case when s.is_latest then 0.5 else 0.95 end as is_resolved
      from seed_versions s
      join versions v on v.id = s.id and v.processing_state = 'READY'
      cross join lateral generate_series(1, 1 + floor(s.chatter * 12)::int % 4)
      where s.chatter < 0.33`);
    await tx.execute(sql`
      insert into comments (id, version_id, author_id, frame_in, body, created_at)
      select id, version_id, author_id, frame_in, body, created_at from seed_comments`);
    await tx.execute(sql`
      update comments c set resolved_at = s.created_at + interval '1 hour', resolved_by = s.author_id
      from seed_comments s where c.id = s.id and s.is_resolved`);

    // The audit trail, in the order things happened.
    const timeline = (await tx.execute(sql`
      select 'asset.created' as action, 'asset' as entity_type, id as entity_id, created_by as actor_id, created_at as at,
             json_build_object('name', name) as data
      from seed_assets
      union all
      select 'version.uploaded', 'version', s.id, s.uploaded_by, s.uploaded_at,
             json_build_object('assetId', s.asset_id, 'number', s.number, 'size', v.size_bytes)
      from seed_versions s join versions v on v.id = s.id
      union all
      select case v.processing_state when 'READY' then 'version.ready' else 'version.processing_failed' end, 'version', s.id, null,
             s.uploaded_at + interval '3 minutes',
             case v.processing_state when 'READY' then json_build_object('attempt', 1, 'renditions', json_build_array())
                  else json_build_object('code', v.error_code, 'message', v.error_message, 'attempt', 1) end
      from seed_versions s join versions v on v.id = s.id
      union all
      select 'version.review_decided', 'version', d.version_id, d.decided_by, d.created_at,
             json_build_object('decisionId', d.id, 'decision', d.decision, 'previousReviewState', 'IN_REVIEW', 'number', d.number)
      from seed_decisions d
      union all
      select 'comment.created', 'comment', c.id, c.author_id, c.created_at,
             json_build_object('versionId', c.version_id, 'parentId', null, 'frameIn', c.frame_in, 'frameOut', null)
      from seed_comments c
      union all
      select 'comment.resolved', 'comment', c.id, c.author_id, c.created_at + interval '1 hour', json_build_object('versionId', c.version_id)
      from seed_comments c where c.is_resolved
      order by at`)) as unknown as { action: string; entity_type: AuditEventInput["entityType"]; entity_id: string; actor_id: string | null; data: Record<string, unknown> }[];
    for (const row of timeline) {
      audit.push({
        actorId: row.actor_id,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        projectId,
        data: { ...row.data, ...SEED },
      });
    }
    await recordAuditEvents(tx, audit);

    const [counts] = (await tx.execute(sql`
      select (select count(*)::int from seed_versions) as versions, (select count(*)::int from seed_decisions) as decisions,
             (select count(*)::int from seed_comments) as comments`)) as unknown as { versions: number; decisions: number; comments: number }[];
    return {
      projectId,
      assets: options.assets,
      versions: counts!.versions,
      decisions: counts!.decisions,
      comments: counts!.comments,
      auditEvents: audit.length,
      password: people.some((p) => p.isCreated) ? password : null,
    };
  });
  // The triggers rewrote each asset row several times: reclaim the dead rows and give the planner
  // the new proportions now rather than at autovacuum's next pass. Only the tables' owner may;
  // for anyone else PostgreSQL skips them with a warning, and autovacuum does it later.
  for (const table of ["assets", "versions", "comments", "review_decisions"]) await db.execute(sql`vacuum analyze ${sql.identifier(table)}`);
  return result;
}

async function ensureProject(tx: Tx, code: string, audit: AuditEventInput[]): Promise<string> {
  const [found] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.code, code));
  if (found) return found.id;
  const name = `Scale test ${code}`;
  const [created] = await tx.insert(projects).values({ name, code }).returning({ id: projects.id });
  audit.push({ actorId: null, action: "project.created", entityType: "project", entityId: created!.id, projectId: created!.id, data: { name, code, ...SEED } });
  return created!.id;
}

async function ensurePeople(tx: Tx, projectId: string, passwordHash: string, audit: AuditEventInput[]) {
  const people: { id: string; role: MemberRole; isCreated: boolean }[] = [];
  for (const person of SCALE_PEOPLE) {
    const email = scalePersonEmail(person.name);
    const [created] = await tx
      .insert(users)
      .values({ id: randomUUID(), email, name: person.name, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    const [user] = created ? [created] : await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (created) audit.push({ actorId: null, action: "user.created", entityType: "user", entityId: created.id, data: { email, isAdmin: false, ...SEED } });
    const [member] = await tx
      .select({ role: projectMembers.role })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, user!.id)));
    if (!member) {
      await tx.insert(projectMembers).values({ projectId, userId: user!.id, role: person.role });
      audit.push({
        actorId: null,
        action: "project.member_added",
        entityType: "project_member",
        entityId: user!.id,
        projectId,
        data: { email, role: person.role, ...SEED },
      });
    }
    people.push({ id: user!.id, role: member?.role ?? person.role, isCreated: Boolean(created) });
  }
  return people;
}
