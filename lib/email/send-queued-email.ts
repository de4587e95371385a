import { and, eq, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { DbOrTx } from "@/db/client";
import { outgoingEmails } from "@/db/schema";

export type SendOutcome = "sent" | "kept" | "retry" | "failed" | "skipped";

const ERROR_MAX = 500;

/**
 * One attempt at an e-mail of `outgoing_emails`. Without a transport (no SMTP_URL) it is marked
 * `kept`: it stays readable by admins (/admin) and nothing is lost. With one, nodemailer sends it:
 * `sent`, or the error is recorded and the caller retries (`retry`) until its last attempt
 * (`failed`). An e-mail that is no longer `queued` (sent or kept by an earlier run) is `skipped`:
 * a job retried after a crash between sending and recording may still send twice — SMTP gives no
 * way to make that exactly once.
 */
export async function sendQueuedEmail(
  db: DbOrTx,
  params: { emailId: string; transport: Transporter | null; from: string; isLastAttempt: boolean },
): Promise<SendOutcome> {
  const [email] = await db.select().from(outgoingEmails).where(eq(outgoingEmails.id, params.emailId));
  if (!email || email.status !== "queued") return "skipped";
  const whileQueued = and(eq(outgoingEmails.id, email.id), eq(outgoingEmails.status, "queued"));
  if (!params.transport) {
    await db.update(outgoingEmails).set({ status: "kept" }).where(whileQueued);
    return "kept";
  }
  try {
    await params.transport.sendMail({
      from: params.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      ...(email.html ? { html: email.html } : {}),
    });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, ERROR_MAX);
    await db
      .update(outgoingEmails)
      .set({
        attempts: sql`${outgoingEmails.attempts} + 1`,
        lastError: message,
        ...(params.isLastAttempt ? { status: "failed" as const } : {}),
      })
      .where(whileQueued);
    return params.isLastAttempt ? "failed" : "retry";
  }
  await db
    .update(outgoingEmails)
    .set({ status: "sent", sentAt: new Date(), attempts: sql`${outgoingEmails.attempts} + 1`, lastError: null })
    .where(whileQueued);
  return "sent";
}
