import type { NotificationKind } from "@/db/enums";
import { reviewRoomPath } from "@/lib/review/room-path";
import type { EmailDraft } from "./queue-email";
import { escapeHtml } from "./escape-html";

/** One inbox row as an e-mail tells it: what happened, where, and the link to the frame. */
export type NotificationEmailItem = {
  kind: NotificationKind;
  summary: string;
  actorName: string | null;
  projectId: string;
  projectName: string;
  assetId: string | null;
  assetName: string | null;
  versionId: string | null;
  frame: number | null;
};

export type NotificationEmailInput = NotificationEmailItem & {
  to: string;
  recipientName: string;
  /** Absolute base of links (NEXTAUTH_URL), no trailing slash. */
  appUrl: string;
};

const HEADLINES: Record<NotificationKind, (actor: string) => string> = {
  version_ready: () => "Your version is ready",
  version_failed: () => "Your version failed to process",
  comment: (actor) => `${actor} commented`,
  reply: (actor) => `${actor} replied`,
  mention: (actor) => `${actor} mentioned you`,
  decision: (actor) => `${actor} made a decision`,
};

/** The parts of an item both the single e-mail and the digest show (plain strings, not yet escaped). */
export function describeNotification(item: NotificationEmailItem, appUrl: string) {
  const headline = HEADLINES[item.kind](item.actorName ?? "Someone");
  const where = item.assetName ? `${item.projectName} / ${item.assetName}` : item.projectName;
  const path =
    item.assetId && item.versionId
      ? reviewRoomPath(item.projectId, item.assetId, item.versionId, { frame: item.frame })
      : `/projects/${item.projectId}`;
  const frameNote = item.frame !== null ? ` (frame ${item.frame})` : "";
  return { headline, where, link: `${appUrl}${path}`, frameNote };
}

/**
 * The e-mail for one inbox row: plain text and a simple HTML part saying the same, with a link to
 * the room at the frame. Every name and the summary come from users: the HTML escapes them all.
 */
export function notificationEmail(input: NotificationEmailInput): EmailDraft {
  const { headline, where, link, frameNote } = describeNotification(input, input.appUrl);
  const subject = `[${input.projectName}] ${headline}${input.assetName ? `: ${input.assetName}` : ""}`;
  const text = [
    `Hello ${input.recipientName},`,
    "",
    `${headline} on ${where}${frameNote}:`,
    "",
    input.summary,
    "",
    `Open it: ${link}`,
    "",
    "You get these e-mails because of your AXIOM notification settings (inbox menu).",
  ].join("\n");
  const html = [
    `<p>Hello ${escapeHtml(input.recipientName)},</p>`,
    `<p>${escapeHtml(headline)} on <strong>${escapeHtml(where)}</strong>${escapeHtml(frameNote)}:</p>`,
    `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">${escapeHtml(input.summary)}</blockquote>`,
    `<p><a href="${escapeHtml(link)}">Open it in AXIOM</a></p>`,
    `<p style="color:#888;font-size:12px">You get these e-mails because of your AXIOM notification settings (inbox menu).</p>`,
  ].join("\n");
  return { to: input.to, subject: subject.replace(/[\r\n]+/g, " "), text, html, kind: "notification" };
}
