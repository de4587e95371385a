import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { buildContentSecurityPolicy, createNonce, storageOriginsFor } from "@/lib/http/security-headers";

/**
 * Next.js proxy (formerly middleware), run before every page and route: gives each response its
 * Content-Security-Policy with a fresh nonce (lib/http/security-headers.ts). The policy is also
 * set on the *request*: Next.js reads the nonce from there and stamps it on the scripts it
 * renders. This needs dynamic rendering, which every AXIOM page is (they read the session; the
 * root layout makes sure of it).
 */
export function proxy(request: NextRequest) {
  const policy = buildContentSecurityPolicy({
    nonce: createNonce(),
    storageOrigins: storageOrigins(),
    isDevelopment: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

function storageOrigins(): string[] {
  try {
    return storageOriginsFor(getEnv());
  } catch {
    // A broken environment fails loudly in the app itself; the policy just allows no store.
    return [];
  }
}

export const config = {
  // Static files carry no policy of their own (they are not documents); the rest all do.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
