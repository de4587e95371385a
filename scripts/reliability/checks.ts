/**
 * What "nothing lost, nothing stuck, nothing duplicated" means, checked against the database and
 * the bucket after a scenario (docs/operations.md, "Reliability: what the scenarios prove"):
 *
 * - lost: the version row is gone, ended in a state the scenario does not allow (READY expected,
 *   ERROR found: the work was lost), its master object is gone, or an object a rendition row names
 *   is missing;
 * - stuck: still AWAITING_UPLOAD, PENDING or PROCESSING when the scenario's deadline passed;
 * - duplicated: more than one rendition row of a kind, more than one `process-version` job for the
 *   version at any sample (`JobSampler`) or one left queued once the version is final, or objects
 *   under `derived/<versionId>/` that its rendition rows do not name, or whose size differs from the
 *   recorded one (objects of two attempts);
 * - partial: rendition rows or derived objects of a version that did not end READY.
 */
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type postgres from "postgres";
import { isDatabaseUnreachable } from "../../lib/errors";
import type { Storage } from "../../lib/storage";

export type FinalState = "READY" | "ERROR" | "ABANDONED";
const FINAL_STATES = new Set<string>(["READY", "ERROR", "ABANDONED"]);

export type CheckResult = { lost: number; stuck: number; duplicated: number; partial: number; states: Record<string, number>; problems: string[] };

type VersionRow = { id: string; processing_state: string; error_code: string | null; project_id: string };

export async function versionStates(sql: postgres.Sql, ids: string[]): Promise<VersionRow[]> {
  if (ids.length === 0) return [];
  return sql<VersionRow[]>`
    SELECT v.id, v.processing_state, v.error_code, a.project_id
    FROM versions v JOIN assets a ON a.id = v.asset_id
    WHERE v.id = ANY(${ids}::uuid[])`;
}

/** Polls until every version is final or the deadline passes (database outages are waited out). */
export async function waitForFinal(sql: postgres.Sql, ids: string[], deadline: number, sampler?: JobSampler): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      await sampler?.sample();
      const rows = await versionStates(sql, ids);
      if (rows.length === ids.length && rows.every((r) => FINAL_STATES.has(r.processing_state))) return true;
    } catch (error) {
      // The database is down in this very scenario: keep polling until the deadline. Anything else is a bug.
      if (!isDatabaseUnreachable(error)) throw error;
    }
    await sleep(500);
  }
  return false;
}

/** Samples the queue: the largest number of `process-version` jobs one version had at once. */
export class JobSampler {
  readonly maxJobs = new Map<string, number>();
  constructor(private readonly sql: postgres.Sql, private readonly ids: () => string[]) {}

  async sample(): Promise<void> {
    const ids = this.ids();
    if (ids.length === 0) return;
    const rows = await this.sql<{ version_id: string; jobs: number }[]>`
      SELECT j.payload->>'versionId' AS version_id, count(*)::int AS jobs
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'process-version' AND j.payload->>'versionId' = ANY(${ids}::text[])
      GROUP BY 1`;
    for (const r of rows) this.maxJobs.set(r.version_id, Math.max(this.maxJobs.get(r.version_id) ?? 0, r.jobs));
  }
}

