import { expect, test, type Page } from "@playwright/test";
import { createProjectViaApi, signInAsAdmin } from "./fixtures";

/**
 * Live updates over real HTTP (docs/events.md): the production build behind `next start`, a
 * browser EventSource, and changes made through the API by another request. Shows that Next.js
 * streams each event as it is committed (no buffering, no compression holding it back) and that a
 * reconnect with a resume point gets exactly what it missed.
 */

type Received = { id: string; type: string; projectId: string };

/** Opens an EventSource in the page; messages collect in window.__events. */
async function openStream(page: Page, query: string): Promise<void> {
  await page.evaluate((q) => {
    const w = window as unknown as { __events: Received[]; __source?: EventSource; __isOpen: boolean };
    w.__events = [];
    w.__isOpen = false;
    const source = new EventSource(`/api/events/stream?${q}`);
    source.onopen = () => {
      w.__isOpen = true;
    };
    source.onmessage = (m: MessageEvent<string>) => {
      const data = JSON.parse(m.data) as { type: string; projectId: string };
      w.__events.push({ id: m.lastEventId, type: data.type, projectId: data.projectId });
    };
    w.__source = source;
  }, query);
  await page.waitForFunction(() => (window as unknown as { __isOpen: boolean }).__isOpen);
}

const received = (page: Page) => page.evaluate(() => (window as unknown as { __events: Received[] }).__events);

test("a change made by another request reaches an open EventSource within a second, and a reconnect resumes after its last id", async ({
  page,
}) => {
  await signInAsAdmin(page);
  const project = await createProjectViaApi(page.request, "Live updates");
  await page.goto("/");
  await openStream(page, `project=${project.id}`);

  const archivedAt = Date.now();
  const archive = await page.request.patch(`/api/admin/projects/${project.id}`, { data: { archived: true } });
  expect(archive.status()).toBe(200);
  await expect.poll(() => received(page), { timeout: 5000 }).toHaveLength(1);
  const latencyMs = Date.now() - archivedAt;
  const [first] = await received(page);
  expect(first).toMatchObject({ type: "project.archived", projectId: project.id });
  expect(first!.id).toMatch(/^\d+$/);
  expect(latencyMs, "commit to browser").toBeLessThan(1000);

  // Away for two changes, back with the last id seen: exactly those two, in order.
  await page.evaluate(() => (window as unknown as { __source: EventSource }).__source.close());
  for (const archived of [false, true]) {
    expect((await page.request.patch(`/api/admin/projects/${project.id}`, { data: { archived } })).status()).toBe(200);
  }
  await openStream(page, `project=${project.id}&lastEventId=${first!.id}`);
  await expect.poll(async () => (await received(page)).map((e) => e.type), { timeout: 5000 }).toEqual([
    "project.unarchived",
    "project.archived",
  ]);
  const ids = (await received(page)).map((e) => Number(e.id));
  expect(ids[0]).toBeGreaterThan(Number(first!.id));
  expect(ids[1]).toBeGreaterThan(ids[0]!);
});
