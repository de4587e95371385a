import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PDFDocument, PDFName, PDFRawStream, PDFDict } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as csvRoute from "../app/api/versions/[versionId]/notes.csv/route";
import * as edlRoute from "../app/api/versions/[versionId]/notes.edl/route";
import * as pdfRoute from "../app/api/versions/[versionId]/notes-pdf/route";
import * as pdfStatusRoute from "../app/api/versions/[versionId]/notes-pdf/[exportId]/route";
import * as pdfFileRoute from "../app/api/versions/[versionId]/notes-pdf/[exportId]/file/route";
import type { User } from "../db/schema";
import { runRenderNotesPdf } from "../jobs/render-notes-pdf";
import type { RouteDeps } from "../lib/api/route";
import { createComment } from "../lib/comments/create-comment";
import { deleteComment } from "../lib/comments/delete-comment";
import { setCommentResolved } from "../lib/comments/set-comment-resolved";
import { s3Environment } from "../scripts/dev-services/local-s3";
import { resetEnvCache } from "../lib/env";
import { markerFrames, parseMarkerEdl } from "../lib/exports/notes-edl";
import type { NotesPdfExport } from "../lib/exports/notes-pdf-export";
import { notesReportSchema } from "../lib/exports/notes-report";
import { inspectPdf, pageContents } from "../lib/exports/test-pdf";
import { JOBS } from "../lib/jobs/definitions";
import { frameNumberShownIn, makeNumberedProxy, makeTempDir } from "../lib/media/test-media";
import { makeProcessingConfig } from "../lib/processing/processing-config";
import { createProcessScratch } from "../lib/processing/scratch-space";
import { createStorage, derivedKey, type Storage } from "../lib/storage";
import { FRAME_RATES, timecodeToFrame } from "../lib/timecode";
import { createAsset, createMember, createProject, createUser, createVersion } from "./helpers/factories";
import { createTestDatabase, testS3Config, type TestDatabase } from "./helpers/test-db";

/**
 * The notes exports end to end: the real route modules on a real database (as the app role), the
 * run's s3rver, and for the PDF the real worker task on a real H.264 proxy whose frames show their
 * own numbers, so the test can tell that each thumbnail is the exact noted frame.
 */

const ORIGIN = "http://axiom.exports.test";
let t: TestDatabase;
let storage: Storage;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;

const as = (user: User | null): RouteDeps => ({ db: t.db, readSession: async () => (user ? { userId: user.id } : null), publicUrl: ORIGIN });
const actor = (u: User) => ({ id: u.id, isAdmin: u.isAdmin });
const paramsOf = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const get = (path: string) => new Request(`${ORIGIN}${path}`);
const post = (path: string) => new Request(`${ORIGIN}${path}`, { method: "POST", headers: { origin: ORIGIN, "sec-fetch-site": "same-origin" } });

type Scene = { viewer: User; supervisor: User; producer: User; outsider: User; versionId: string; frames: number };

/** A project whose names try header injection, a READY version at `rate` with its proxy in the bucket. */
async function makeScene(options: { rate: { num: number; den: number }; dropFrame: boolean; start: string; withProxy: boolean }): Promise<Scene> {
  const project = await createProject(t.db, { name: 'Night "Train"\r\nSet-Cookie: x=1', code: `NGT${Math.random().toString(36).slice(2, 8)}`.toUpperCase() });
  const [producer, supervisor, viewer] = [
    await createMember(t.db, project.id, "producer"),
    await createMember(t.db, project.id, "supervisor"),
    await createMember(t.db, project.id, "viewer"),
  ];
  const outsider = await createUser(t.db);
  const asset = await createAsset(t.db, { projectId: project.id, createdBy: producer.id, name: 'SH010/évasion";\r\nX-Evil: 1' });
  const frames = 200;
  const version = await createVersion(t.db, {
    assetId: asset.id,
    uploadedBy: producer.id,
    renditions: options.withProxy ? ["proxy_mp4"] : [],
    overrides: {
      frameRateNum: options.rate.num,
      frameRateDen: options.rate.den,
      frameCount: frames,
      durationSeconds: (frames * options.rate.den) / options.rate.num,
      startTimecode: options.start,
      dropFrame: options.dropFrame,
      width: 320,
      height: 180,
    },
  });
  if (options.withProxy) {
    const file = join(tmp.dir, `proxy-${version.id}.mp4`);
    await makeNumberedProxy(file, options.rate, frames);
    await storage.putFile(derivedKey(version.id, "proxy.mp4"), file, "video/mp4");
  }
  return { viewer, supervisor, producer, outsider, versionId: version.id, frames };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const s3 = testS3Config();
  Object.assign(process.env, {
    DATABASE_URL: t.appUrl,
    NEXTAUTH_URL: ORIGIN,
    NEXTAUTH_SECRET: "exports-test-secret-0123456789abcdef",
    ...s3Environment(s3),
  });
  resetEnvCache();
  storage = createStorage({ ...s3, forcePathStyle: true });
  tmp = await makeTempDir("exports");
});
afterAll(async () => {
  await tmp?.cleanup();
  await t?.drop();
});

