import fs from "node:fs";
import path from "node:path";
import type { ApiRouteHandler, RouteDeps } from "../../lib/api/route";

/**
 * The /api/v1 route modules, found on disk as Next.js finds them, and a `fetch` that hands a
 * request to the matching one in this process (what `next start` would do across a socket). Used
 * by the tests that drive the API as a script would: with a bearer token, no cookie.
 */

type RouteModule = Partial<Record<string, ApiRouteHandler | (() => Response)>>;
type Route = { pattern: RegExp; module: RouteModule };

const APP = path.resolve(__dirname, "../../app");

/** Every route.ts under app/api/v1 as `/api/v1/projects/[projectId]/assets`. */
export function listV1RouteFiles(): { file: string; routePath: string }[] {
  const found: { file: string; routePath: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") found.push({ file: full, routePath: `/${path.relative(APP, dir).split(path.sep).join("/")}` });
    }
  };
  walk(path.join(APP, "api/v1"));
  return found;
}

export async function loadV1Routes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const { file, routePath } of listV1RouteFiles()) {
    const source = routePath.replace(/\./g, "\\.").replace(/\[(\w+)\]/g, "(?<$1>[^/]+)");
    routes.push({ pattern: new RegExp(`^${source}$`), module: (await import(file)) as RouteModule });
  }
  // Literal segments before parameters: /tokens before /tokens/{id} needs no care with anchors, but keep it tidy.
  return routes.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
}

/** A fetch for AXIOM's origin that calls the route handlers with `deps`; other origins (s3rver) go out. */
export function v1Fetch(routes: Route[], origin: string, deps: RouteDeps): typeof fetch {
  return async (input, init) => {
    const request = new Request(new URL(input instanceof Request ? input.url : String(input), origin), init);
    const url = new URL(request.url);
    if (url.origin !== origin) return fetch(input, init);
    for (const { pattern, module } of routes) {
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const handler = module[request.method];
      if (!handler) return Response.json({ error: { code: "method_not_allowed", message: request.method } }, { status: 405 });
      if (!("withDeps" in handler)) return (handler as () => Response)();
      return handler.withDeps(deps)(request, { params: Promise.resolve({ ...match.groups }) });
    }
    return Response.json({ error: { code: "not_found", message: url.pathname } }, { status: 404 });
  };
}
