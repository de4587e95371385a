import type { OutgoingEmailView } from "@/lib/email/list-outgoing-emails";
import { formatDate } from "@/lib/format-date";

/**
 * E-mails that did not go out (docs/notifications.md, "E-mail"): `kept` when no SMTP_URL is set,
 * `failed` after their last attempt. The text is shown so an admin can pass a link on by hand.
 */
export function UnsentEmailsTable({ emails }: { emails: OutgoingEmailView[] }) {
  if (emails.length === 0) return <p className="text-ink-400">None: every e-mail was sent.</p>;
  return (
    <ul className="space-y-2" data-testid="unsent-emails">
      {emails.map((email) => (
        <li key={email.id} className="rounded border border-ink-700 p-2 text-sm" data-testid="unsent-email" data-kind={email.kind}>
          <details>
            <summary className="cursor-pointer">
              <span className={email.status === "failed" ? "text-red-300" : "text-ink-300"}>{email.status}</span>{" "}
              · {email.to} · {email.subject} <span className="text-ink-400">· {formatDate(email.createdAt)}</span>
            </summary>
            {email.lastError && <p className="mt-1 text-red-300">Last error: {email.lastError}</p>}
            <pre className="mt-1 whitespace-pre-wrap break-all text-xs text-ink-200" data-testid="unsent-email-text">
              {email.text}
            </pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
