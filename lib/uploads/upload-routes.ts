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
 * `apiRoute` authorises before it reads the body; the upload handlers then parse it themselves so
 * that each limit (size, type, name) keeps its own status and message instead of one generic 422.
 */
export const rawBody = z.unknown();

export function uploadContext() {
  return { storage: getStorage(), limits: uploadLimitsFromEnv(getEnv()) };
}
