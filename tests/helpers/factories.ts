import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import {
  assets,
  projectMembers,
  projects,
  renditions,
  reviewDecisions,
  users,
  versions,
  type Asset,
  type MemberRole,
  type ProcessingState,
  type Project,
  type Rendition,
  type RenditionKind,
  type ReviewState,
  type User,
  type Version,
} from "../../db/schema";
import { hashPassword } from "../../lib/auth/passwords";

/**
 * Test data factories: every call makes unique rows (emails, codes, names, keys), and every
 * field can be overridden. Rows are inserted directly, bypassing the domain functions, so a
 * test can set up any state — but versions still walk the *legal* state sequence, because the
 * database's state-machine trigger refuses anything else (db/migrations/0001_integrity.sql).
 */

const tag = () => randomUUID().slice(0, 8);

/** An email no other row has, starting with `label` (for tests that name the user themselves). */
export const uniqueEmail = (label = "user") => `${label}-${tag()}@example.test`;

/** A user. `password` (optional) is hashed for real, for tests that sign in; otherwise a dummy hash. */
export async function createUser(
  db: DbOrTx,
  overrides: Partial<typeof users.$inferInsert> & { password?: string } = {},
): Promise<User> {
  const { password, ...rest } = overrides;
  const t = tag();
  const [user] = await db
    .insert(users)
    .values({
      email: `user-${t}@example.test`,
      name: `User ${t}`,
      passwordHash: password ? await hashPassword(password) : "not-a-real-hash",
      ...rest,
    })
    .returning();
  return user!;
}

export async function createProject(db: DbOrTx, overrides: Partial<typeof projects.$inferInsert> = {}): Promise<Project> {
  const t = tag();
  const [project] = await db
    .insert(projects)
    .values({ name: `Project ${t}`, code: `P_${t}`.toUpperCase(), ...overrides })
    .returning();
  return project!;
}

export async function addMember(db: DbOrTx, params: { projectId: string; userId: string; role: MemberRole }): Promise<void> {
  await db.insert(projectMembers).values(params);
}

/** A new user who is a member of the project with `role`. */
export async function createMember(
  db: DbOrTx,
  projectId: string,
  role: MemberRole,
  overrides: Parameters<typeof createUser>[1] = {},
): Promise<User> {
  const user = await createUser(db, { name: `${role[0]!.toUpperCase()}${role.slice(1)} ${tag()}`, ...overrides });
  await addMember(db, { projectId, userId: user.id, role });
  return user;
}

export async function createAsset(
  db: DbOrTx,
  params: { projectId: string } & Partial<typeof assets.$inferInsert>,
): Promise<Asset> {
  const [asset] = await db
    .insert(assets)
    .values({ name: `SH${tag()}`, ...params })
    .returning();
  return asset!;
}

/** Probe facts of a typical READY version: 10 s of 1080p at 23.976 (240 frames). */
export const READY_FACTS = {
  container: "mov,mp4,m4a,3gp,3g2,mj2",
  videoCodec: "prores",
  audioCodec: "pcm_s24le",
  width: 1920,
  height: 1080,
  rotation: 0,
  pixelFormat: "yuv422p10le",
  frameRateNum: 24000,
  frameRateDen: 1001,
  isVariableFrameRate: false,
  frameCount: 240,
  durationSeconds: 240 / (24000 / 1001),
  startTimecode: "01:00:00:00",
  dropFrame: false,
} satisfies Partial<typeof versions.$inferInsert>;

export type CreateVersionParams = {
  assetId: string;
  uploadedBy: string;
  /** Processing state to reach (default READY). */
  state?: ProcessingState;
  /** Review state once READY (default IN_REVIEW); another one is reached through a review_decisions row by the uploader. */
  reviewState?: ReviewState;
  /**
   * Rendition rows (see createRendition) written in the transaction that makes the version READY:
   * the only one the database lets write them (migration 0007). A kind alone takes createRendition's
   * default file; `{ kind, path, contentType }` names another (e.g. an older version's `waveform.png`).
   */
  renditions?: (RenditionKind | { kind: RenditionKind; path: string; contentType: string })[];
  /** Column overrides applied at insert (identity) or on reaching READY (probe facts). */
  overrides?: Partial<typeof versions.$inferInsert>;
};

/**
 * A version in any processing state, reached through the legal sequence
 * AWAITING_UPLOAD → PENDING (number assigned) → PROCESSING → READY (review IN_REVIEW) | ERROR,
 * or AWAITING_UPLOAD → ABANDONED. A READY version gets `READY_FACTS` unless overridden.
 */
