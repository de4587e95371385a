import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { clientNetworkOf } from "./client-ip";
import { signInWithPassword } from "./sign-in-with-password";

const credentialsSchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

/**
 * What `authorize()` throws when the rate limit refuses an attempt. next-auth turns a thrown
 * error into a 401 whose URL carries `?error=<message>`; the route (app/api/auth/[...nextauth])
 * turns that back into the gate's 429.
 */
export const RATE_LIMITED_ERROR = "RateLimited";

/** Where next-auth's `authorize()` gets the request's headers from (its second argument). */
type AuthorizeRequest = { headers?: Record<string, unknown> } | undefined;

/**
 * next-auth's credentials check: the sign-in rate limit, the password and the audit trail, all in
 * `signInWithPassword`. The limit is checked here, not only by the gate in front of the route, so
 * no URL next-auth treats as the credentials callback, and no race between parallel requests,
 * gets a password checked past it.
 */
export async function authorizeCredentials(raw: unknown, req: AuthorizeRequest) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const network = clientNetworkOf(req?.headers ?? {}, getEnv().AXIOM_TRUSTED_PROXY_HOPS);
  const outcome = await signInWithPassword(getDb(), { ...parsed.data, network });
  if (outcome.ok) return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name };
  if (outcome.reason === "rate_limited") throw new Error(RATE_LIMITED_ERROR);
  return null;
}

// Sessions are JWTs (next-auth's credentials provider requires it). The token holds only the
// user id: every request reloads the user, so disabling someone takes effect at once.
export function getAuthOptions(): NextAuthOptions {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: the web app needs it to sign sessions");
  return {
    secret,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/signin", signOut: "/signout", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: authorizeCredentials,
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
