import type { DbOrTx } from "@/db/client";
import { outgoingEmails } from "@/db/schema";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

export type EmailDraft = {
  to: string;
  subject: string;
  text: string;
  /** Built from escaped parts only (./escape-html.ts). */
  html?: string | null;
  kind: "notification" | "notification_digest" | "invitation" | "password_reset";
};

/**
 * Attempts of one `send-email` job. graphile's backoff (exp(attempt) seconds) spreads 10 attempts
 * over about 6 hours: an SMTP server down for a restart or a short outage loses nothing.
 */
export const SEND_EMAIL_MAX_ATTEMPTS = 10;

/**
 * Writes the e-mail to `outgoing_emails` and queues its `send-email` job, on the caller's
 * transaction: the e-mail exists if and only if what caused it commits. Returns its id.
 */
export async function queueEmail(tx: DbOrTx, draft: EmailDraft): Promise<string> {
  const [row] = await tx
    .insert(outgoingEmails)
    .values({ to: draft.to, subject: draft.subject, text: draft.text, html: draft.html ?? null, kind: draft.kind })
    .returning({ id: outgoingEmails.id });
  if (!row) throw new Error("queueEmail: insert returned no row");
  await enqueueJob(tx, "send-email", { emailId: row.id }, { maxAttempts: SEND_EMAIL_MAX_ATTEMPTS });
  return row.id;
}
