import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape-html";
import { notificationEmail } from "./notification-email";

describe("escapeHtml", () => {
  it("escapes the five characters that can open markup or end an attribute", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});

describe("notificationEmail", () => {
  const base = {
    to: "p@example.com",
    recipientName: "Pat <b>",
    kind: "comment" as const,
    summary: `<img src=x onerror="alert(1)"> fix the sky`,
    actorName: "Sam & co",
    projectId: "11111111-1111-4111-8111-111111111111",
    projectName: "Night",
    assetId: "22222222-2222-4222-8222-222222222222",
    assetName: "sh010",
    versionId: "33333333-3333-4333-8333-333333333333",
    frame: 42,
    appUrl: "https://axiom.example.com",
  };

  it("links to the room at the frame, absolutely", () => {
    const email = notificationEmail(base);
    const link = `https://axiom.example.com/projects/${base.projectId}/assets/${base.assetId}/versions/${base.versionId}?frame=42`;
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link}"`);
    expect(email.subject).toBe("[Night] Sam & co commented: sh010");
  });

  it("escapes every user-supplied string in the HTML part", () => {
    const html = notificationEmail(base).html ?? "";
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; fix the sky");
    expect(html).toContain("Sam &amp; co commented");
  });

  it("links to the project when the row names no version", () => {
    const email = notificationEmail({ ...base, assetId: null, assetName: null, versionId: null, frame: null });
    expect(email.text).toContain(`Open it: https://axiom.example.com/projects/${base.projectId}\n`);
  });
});