describe("notes.csv and notes.edl", () => {
  let scene: Scene;
  beforeAll(async () => {
    scene = await makeScene({ rate: FRAME_RATES["29.97"], dropFrame: true, start: "00:59:59;28", withProxy: false });
    const v = scene.versionId;
    const first = await createComment(t.db, { actor: actor(scene.viewer), versionId: v, comment: { frameIn: 2, body: "=HYPERLINK(\"http://evil\",\"x\")" } });
    await createComment(t.db, { actor: actor(scene.supervisor), versionId: v, comment: { frameIn: 40, frameOut: 95, body: "Warm drift,\nsee \"grade\"" } });
    await createComment(t.db, { actor: actor(scene.producer), versionId: v, comment: { frameIn: 150, body: "Gone" } }).then((c) =>
      deleteComment(t.db, { actor: actor(scene.producer), commentId: c.id }),
    );
    await createComment(t.db, { actor: actor(scene.producer), versionId: v, comment: { parentId: first.id, body: "On it" } });
    await setCommentResolved(t.db, { actor: actor(scene.supervisor), commentId: first.id, resolved: true });
  });

  it("CSV: a viewer downloads the live notes, guarded against formulas, under a safe file name", async () => {
    const res = await csvRoute.GET.withDeps(as(scene.viewer))(get(`/api/versions/${scene.versionId}/notes.csv`), paramsOf({ versionId: scene.versionId }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="NGT[A-Z0-9]+_SH010_evasion_X-Evil_1_v001_notes\.csv"$/);
    const text = await res.text();
    expect(text).toContain('"1","01:00:00;00","01:00:00;00","2","2"'); // two frames after 00:59:59;28
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(text).toContain('"Warm drift,\nsee ""grade"""');
    expect(text).not.toContain("Gone");
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(3); // header + two live notes
  });

  it("EDL: drop-frame markers that parse back to the notes' frames; ?dialect=avid writes LOC lines", async () => {
    const call = (query: string) =>
      edlRoute.GET.withDeps(as(scene.viewer))(get(`/api/versions/${scene.versionId}/notes.edl${query}`), paramsOf({ versionId: scene.versionId }));
    const res = await call("");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.edl"$/);
    const edl = parseMarkerEdl(await res.text());
    expect(edl.dropFrame).toBe(true);
    const clock = { rate: FRAME_RATES["29.97"], dropFrame: true, start: "00:59:59;28" };
    expect(markerFrames(edl, clock)).toEqual([
      { frameIn: 2, lastFrame: 2 },
      { frameIn: 40, lastFrame: 95 },
    ]);
    // 00:59:59;28 + 2 frames crosses the hour: 01:00:00;00 exists (minute 00 drops nothing).
    expect(edl.markers[0]!.recordIn).toBe("01:00:00;00");
    expect(edl.markers[0]!.resolve).toMatchObject({ color: "ResolveColorGreen", name: scene.viewer.name });

    const avid = parseMarkerEdl(await (await call("?dialect=avid")).text());
    expect(avid.markers.map((m) => timecodeToFrame(m.locator!.timecode, clock))).toEqual([2, 40]);

    const bad = await call("?dialect=premiere");
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error: { code: "validation_failed", message: "dialect: one of resolve, avid" } });
  });

  it("a non-member is told the version does not exist", async () => {
    const res = await csvRoute.GET.withDeps(as(scene.outsider))(get(`/api/versions/${scene.versionId}/notes.csv`), paramsOf({ versionId: scene.versionId }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

/** A magenta rectangle with an arrow pointing at it from the top left, stroked 2 % of the picture height. */
const NOTE_DRAWING = {
  v: 1 as const,
  shapes: [
    { type: "rectangle" as const, color: "magenta", width: 0.02, from: [0.5, 0.5] as [number, number], to: [0.9, 0.9] as [number, number] },
    { type: "arrow" as const, color: "#12ab34", width: 0.02, from: [0, 0] as [number, number], to: [0.5, 0.5] as [number, number] },
  ],
};

describe("notes PDF", () => {
  let scene: Scene;
  const noted = [0, 24, 47, 48, 49, 73, 110, 199]; // eight notes: two pages; keyframe edges of GOP 48

  beforeAll(async () => {
    scene = await makeScene({ rate: FRAME_RATES["23.976"], dropFrame: false, start: "01:00:00:00", withProxy: true });
    for (const [i, frameIn] of noted.entries()) {
      await createComment(t.db, {
        actor: actor(i % 2 ? scene.viewer : scene.supervisor),
        versionId: scene.versionId,
        comment: {
          frameIn,
          frameOut: i === 2 ? 60 : null,
          body: `Note at ${frameIn}: Scène ${"long text ".repeat(i * 10)}`,
          // The second note circles something and points at it: its thumbnail must carry the drawing.
          drawing: i === 1 ? NOTE_DRAWING : null,
        },
      });
    }
  });

  const askPdf = async (who: User) => {
    const res = await pdfRoute.POST.withDeps(as(who))(post(`/api/versions/${scene.versionId}/notes-pdf`), paramsOf({ versionId: scene.versionId }));
    return { status: res.status, body: (await res.json()) as { export: NotesPdfExport } };
  };
  const pdfStatus = async (who: User, exportId: string) => {
    const res = await pdfStatusRoute.GET.withDeps(as(who))(
      get(`/api/versions/${scene.versionId}/notes-pdf/${exportId}`),
      paramsOf({ versionId: scene.versionId, exportId }),
    );
    return { status: res.status, body: (await res.json()) as { export: NotesPdfExport } };
  };

  /**
   * Runs the queued job the way the worker does: its stored payload through the real task. The
   * payload is read from graphile-worker's own table (its public `jobs` view leaves payloads out).
   */
  async function runQueuedJob(exportId: string): Promise<void> {
    const key = JOBS["render-notes-pdf"].jobKey({ versionId: scene.versionId, exportId });
    const [job] = await t.sql<{ id: string; payload: unknown }[]>`select id::text, payload from graphile_worker._private_jobs where key = ${key}`;
    expect(job, "the request queued its job").toBeDefined();
    const payload = JOBS["render-notes-pdf"].payload.parse(job!.payload);
    const scratch = await createProcessScratch(join(tmp.dir, "scratch"));
    const log: unknown[] = [];
    await runRenderNotesPdf(
      { db: t.db, storage, scratch, config: makeProcessingConfig(), shutdownSignal: new AbortController().signal, log: (m, d) => log.push([m, d]) },
      payload,
      { job: { id: job!.id } as never },
    );
    expect(log).toEqual([["render-notes-pdf", expect.objectContaining({ skipped: false, pages: 2, pictures: noted.length })]]);
  }

  it("is asked for, rendered by the worker with the exact noted frames, six notes a page, and downloaded", async () => {
    const asked = await askPdf(scene.viewer);
    expect(asked.status).toBe(202);
    expect(asked.body.export).toMatchObject({ status: "rendering", noteCount: noted.length });
    const exportId = asked.body.export.id;
    expect(await pdfStatus(scene.viewer, exportId)).toMatchObject({ status: 200, body: { export: { status: "rendering" } } });
    // The job carries the notes as they were asked for.
    const [job] = await t.sql<{ payload: { report: unknown } }[]>`select payload from graphile_worker._private_jobs where key = ${`render-notes-pdf:${scene.versionId}:${exportId}`}`;
    expect(notesReportSchema.parse(job!.payload.report).notes.map((n) => n.frameIn)).toEqual(noted);

    await runQueuedJob(exportId);

    const ready = await pdfStatus(scene.viewer, exportId);
    expect(ready.body.export).toMatchObject({ status: "ready", downloadUrl: `/api/versions/${scene.versionId}/notes-pdf/${exportId}/file` });
    const file = await pdfFileRoute.GET.withDeps(as(scene.viewer))(get(ready.body.export.downloadUrl!), paramsOf({ versionId: scene.versionId, exportId }));
    expect(file.status).toBe(302);
    const download = await fetch(file.headers.get("location")!);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(
      /^attachment; filename="NGT[A-Z0-9]+_SH010_evasion_X-Evil_1_v001_notes\.pdf"; filename\*=UTF-8''NGT[A-Z0-9]+_SH010_evasion_X-Evil_1_v001_notes\.pdf$/,
    );
    const bytes = new Uint8Array(await download.arrayBuffer());

    const pdf = await inspectPdf(bytes);
    expect(pdf.pages).toBe(Math.ceil(noted.length / 6));
    expect(pdf.imagesPerPage.map((images) => images.length)).toEqual([6, 2]);
    expect(pdf.imagesPerPage.flat().every((i) => i.width === 320 && i.height === 180 && i.filter === "/DCTDecode")).toBe(true);

    // Each picture, in page order, is the frame its note points at (read from the picture itself).
    const shown: number[] = [];
    const doc = await PDFDocument.load(bytes);
    for (const page of doc.getPages()) {
      const xobjects = page.node.Resources()!.lookup(PDFName.of("XObject"), PDFDict);
      // pdfkit names images I1, I2… in the order it draws them.
      const names = xobjects.keys().sort((a, b) => Number(a.asString().slice(2)) - Number(b.asString().slice(2)));
      for (const name of names) {
        const stream = xobjects.lookup(name);
        if (!(stream instanceof PDFRawStream)) throw new Error(`${name.asString()} is not a stream`);
        const jpeg = join(tmp.dir, `thumb-${shown.length}.jpg`);
        await writeFile(jpeg, stream.contents);
        shown.push(await frameNumberShownIn(jpeg));
      }
    }
    expect(shown).toEqual(noted);

    // The second note's thumbnail carries its drawing as vector paths over the picture (pdfkit draws in
    // top-left coordinates): the 176×99 cell of row 2 holds the 16:9 picture exactly, at (36, 82 + row).
    const [firstPage = ""] = await pageContents(bytes);
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).join(" ");
    const row2 = 82 + (841.89 - 82 - 36 - 16) / 6;
    const at = (u: number, v: number) => `${+(36 + u * 176).toFixed(6)} ${+(row2 + v * 99).toFixed(6)}`;
    expect(firstPage).toContain(`${rgb("#ff2d92")} SCN\n`);
    expect(firstPage).toContain(`1.98 w\n${at(0.5, 0.5)} 70.4 39.6 re\nS\n`);
    expect(firstPage).toContain(`${rgb("#12ab34")} SCN\n`);
    expect(firstPage).toContain(`1.98 w\n${at(0, 0)} m\n`);
    expect(firstPage).toContain(`${at(0.5, 0.5)} m\n`);
    // Only that note has one: a single clip to a picture on the page.
    expect(firstPage.match(/ re\nW n\n/g)).toHaveLength(1);

    // Asked again with nothing changed: the same PDF, at once.
    expect(await askPdf(scene.supervisor)).toMatchObject({ status: 200, body: { export: { id: exportId, status: "ready" } } });
  });

  it("a changed note makes a new export; an unknown export id is not found", async () => {
    const before = (await askPdf(scene.viewer)).body.export.id;
    await createComment(t.db, { actor: actor(scene.viewer), versionId: scene.versionId, comment: { frameIn: 5, body: "One more" } });
    const after = await askPdf(scene.viewer);
    expect(after.status).toBe(202);
    expect(after.body.export.id).not.toBe(before);
    expect((await pdfStatus(scene.viewer, "0".repeat(32))).status).toBe(404);
    const notReady = await pdfFileRoute.GET.withDeps(as(scene.viewer))(
      get(`/api/versions/${scene.versionId}/notes-pdf/${after.body.export.id}/file`),
      paramsOf({ versionId: scene.versionId, exportId: after.body.export.id }),
    );
    expect(notReady.status).toBe(404);
  });

  it("renders grey boxes, not a failure, for a version without a proxy", async () => {
    const bare = await makeScene({ rate: FRAME_RATES["25"], dropFrame: false, start: "10:00:00:00", withProxy: false });
    await createComment(t.db, { actor: actor(bare.viewer), versionId: bare.versionId, comment: { frameIn: 3, body: "No proxy here" } });
    const asked = await pdfRoute.POST.withDeps(as(bare.viewer))(post(`/api/versions/${bare.versionId}/notes-pdf`), paramsOf({ versionId: bare.versionId }));
    const { export: pdf } = (await asked.json()) as { export: NotesPdfExport };
    const key = JOBS["render-notes-pdf"].jobKey({ versionId: bare.versionId, exportId: pdf.id });
    const [job] = await t.sql<{ payload: unknown }[]>`select payload from graphile_worker._private_jobs where key = ${key}`;
    const scratch = await createProcessScratch(join(tmp.dir, "scratch-bare"));
    await runRenderNotesPdf(
      { db: t.db, storage, scratch, config: makeProcessingConfig(), shutdownSignal: new AbortController().signal, log: () => {} },
      JOBS["render-notes-pdf"].payload.parse(job!.payload),
      { job: { id: "1" } as never },
    );
    const stored = await storage.getStream(derivedKey(bare.versionId, `exports/notes-${pdf.id}.pdf`));
    const chunks: Buffer[] = [];
    for await (const chunk of stored) chunks.push(chunk as Buffer);
    expect(await inspectPdf(Buffer.concat(chunks))).toMatchObject({ pages: 1, imagesPerPage: [[]] });
  });
});
