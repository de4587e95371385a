import { z } from "zod";

/** Longest life a token may be given: a year; a forgotten token should not outlive its purpose by much. */
export const API_TOKEN_MAX_DAYS = 365;

/** `POST /api/v1/tokens` and the settings page's form. */
export const createApiTokenInput = z.object({
  name: z.string().trim().min(1).max(100).meta({ description: "What the token is for, e.g. \"render farm ingest\"." }),
  expiresInDays: z.int().min(1).max(API_TOKEN_MAX_DAYS).default(90).meta({ description: "Days until the token stops working (1–365, default 90)." }),
});
export type CreateApiTokenInput = z.output<typeof createApiTokenInput>;

/** A token as lists show it: never the secret, only its first characters. */
export const apiTokenView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: "The token's first characters (`axm_` + 4), to tell tokens apart." }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().meta({ description: "Updated at most once a minute." }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiTokenView = z.infer<typeof apiTokenView>;

export const createdApiTokenView = z
  .object({
    id: z.uuid(),
    token: z.string().meta({ description: "The secret `axm_…`, shown this once: only its SHA-256 is stored." }),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "CreatedApiToken" });
