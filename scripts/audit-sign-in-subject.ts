/**
 * `npm run audit:sign-in-subject -- someone@example.com`: the `entity_id`s under which failed
 * sign-ins and lockouts on that email are audited when it names no account (entity `sign_in`,
 * lib/auth/sign-in-subject.ts) — one per configured key (AUDIT_HMAC_PREVIOUS_KEYS, then
 * AUDIT_HMAC_KEY), and the query that lists them. Needs the key, not the database: the trail
 * holds only the keyed hash, so this is the only way to ask it about an email.
 */
import { signInSubjectIds } from "../lib/auth/sign-in-subject";
import { getAuditKeys } from "../lib/env";

const email = process.argv[2];
if (!email) {
  console.error("usage: npm run audit:sign-in-subject -- EMAIL");
  process.exit(2);
}
const { all: keys, current } = getAuditKeys();
if (keys.length === 0) {
  console.error("AUDIT_HMAC_KEY is not set: without it, sign-ins on unknown emails are recorded under no email at all");
  process.exit(2);
}
const ids = signInSubjectIds(email, keys);
for (const [i, id] of ids.entries()) {
  const isCurrent = current !== null && i === ids.length - 1;
  console.log(`${id}  (${isCurrent ? "AUDIT_HMAC_KEY" : `AUDIT_HMAC_PREVIOUS_KEYS #${i + 1}`})`);
}
console.log(
  `\nselect seq, occurred_at, action, data from audit_events where entity_type = 'sign_in' and entity_id in (${ids.map((id) => `'${id}'`).join(", ")}) order by seq;`,
);
