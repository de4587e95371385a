import NextAuth from "next-auth";
import { getDb } from "@/db";
import { getAuthOptions, RATE_LIMITED_ERROR } from "@/lib/auth/auth-options";
import { clientNetworkOf } from "@/lib/auth/client-ip";
import { inspectSignIn, isCredentialsCallback, rateLimitedResponse } from "@/lib/auth/sign-in-gate";
import { getSignInLimit } from "@/lib/auth/sign-in-rate-limit";
import { getEnv } from "@/lib/env";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function nextAuthHandler(req: Request, ctx: Ctx) {
  return NextAuth(getAuthOptions())(req, ctx);
}

export const GET = nextAuthHandler;

export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (!isCredentialsCallback(nextauth)) return nextAuthHandler(req, ctx);
  const env = getEnv();
  const baseUrl = env.NEXTAUTH_URL ?? new URL(req.url).origin;
  const network = clientNetworkOf(req.headers, env.AXIOM_TRUSTED_PROXY_HOPS);
  const inspected = await inspectSignIn(getDb(), req, { baseUrl, network });
  if (inspected.refusal) return inspected.refusal;
  const response = await nextAuthHandler(req, ctx);
  if (!(await isRefusedByAuthorize(response, baseUrl))) return response;
  // authorize() refused the attempt (parallel requests raced past the gate): the same 429 as the gate's.
  const limit = inspected.email ? await getSignInLimit(getDb(), { email: inspected.email, network }) : null;
  return rateLimitedResponse(limit ?? { retryAfterSeconds: 60, scope: "pair" }, baseUrl);
}

/** next-auth's answer when authorize() threw RATE_LIMITED_ERROR: 401 with `?error=RateLimited` (Location, or `url` for json: "true"). */
async function isRefusedByAuthorize(response: Response, baseUrl: string): Promise<boolean> {
  if (response.status !== 401) return false;
  const answer = (await response.clone().json().catch(() => null)) as { url?: unknown } | null;
  const location = response.headers.get("location") ?? answer?.url;
  if (typeof location !== "string") return false;
  return new URL(location, baseUrl).searchParams.get("error") === RATE_LIMITED_ERROR;
}
