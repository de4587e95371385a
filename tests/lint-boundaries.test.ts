/**
 * The import boundaries in biome.jsonc hold: the real config is run by the real linter over a
 * throwaway tree (in the OS temp dir, never in the checkout) that mirrors the repository's folders.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

const ROOT = path.resolve(__dirname, "..");
const BIOME = path.join(ROOT, "node_modules", ".bin", "biome");

const biomeReport = z.object({
  diagnostics: z.array(
    z.object({
      category: z.string().optional(),
      message: z.string(),
      location: z.object({ path: z.string().optional() }).optional(),
    }),
  ),
});

type LintRun = { exitCode: number; findings: { category?: string; message: string; file?: string }[] };

const tmpDirs: string[] = [];
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Lints `files` (repository-relative path → source) under the checkout's own biome.jsonc. */
async function lint(files: Record<string, string>): Promise<LintRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "axiom-lint-"));
  tmpDirs.push(dir);
  fs.copyFileSync(path.join(ROOT, "biome.jsonc"), path.join(dir, "biome.jsonc"));
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
  }
  // No git repository here: the config's `vcs` section (ignore files) has nothing to read.
  const { exitCode, stdout } = await new Promise<{ exitCode: number; stdout: string }>((resolve, reject) => {
    execFile(
      BIOME,
      ["lint", "--vcs-enabled=false", "--error-on-warnings", "--reporter=json", "."],
      { cwd: dir },
      (error, out) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ exitCode: error ? Number(error.code) : 0, stdout: out });
      },
    );
  });
  const report = biomeReport.parse(JSON.parse(stdout));
  return {
    exitCode,
    findings: report.diagnostics.map((d) => ({ category: d.category, message: d.message, file: d.location?.path })),
  };
}

const RESTRICTED = "lint/style/noRestrictedImports";

describe("import boundaries (npm run lint)", () => {
  it.each([
    {
      file: "components/x.tsx",
      source: 'import { createUser } from "@/app/admin/actions";\nexport const submit = createUser;\n',
      message: "components/ never imports from app/",
    },
    {
      file: "components/admin/x.tsx",
      source: 'import { createUser } from "../../app/admin/actions";\nexport const submit = createUser;\n',
      message: "components/ never imports from app/",
    },
    {
      file: "lib/review/x.ts",
      source: 'import type { Props } from "@/app/projects/page";\nexport type Same = Props;\n',
      message: "lib/ never imports from app/",
    },
    {
      file: "lib/review/x.ts",
      source:
        'import { CommentsPanel } from "@/components/review/comments-panel";\nexport const panel = CommentsPanel;\n',
      message: "lib/ never imports from components/",
    },
    {
      file: "lib/review/x.ts",
      source: 'export { CommentsPanel } from "../../components/review/comments-panel";\n',
      message: "lib/ never imports from components/",
    },
    {
      file: "db/x.ts",
      source: 'import { getEnv } from "@/lib/env";\nexport const env = getEnv;\n',
      message: "db/ imports only db/ and packages",
    },
    {
      file: "db/x.ts",
      source: 'import { getEnv } from "../lib/env";\nexport const env = getEnv;\n',
      message: "db/ imports only db/ and packages",
    },
  ])("fails $file importing across a boundary: $source", async ({ file, source, message }) => {
    const run = await lint({ [file]: source });
    expect(run.exitCode).not.toBe(0);
    expect(run.findings).toEqual([{ category: RESTRICTED, message: expect.stringContaining(message), file }]);
  });

  it("passes the imports each layer may make", async () => {
    const run = await lint({
      "components/admin/x.tsx": [
        'import { createUser } from "@/lib/admin/actions";',
        'import { Button } from "@/components/ui/button";',
        'import { appShell } from "./app-shell";',
        "export const parts = [createUser, Button, appShell];",
        "",
      ].join("\n"),
      "lib/review/x.ts": [
        'import { getDb } from "@/db";',
        'import { getEnv } from "@/lib/env";',
        'import { comments } from "../comments/list";',
        'import App from "next/app";',
        "export const parts = [getDb, getEnv, comments, App];",
        "",
      ].join("\n"),
      "db/x.ts": [
        'import { sql } from "drizzle-orm";',
        'import postgres from "postgres";',
        'import { versions } from "./schema";',
        'import { createDb } from "@/db/client";',
        "export const parts = [sql, postgres, versions, createDb];",
        "",
      ].join("\n"),
      "app/admin/page.tsx": [
        'import { UsersTable } from "@/components/admin/users-table";',
        'import { createUser } from "./actions";',
        "export const parts = [UsersTable, createUser];",
        "",
      ].join("\n"),
    });
    expect(run.findings).toEqual([]);
    expect(run.exitCode).toBe(0);
  });
});
