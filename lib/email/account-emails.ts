import type { EmailDraft } from "./queue-email";
import { escapeHtml } from "./escape-html";

/** The set-password page's absolute URL for a token (`appUrl`: NEXTAUTH_URL, no trailing slash). */
export function setPasswordUrl(appUrl: string, token: string): string {
  return `${appUrl}/set-password?token=${encodeURIComponent(token)}`;
}

/** An admin added this person: a link to choose their password (72 h, single use). */
export function invitationEmail(input: { to: string; name: string; invitedBy: string | null; link: string }): EmailDraft {
  const by = input.invitedBy ? `${input.invitedBy} added you` : "You were added";
  const text = [
    `Hello ${input.name},`,
    "",
    `${by} to AXIOM, the review and approval tool. Choose your password here (the link works once, for 72 hours):`,
    "",
    input.link,
    "",
    `Then sign in as ${input.to}.`,
  ].join("\n");
  const html = [
    `<p>Hello ${escapeHtml(input.name)},</p>`,
    `<p>${escapeHtml(by)} to AXIOM, the review and approval tool. Choose your password here (the link works once, for 72 hours):</p>`,
    `<p><a href="${escapeHtml(input.link)}">Choose your password</a></p>`,
    `<p>Then sign in as ${escapeHtml(input.to)}.</p>`,
  ].join("\n");
  return { to: input.to, subject: "You are invited to AXIOM", text, html, kind: "invitation" };
}

/** Someone (hopefully this person) asked to reset the password: a link for 1 h, single use. */
export function passwordResetEmail(input: { to: string; name: string; link: string }): EmailDraft {
  const text = [
    `Hello ${input.name},`,
    "",
    "Someone asked to reset your AXIOM password. To choose a new one, open this link (it works once, for 1 hour):",
    "",
    input.link,
    "",
    "If it was not you, ignore this e-mail: your password stays as it is.",
  ].join("\n");
  const html = [
    `<p>Hello ${escapeHtml(input.name)},</p>`,
    "<p>Someone asked to reset your AXIOM password. To choose a new one, open this link (it works once, for 1 hour):</p>",
    `<p><a href="${escapeHtml(input.link)}">Choose a new password</a></p>`,
    "<p>If it was not you, ignore this e-mail: your password stays as it is.</p>",
  ].join("\n");
  return { to: input.to, subject: "Reset your AXIOM password", text, html, kind: "password_reset" };
}
