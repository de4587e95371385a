import { desc, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type OutgoingEmail, outgoingEmails } from "@/db/schema";

export type OutgoingEmailView = Pick<OutgoingEmail, "id" | "to" | "subject" | "text" | "kind" | "status" | "attempts" | "lastError" | "createdAt">;

/**
 * The e-mails that did not go out — `kept` (no SMTP_URL) and `failed` — newest first, for the
 * admin page: an admin can read an invitation's link from here and pass it on. Admins only.
 */
export async function listUnsentEmails(db: DbOrTx, limit = 50): Promise<OutgoingEmailView[]> {
  return db
    .select({
      id: outgoingEmails.id,
      to: outgoingEmails.to,
      subject: outgoingEmails.subject,
      text: outgoingEmails.text,
      kind: outgoingEmails.kind,
      status: outgoingEmails.status,
      attempts: outgoingEmails.attempts,
      lastError: outgoingEmails.lastError,
      createdAt: outgoingEmails.createdAt,
    })
    .from(outgoingEmails)
    .where(inArray(outgoingEmails.status, ["kept", "failed"]))
    .orderBy(desc(outgoingEmails.createdAt))
    .limit(limit);
}
