import { z } from "zod";
import { ApiError, apiErrorOf, parseJsonOrNull } from "@/lib/api-client/api-error";
import {
  completedUploadAnswerSchema,
  createdUploadSchema,
  presignedPartsSchema,
  presignedUploadUrlSchema,
  uploadedPartsSchema,
} from "@/lib/uploads/upload-answers.types";
import { versionStatusAnswerSchema } from "@/lib/versions/version-status.types";

/**
 * The few /api/v1 calls `axiom ingest` makes (docs/api.md), each answer parsed with the same zod
 * schemas the server's answers are typed with (the `*.types.ts` files: no server code comes along).
 * Failures are `ApiError`s: AXIOM's `{error:{code,message}}`, or status 0 `connection_failed`
 * when AXIOM does not answer at all.
 */

export const CONNECTION_FAILED = "connection_failed";

/** Only what the CLI reads of `GET /api/v1/projects`; the rest of each item is dropped. */
const projectPageSchema = z.object({ items: z.array(z.object({ id: z.string(), code: z.string() })) });

export type AxiomApi = ReturnType<typeof axiomApi>;

export function axiomApi(baseUrl: string, token: string) {
  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, CONNECTION_FAILED, `AXIOM at ${baseUrl} did not answer (${causeOf(err)})`);
    }
    const text = await res.text();
    if (!res.ok) throw apiErrorOf(res.status, text);
    const parsed = schema.safeParse(parseJsonOrNull(text));
    if (!parsed.success)
      throw new ApiError(res.status, "unexpected_answer", `${method} ${path} answered in an unexpected shape`);
    return parsed.data;
  }

  return {
    findProject: async (code: string) => {
      const page = await call("GET", `/api/v1/projects?code=${encodeURIComponent(code)}`, projectPageSchema);
      return page.items.find((p) => p.code.toLowerCase() === code.toLowerCase()) ?? null;
    },
    createUpload: (
      projectId: string,
      body: { assetName: string; fileName: string; contentType: string; size: number; sha256: string; urgent?: boolean },
    ) => call("POST", `/api/v1/projects/${projectId}/uploads`, createdUploadSchema, body),
    getVersion: (versionId: string) => call("GET", `/api/v1/versions/${versionId}`, versionStatusAnswerSchema),
    listStoredParts: (versionId: string) => call("GET", `/api/v1/versions/${versionId}/parts`, uploadedPartsSchema),
    presignParts: (versionId: string, partNumbers: number[]) =>
      call("POST", `/api/v1/versions/${versionId}/parts`, presignedPartsSchema, { partNumbers }),
    freshUploadUrl: (versionId: string) =>
      call("POST", `/api/v1/versions/${versionId}/upload-url`, presignedUploadUrlSchema, {}),
    complete: (versionId: string, sha256: string) =>
      call("POST", `/api/v1/versions/${versionId}/complete`, completedUploadAnswerSchema, { sha256 }),
  };
}

export function causeOf(err: unknown): string {
  if (err instanceof Error && err.cause instanceof Error) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}
