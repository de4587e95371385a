import postgres from "postgres";

/**
 * Two database roles (docs/security.md, "Database roles"):
 *
 * - the OWNER owns every table, trigger and function and runs the migrations (DDL);
 * - the APP role is what the web app and the worker connect as: it reads and writes rows, and
 *   nothing else. No DDL (it owns nothing, so it can neither drop nor disable a trigger), no
 *   UPDATE/DELETE/TRUNCATE on audit_events or review_decisions, DELETE only where AXIOM deletes.
 *
 * `grantAppRole` is run by every migration (db/migrate.ts), so new tables are covered; it first
 * revokes everything, so the grants below are the whole truth.
 *
 * Events (docs/events.md): the app appends and reads them, never changes or deletes one; the relay
 * moves its cursors (event_consumers: select, insert, update); old events go only through
 * `axiom_prune_events`, a SECURITY DEFINER function that deletes nothing younger than a day.
 */

// Tables the app deletes rows from: renditions (kinds a READY attempt did not make),
// sign_in_attempts (old attempts), project_members (a member removed), webhook_endpoints (an
// endpoint deleted; its deliveries and attempts go by ON DELETE CASCADE, run as the owner), playlists
// and playlist_items (a playlist deleted, an item removed: references only, the versions stay). Triggers still decide when.
const DELETABLE_TABLES = ["renditions", "sign_in_attempts", "project_members", "webhook_endpoints", "playlists", "playlist_items"];
// (api_tokens are never deleted: a revoked token keeps its row, revoked_at set, for the audit trail.)
// Rows that are only ever added.
const APPEND_ONLY_TABLES = ["audit_events", "review_decisions", "events"];

/** As the owner: exactly the app role's privileges on AXIOM's and graphile-worker's schemas. Idempotent. */
export async function grantAppRole(ownerSql: postgres.Sql, appRole: string): Promise<{ warnings: string[] }> {
  const [me] = await ownerSql<{ name: string }[]>`select current_user as name`;
  if (me?.name === appRole) throw new Error(`the app role ${appRole} is the role running the migrations: give the app a role of its own`);
  const app = ownerSql(appRole);
  await ownerSql.begin(async (sql) => {
    await sql`revoke all on all tables in schema public from ${app}`;
    await sql`revoke all on all sequences in schema public from ${app}`;
    await sql`grant usage on schema public to ${app}`;
    await sql`grant select, insert, update on all tables in schema public to ${app}`;
    for (const table of APPEND_ONLY_TABLES) await sql`revoke update on ${sql(table)} from ${app}`;
    for (const table of DELETABLE_TABLES) await sql`grant delete on ${sql(table)} to ${app}`;
    await sql`grant usage, select on all sequences in schema public to ${app}`;
    await sql`grant execute on function axiom_prune_events(integer) to ${app}`;
    // graphile-worker: the web queues jobs (add_job), the worker takes, completes and schedules
    // them (its own tables and functions). Its schema's DDL stays with the owner too.
    await sql`revoke all on all tables in schema graphile_worker from ${app}`;
    await sql`grant usage on schema graphile_worker to ${app}`;
    await sql`grant select, insert, update, delete on all tables in schema graphile_worker to ${app}`;
    await sql`grant usage, select, update on all sequences in schema graphile_worker to ${app}`;
    await sql`grant execute on all functions in schema graphile_worker to ${app}`;
    // graphile-worker turns on row-level security for its private tables with no policy, so that
    // only their owner sees rows: the app role gets one policy per table, all rows.
    const rlsTables = await sql<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'graphile_worker' and c.relkind = 'r' and c.relrowsecurity`;
    for (const { name } of rlsTables) {
      const table = sql`${sql("graphile_worker")}.${sql(name)}`;
      await sql`drop policy if exists axiom_app_access on ${table}`;
      await sql`create policy axiom_app_access on ${table} for all to ${app} using (true) with check (true)`;
    }
  });
  // What the app role must not be able to do, checked rather than assumed (PostgreSQL < 15 lets
  // every role create objects in schema public unless a superuser revoked it).
  const warnings: string[] = [];
  const [check] = await ownerSql<{ can_create: boolean; is_super: boolean; owns_tables: boolean }[]>`
    select has_schema_privilege(${appRole}, 'public', 'CREATE') as can_create,
           (select rolsuper from pg_roles where rolname = ${appRole}) as is_super,
           exists (select 1 from pg_tables where schemaname = 'public' and tableowner = ${appRole}) as owns_tables`;
  if (check?.is_super) warnings.push(`the app role ${appRole} is a superuser: it can do anything, the separation is void`);
  if (check?.owns_tables) warnings.push(`the app role ${appRole} owns tables: it can drop their triggers`);
  if (check?.can_create) {
    warnings.push(`the app role ${appRole} can create objects in schema public: as a superuser, run REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  }
  return { warnings };
}

/**
 * As a superuser (development and tests only): creates the LOGIN role `name` if missing and sets its
 * password. Production roles are made by whoever runs the database (docs/security.md).
 */
export async function ensureLoginRole(adminUrl: string, name: string, password: string): Promise<void> {
  if (name === userOf(adminUrl)) throw new Error(`ensureLoginRole: ${name} is the administrator itself`);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    // A role is cluster-wide: parallel test runs may race to create it.
    await sql`select pg_advisory_lock(7345002)`;
    const [existing] = await sql`select 1 from pg_roles where rolname = ${name}`;
    // Utility statements take no parameters: the password goes in as a quoted literal.
    const literal = `'${password.replaceAll("'", "''")}'`;
    if (!existing) await sql.unsafe(`create role ${quoteIdent(name)} login password ${literal}`);
    else await sql.unsafe(`alter role ${quoteIdent(name)} login nosuperuser password ${literal}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The same server and database as `url`, as another user. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** The user name a connection string logs in as (postgres.js's default: the OS user). */
export function userOf(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  return user || process.env.PGUSER || process.env.USER || "postgres";
}