export async function checkVersions(
  sql: postgres.Sql,
  storage: Storage,
  expected: { id: string; allowed: FinalState[] }[],
  sampler?: JobSampler,
): Promise<CheckResult> {
  const result: CheckResult = { lost: 0, stuck: 0, duplicated: 0, partial: 0, states: {}, problems: [] };
  const ids = expected.map((e) => e.id);
  // A job finishing as its version turns final is deleted a moment later: let the queue drain.
  const drainDeadline = Date.now() + 10_000;
  while (Date.now() < drainDeadline && (await queuedJobs(sql, ids)).size > 0) await sleep(250);
  const queued = await queuedJobs(sql, ids);
  const rows = new Map((await versionStates(sql, ids)).map((r) => [r.id, r]));

  for (const { id, allowed } of expected) {
    const short = id.slice(0, 8);
    const row = rows.get(id);
    if (!row) {
      result.lost++;
      result.problems.push(`${short}: version row missing`);
      continue;
    }
    const state = row.processing_state;
    result.states[state] = (result.states[state] ?? 0) + 1;
    let isLost = false;
    let isDuplicated = false;
    if (!FINAL_STATES.has(state)) {
      result.stuck++;
      result.problems.push(`${short}: stuck in ${state}`);
    } else if (!allowed.includes(state as FinalState)) {
      isLost = true;
      result.problems.push(`${short}: ended ${state}${row.error_code ? ` (${row.error_code})` : ""}, expected ${allowed.join("/")}`);
    }
    if (state !== "AWAITING_UPLOAD" && state !== "ABANDONED" && !(await storage.head(`masters/${row.project_id}/${id}`))) {
      isLost = true;
      result.problems.push(`${short}: master object missing`);
    }

    const renditionRows = await sql<{ kind: string; storage_key: string; size_bytes: string; details: { files?: { path: string; sizeBytes: number }[] } | null }[]>`
      SELECT kind, storage_key, size_bytes, details FROM renditions WHERE version_id = ${id}`;
    const kinds = new Map<string, number>();
    for (const r of renditionRows) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    for (const [kind, n] of kinds) {
      if (n > 1) {
        isDuplicated = true;
        result.problems.push(`${short}: ${n} ${kind} renditions`);
      }
    }
    const maxJobs = sampler?.maxJobs.get(id) ?? 0;
    if (maxJobs > 1) {
      isDuplicated = true;
      result.problems.push(`${short}: ${maxJobs} process-version jobs at once`);
    }
    if (FINAL_STATES.has(state) && (queued.get(id) ?? 0) > 0) {
      isDuplicated = true;
      result.problems.push(`${short}: ${queued.get(id)} job(s) still queued after ${state}`);
    }

    // Objects: exactly those the rows name, at the recorded sizes.
    const objects = await listObjects(storage, `derived/${id}/`);
    const expectedSizes = new Map<string, number>();
    for (const r of renditionRows) {
      if (r.details?.files) for (const f of r.details.files) expectedSizes.set(`derived/${id}/${f.path}`, f.sizeBytes);
      else expectedSizes.set(r.storage_key, Number(r.size_bytes));
    }
    if (state !== "READY" && (renditionRows.length > 0 || objects.size > 0)) {
      result.partial++;
      result.problems.push(`${short}: ${state} with ${renditionRows.length} rendition rows and ${objects.size} derived objects`);
    } else if (state === "READY") {
      const extra = [...objects.keys()].filter((k) => !expectedSizes.has(k));
      const resized = [...objects].filter(([k, size]) => expectedSizes.has(k) && expectedSizes.get(k) !== size);
      const missing = [...expectedSizes.keys()].filter((k) => !objects.has(k));
      if (extra.length > 0 || resized.length > 0) {
        isDuplicated = true;
        result.problems.push(`${short}: ${extra.length} objects no rendition names, ${resized.length} of another size than recorded`);
      }
      if (missing.length > 0) {
        isLost = true;
        result.problems.push(`${short}: ${missing.length} rendition objects missing`);
      }
      if (kinds.size === 0) {
        isLost = true;
        result.problems.push(`${short}: READY without renditions`);
      }
    }
    if (isLost) result.lost++;
    if (isDuplicated) result.duplicated++;
  }
  return result;
}

async function queuedJobs(sql: postgres.Sql, ids: string[]): Promise<Map<string, number>> {
  const rows = await sql<{ version_id: string; jobs: number }[]>`
    SELECT j.payload->>'versionId' AS version_id, count(*)::int AS jobs
    FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'process-version' AND j.payload->>'versionId' = ANY(${ids}::text[])
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.version_id, r.jobs]));
}

/** Key → size of every object under `prefix`. */
export async function listObjects(storage: Storage, prefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const out = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of out.Contents ?? []) if (o.Key) found.set(o.Key, o.Size ?? 0);
    if (!out.IsTruncated || !out.NextContinuationToken) break;
    token = out.NextContinuationToken;
  }
  return found;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
