import "server-only";
import { getEnv } from "@/lib/env";
import { getStorage } from "@/lib/storage";
import { uploadLimitsFromEnv } from "./upload-policy";

/** The store and the limits the upload routes hand to the upload functions (tests pass their own). */
export function uploadContext() {
  return { storage: getStorage(), limits: uploadLimitsFromEnv(getEnv()) };
}
