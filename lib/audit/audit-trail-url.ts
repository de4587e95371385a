import { auditTrailQuery, type AuditTrailQuery } from "./audit-trail.types";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The trail pages' view from their URL (`?action=…&actor=…&from=…&to=…&version=…&before=…`), so a
 * filtered page can be shared and survives a reload. Each field is checked on its own: an invalid
 * one is dropped and named (the page says so) rather than failing the whole page. Empty values,
 * as an HTML form sends them, are no filter.
 */
export function parseAuditTrailSearch(raw: SearchParams): { query: AuditTrailQuery; invalid: string[] } {
  const query: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [name, schema] of Object.entries(auditTrailQuery.shape)) {
    const value = Array.isArray(raw[name]) ? raw[name][0] : raw[name];
    if (value === undefined || value === "") continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) query[name] = parsed.data;
    else invalid.push(name);
  }
  // One direction at a time: both is not a page.
  if (query.before !== undefined && query.after !== undefined) {
    delete query.before;
    delete query.after;
    invalid.push("before", "after");
  }
  return { query: query as AuditTrailQuery, invalid };
}

/** The URL of a view: `base` with the query's fields that are set, in a fixed order. */
export function auditTrailHref(base: string, query: Partial<AuditTrailQuery>): string {
  const params = new URLSearchParams();
  for (const name of Object.keys(auditTrailQuery.shape) as (keyof AuditTrailQuery)[]) {
    const value = query[name];
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}
