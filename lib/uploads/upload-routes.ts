import "server-only";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { getStorage } from "@/lib/storage";
import { findProjectIdOfVersion } from "@/lib/projects/authorize-project";
import type { Db } from "@/db/client";
import { uploadLimitsFromEnv } from "./upload-policy";

/** Shared bits of the upload route handlers (the edges in app/api/**). */
export const versionParams = z.object({ versionId: z.string().uuid() });
export const projectParams = z.object({ projectId: z.string().uuid() });

export const versionProject = ({ db, params }: { db: Db; params: { versionId: string } }) =>
  findProjectIdOfVersion(db, params.versionId);

/**
 * Bodies are read by `apiRoute` but parsed by the handler, after authorisation, so a viewer
 * sending a malformed body still learns only "403", and each limit keeps its own status.
 */
export const rawBody = z.unknown();

export function uploadContext() {
  return { storage: getStorage(), limits: uploadLimitsFromEnv(getEnv()) };
}
