import NextAuth from "next-auth";
import { getDb } from "@/db";
import { getAuthOptions } from "@/lib/auth/auth-options";
import { refuseRateLimitedSignIn } from "@/lib/auth/sign-in-gate";
import { getEnv } from "@/lib/env";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function nextAuthHandler(req: Request, ctx: Ctx) {
  return NextAuth(getAuthOptions())(req, ctx);
}

export const GET = nextAuthHandler;

export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const refusal = await refuseRateLimitedSignIn(getDb(), req, {
      baseUrl: getEnv().NEXTAUTH_URL ?? new URL(req.url).origin,
    });
    if (refusal) return refusal;
  }
  return nextAuthHandler(req, ctx);
}
