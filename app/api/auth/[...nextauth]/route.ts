import NextAuth from "next-auth";
import { getDb } from "@/db";
import { getAuthOptions } from "@/lib/auth/auth-options";
import { isSignInRateLimited } from "@/lib/auth/sign-in-rate-limit";

type Ctx = { params: Promise<{ nextauth: string[] }> };

function nextAuthHandler(req: Request, ctx: Ctx) {
  return NextAuth(getAuthOptions())(req, ctx);
}

export const GET = nextAuthHandler;

export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req.clone().formData().catch(() => null);
    const email = form?.get("email");
    if (typeof email === "string" && (await isSignInRateLimited(getDb(), email))) {
      // `url` keeps next-auth's client signIn() working: it reads ?error= from it.
      return Response.json(
        {
          error: { code: "rate_limited", message: "Too many failed sign-in attempts. Try again in 15 minutes." },
          url: "/signin?error=RateLimited",
        },
        { status: 429, headers: { "Retry-After": "900" } },
      );
    }
  }
  return nextAuthHandler(req, ctx);
}
