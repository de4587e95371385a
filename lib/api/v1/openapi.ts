import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { ERROR_STATUS } from "@/lib/errors";
import { V1, V1_TAGS, type V1Operation } from "./operations";

/**
 * The OpenAPI 3.1 document of /api/v1, built from the operations' own zod schemas by zod-openapi
 * (docs/api.md, "OpenAPI": it renders zod 4 through zod's own JSON Schema, so refinements and
 * formats come out as zod means them). Built once per process: it is the same for every caller.
 */

export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
      message: z.string(),
    }),
  })
  .meta({ id: "Error", description: "Every error: a stable `code` (lib/errors.ts) and a sentence for humans." });

const ERROR_ANSWERS: Record<string, string> = {
  "401": "No valid credentials: no token, or one invalid, expired or revoked, or its user is disabled.",
  "403": "A member without the permission (`forbidden`), or a cookie mutation from another origin (`forbidden_origin`).",
  "404": "The object does not exist, or you may not know it exists (not a member).",
  "409": "The object's state refuses the request (e.g. a decision on a version that is not READY).",
  "422": "A body, filter or cursor failed validation; the message names the field.",
};

const errorContent = { "application/json": { schema: errorSchema } };

function operationObject(o: V1Operation): ZodOpenApiOperationObject {
  // A change may meet a state that refuses it (a retry of a version not in ERROR: 409); a body or filters may not parse (422).
  const errorCodes = ["401", "403", "404", ...(o.method === "get" ? [] : ["409"]), ...(o.body || o.filters ? ["422"] : [])];
  return {
    operationId: o.operationId,
    summary: o.summary,
    description: [o.description, `Permission: \`${o.permission}\`. Authentication: ${AUTH_WORDS[o.auth]}.`].filter(Boolean).join("\n\n"),
    tags: [o.tag],
    security: o.auth === "token" ? [{ bearerToken: [] }] : o.auth === "session" ? [{ sessionCookie: [] }] : [{ bearerToken: [] }, { sessionCookie: [] }],
    requestParams: { ...(o.params && { path: o.params }), ...(o.filters && { query: o.filters }) },
    requestBody: o.body ? { required: true, content: { "application/json": { schema: o.body } } } : undefined,
    responses: {
      [String(o.success.status)]: { description: o.success.description, content: { "application/json": { schema: o.success.schema } } },
      ...Object.fromEntries(errorCodes.map((code) => [code, { description: ERROR_ANSWERS[code]!, content: errorContent }])),
    },
  };
}

const AUTH_WORDS: Record<V1Operation["auth"], string> = {
  token: "an API token (`Authorization: Bearer axm_…`)",
  session: "a signed-in session (cookie) and a same-origin JSON request",
  "session-or-token": "an API token, or a signed-in session (cookie)",
};

export const OPENAPI_JSON_PATH = "/api/v1/openapi.json";

let cached: ReturnType<typeof createDocument> | null = null;

export function getOpenApiDocument(): ReturnType<typeof createDocument> {
  if (cached) return cached;
  const paths: ZodOpenApiPathsObject = {};
  for (const o of Object.values(V1) as V1Operation[]) {
    paths[o.path] = { ...paths[o.path], [o.method]: operationObject(o) };
  }
  paths[OPENAPI_JSON_PATH] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      tags: ["Meta"],
      security: [],
      responses: { "200": { description: "The OpenAPI 3.1 document of /api/v1." } },
    },
  };
  cached = createDocument({
    openapi: "3.1.0",
    info: {
      title: "AXIOM API",
      version: "1",
      description:
        "Scriptable access to AXIOM: projects, assets, uploads, versions, comments, decisions, renditions, audit events and OMC-JSON exports. Authenticate with a personal API token (create one under Settings → API tokens). Lists are cursor-paginated: `{ items, nextCursor }`. Every error is `{ error: { code, message } }`. A walk-through: docs/api.md.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerToken: [] }],
    tags: [...V1_TAGS, "Meta"].map((name) => ({ name })),
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "A personal API token `axm_…` (Settings → API tokens)." },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session (`__Secure-next-auth.session-token` over HTTPS); token management only.",
        },
      },
    },
    paths,
  });
  return cached;
}
