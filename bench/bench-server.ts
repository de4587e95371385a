/**
 * What the benchmarks that drive the web app share: the production build behind `next start`, and a
 * real session cookie from next-auth's credentials callback (as a browser gets it).
 */
import fs from "node:fs";
import path from "node:path";
import { startChild, waitForHttp, type ManagedChild } from "../scripts/dev-services";

const ROOT = path.resolve(__dirname, "..");

/**
 * `next build` (unless `isBuildSkipped` and `.next` has a BUILD_ID), then `next start` on 127.0.0.1,
 * answered once `/livez` answers. `cpuProfileDir`: the server writes a V8 CPU profile there when it stops.
 */
export async function startProductionServer(options: {
  env: NodeJS.ProcessEnv;
  port: number;
  isBuildSkipped: boolean;
  log: (message: string) => void;
  /** Called with each child as soon as it runs, so the caller stops it even when a later step throws. */
  onChild: (child: ManagedChild) => void;
  cpuProfileDir?: string | null;
}): Promise<ManagedChild> {
  const { env, port, log } = options;
  const nextBin = path.join(ROOT, "node_modules", ".bin", "next");
  if (options.isBuildSkipped && fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log("reusing the existing .next build (--skip-build)");
  } else {
    log(`building the app (next build in ${ROOT})`);
    const build = startChild("build", nextBin, ["build"], { env, cwd: ROOT });
    options.onChild(build);
    const code = await build.exited;
    if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  }
  const startArgs = ["start", "-p", String(port), "-H", "127.0.0.1"];
  // `next start` serves from its own process; node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
  const web = options.cpuProfileDir
    ? startChild("web", process.execPath, [`--cpu-prof`, `--cpu-prof-dir=${options.cpuProfileDir}`, require.resolve("next/dist/bin/next"), ...startArgs], { env, cwd: ROOT })
    : startChild("web", nextBin, startArgs, { env, cwd: ROOT });
  options.onChild(web);
  await waitForHttp(`http://127.0.0.1:${port}/livez`, { child: web, timeoutMs: 120_000 });
  return web;
}

/** next-auth's credentials sign-in, as its client does it: CSRF token and cookie, then the callback. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiesOf(csrf);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/" }),
    redirect: "manual",
  });
  const session = cookiesOf(res)
    .split("; ")
    .filter((c) => c.startsWith("next-auth.session-token="))
    .join("; ");
  if (res.status !== 200 || !session) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return session;
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}
