import type { DigestPeriod } from "@/db/enums";
import { escapeHtml } from "./escape-html";
import { describeNotification, type NotificationEmailItem } from "./notification-email";
import type { EmailDraft } from "./queue-email";

export type DigestEmailInput = {
  to: string;
  recipientName: string;
  period: DigestPeriod;
  /** Oldest first, as they happened. At least one. */
  items: Array<NotificationEmailItem & { summary: string }>;
  /** Absolute base of links (NEXTAUTH_URL), no trailing slash. */
  appUrl: string;
};

const PERIOD_WORD: Record<DigestPeriod, string> = { hourly: "hourly", daily: "daily" };

/**
 * One e-mail listing a user's unread inbox rows of a period (docs/notifications.md, "Digests"):
 * each with what happened, where, the text, and a link to the room at its frame. Plain text and a
 * simple HTML part saying the same; every user-supplied string is escaped in the HTML part.
 */
export function notificationDigestEmail(input: DigestEmailInput): EmailDraft {
  const count = input.items.length;
  const noun = count === 1 ? "notification" : "notifications";
  const described = input.items.map((item) => ({ item, ...describeNotification(item, input.appUrl) }));
  const projects = [...new Set(input.items.map((i) => i.projectName))];
  const subject = `[AXIOM] ${count} unread ${noun}${projects.length === 1 ? ` on ${projects[0]}` : ""}`;
  const text = [
    `Hello ${input.recipientName},`,
    "",
    `${count} unread ${noun} since your last ${PERIOD_WORD[input.period]} digest:`,
    "",
    ...described.flatMap(({ item, headline, where, link, frameNote }, i) => [
      `${i + 1}. ${headline} on ${where}${frameNote}:`,
      `   ${item.summary}`,
      `   ${link}`,
      "",
    ]),
    `You get this ${PERIOD_WORD[input.period]} digest because of your AXIOM notification settings (inbox menu).`,
  ].join("\n");
  const html = [
    `<p>Hello ${escapeHtml(input.recipientName)},</p>`,
    `<p>${count} unread ${noun} since your last ${PERIOD_WORD[input.period]} digest:</p>`,
    "<ol>",
    ...described.map(
      ({ item, headline, where, link, frameNote }) =>
        `<li><p>${escapeHtml(headline)} on <strong>${escapeHtml(where)}</strong>${escapeHtml(frameNote)}:</p>` +
        `<blockquote style="margin:0 0 .5em;padding-left:1em;border-left:3px solid #ccc">${escapeHtml(item.summary)}</blockquote>` +
        `<p><a href="${escapeHtml(link)}">Open it in AXIOM</a></p></li>`,
    ),
    "</ol>",
    `<p style="color:#888;font-size:12px">You get this ${PERIOD_WORD[input.period]} digest because of your AXIOM notification settings (inbox menu).</p>`,
  ].join("\n");
  return { to: input.to, subject: subject.replace(/[\r\n]+/g, " "), text, html, kind: "notification_digest" };
}
