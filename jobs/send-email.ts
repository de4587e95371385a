import type { JobHelpers } from "graphile-worker";
import nodemailer, { type Transporter } from "nodemailer";
import { sendQueuedEmail } from "@/lib/email/send-queued-email";
import type { MailSettings } from "@/lib/env";
import type { JobPayload } from "@/lib/jobs/definitions";
import type { WorkerContext } from "./worker-context";

export type EmailConfig = { transport: Transporter | null; from: string };

/** nodemailer's transport for SMTP_URL (it parses smtp:// and smtps:// URLs itself); none without it. */
export function emailConfigFromSettings(settings: MailSettings): EmailConfig {
  return { transport: settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null, from: settings.from };
}

/**
 * `send-email`: one attempt (lib/email/send-queued-email.ts). A failure with attempts left throws,
 * so graphile retries it on its backoff; the last one records `failed` and completes the job.
 */
export async function runSendEmail(
  ctx: Pick<WorkerContext, "db" | "email">,
  payload: JobPayload<"send-email">,
  helpers: Pick<JobHelpers, "job">,
): Promise<void> {
  const isLastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
  const outcome = await sendQueuedEmail(ctx.db, {
    emailId: payload.emailId,
    transport: ctx.email.transport,
    from: ctx.email.from,
    isLastAttempt,
  });
  if (outcome === "retry") {
    throw new Error(`send-email ${payload.emailId} failed (attempt ${helpers.job.attempts}/${helpers.job.max_attempts}); see outgoing_emails.last_error`);
  }
}