export async function createVersion(db: DbOrTx, params: CreateVersionParams): Promise<Version> {
  const state = params.state ?? "READY";
  const overrides = params.overrides ?? {};
  const id = overrides.id ?? randomUUID();
  const {
    number: numberOverride,
    processingState: _ignored,
    reviewState: _ignoredToo,
    ...rest
  } = overrides;
  await db.insert(versions).values({
    id,
    assetId: params.assetId,
    uploadedBy: params.uploadedBy,
    originalFileName: `shot-${tag()}.mov`,
    sizeBytes: 1024 * 1024,
    contentType: "video/quicktime",
    storageKey: `masters/test/${id}`,
    ...pickIdentity(rest),
  });

  const path: ProcessingState[] =
    state === "AWAITING_UPLOAD"
      ? []
      : state === "ABANDONED"
        ? ["ABANDONED"]
        : state === "PENDING"
          ? ["PENDING"]
          : state === "PROCESSING"
            ? ["PENDING", "PROCESSING"]
            : ["PENDING", "PROCESSING", state]; // READY or ERROR

  for (const next of path) {
    if (next === "PENDING") {
      await db
        .update(versions)
        .set({
          processingState: "PENDING",
          uploadedAt: new Date(),
          number:
            numberOverride ??
            sql`(select coalesce(max(v.number), 0) + 1 from ${versions} v where v.asset_id = ${params.assetId})`,
        })
        .where(eq(versions.id, id));
    } else if (next === "PROCESSING") {
      await db
        .update(versions)
        .set({ processingState: "PROCESSING", processingStartedAt: new Date(), attempts: 1, progress: 0 })
        .where(eq(versions.id, id));
    } else if (next === "READY") {
      await db.transaction(async (tx) => {
        await tx
          .update(versions)
          .set({ ...READY_FACTS, ...pickFacts(rest), processingState: "READY", reviewState: "IN_REVIEW", progress: 100 })
          .where(eq(versions.id, id));
        for (const r of params.renditions ?? []) {
          if (typeof r === "string") await createRendition(tx, { versionId: id, kind: r });
          else await createRendition(tx, { versionId: id, kind: r.kind, storageKey: `derived/${id}/${r.path}`, contentType: r.contentType });
        }
      });
      if (params.reviewState && params.reviewState !== "IN_REVIEW") {
        await db.insert(reviewDecisions).values({ versionId: id, decidedBy: params.uploadedBy, decision: params.reviewState });
      }
    } else if (next === "ERROR") {
      await db
        .update(versions)
        .set({ processingState: "ERROR", errorCode: "corrupt_input", errorMessage: "moov atom not found", ...pickFacts(rest) })
        .where(eq(versions.id, id));
    } else if (next === "ABANDONED") {
      await db.update(versions).set({ processingState: "ABANDONED" }).where(eq(versions.id, id));
    }
  }
  const [version] = await db.select().from(versions).where(eq(versions.id, id));
  return version!;
}

const IDENTITY_COLUMNS = [
  "originalFileName",
  "sizeBytes",
  "contentType",
  "sha256Declared",
  "storageKey",
  "multipartUploadId",
  "createdAt",
] as const;

function pickIdentity(o: Partial<typeof versions.$inferInsert>): Partial<typeof versions.$inferInsert> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => (IDENTITY_COLUMNS as readonly string[]).includes(k)));
}

function pickFacts(o: Partial<typeof versions.$inferInsert>): Partial<typeof versions.$inferInsert> {
  return Object.fromEntries(
    Object.entries(o).filter(([k]) => !(IDENTITY_COLUMNS as readonly string[]).includes(k) && k !== "id"),
  );
}

/**
 * A rendition row (the object itself is not written: put it in S3 yourself when the test reads it).
 * Only inside the transaction that makes the version READY: use createVersion's `renditions`.
 */
export async function createRendition(
  db: DbOrTx,
  params: { versionId: string; kind: RenditionKind } & Partial<typeof renditions.$inferInsert>,
): Promise<Rendition> {
  const defaults: Record<RenditionKind, { path: string; contentType: string }> = {
    proxy_mp4: { path: "proxy.mp4", contentType: "video/mp4" },
    hls: { path: "hls/master.m3u8", contentType: "application/vnd.apple.mpegurl" },
    poster: { path: "poster.jpg", contentType: "image/jpeg" },
    sprite: { path: "sprite/sprite.jpg", contentType: "image/jpeg" },
    thumbnails_vtt: { path: "sprite/thumbnails.vtt", contentType: "text/vtt" },
    // Peaks JSON (docs/processing.md, "Waveform"); versions processed before it have `waveform.png`.
    waveform: { path: "waveform.json", contentType: "application/json" },
  };
  const d = defaults[params.kind];
  const [row] = await db
    .insert(renditions)
    .values({
      storageKey: `derived/${params.versionId}/${d.path}`,
      contentType: d.contentType,
      sizeBytes: 1,
      sha256: "0".repeat(64),
      ...params,
    })
    .returning();
  return row!;
}

/** A project with an asset and one member per role, plus an admin: the usual cast of a review test. */
export async function createReviewScene(db: DbOrTx) {
  const project = await createProject(db);
  const [producer, supervisor, viewer] = [
    await createMember(db, project.id, "producer"),
    await createMember(db, project.id, "supervisor"),
    await createMember(db, project.id, "viewer"),
  ];
  const admin = await createUser(db, { isAdmin: true, name: `Admin ${tag()}` });
  const outsider = await createUser(db);
  const asset = await createAsset(db, { projectId: project.id, createdBy: producer.id });
  return { project, asset, producer, supervisor, viewer, admin, outsider };
}

/**
 * A project with its producer and supervisor, and another project with its own producer (the
 * outsider) and a version there: the start of a test of one project's objects and of the refusals
 * across projects. `foreignVersion`: createVersion's parameters for that version (its renditions).
 */
export async function createTwoProjectScene(
  db: DbOrTx,
  options: { foreignVersion?: Omit<CreateVersionParams, "assetId" | "uploadedBy"> } = {},
) {
  const project = await createProject(db);
  const producer = await createMember(db, project.id, "producer");
  const supervisor = await createMember(db, project.id, "supervisor");
  const other = await createProject(db);
  const outsider = await createMember(db, other.id, "producer");
  const otherAsset = await createAsset(db, { projectId: other.id, createdBy: outsider.id });
  const foreignVersion = await createVersion(db, { ...options.foreignVersion, assetId: otherAsset.id, uploadedBy: outsider.id });
  return { project, producer, supervisor, other, outsider, foreignVersion };
}
