import { getEnv } from "@/lib/env";
import { createStorage, type Storage, type StorageConfig } from "./storage";

export { createStorage, type Storage, type StorageConfig } from "./storage";
export * from "./keys";

export function storageConfigFromEnv(): StorageConfig {
  const env = getEnv();
  return {
    endpoint: env.S3_ENDPOINT,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
  };
}

let cached: Storage | undefined;

/** The process-wide storage client, configured from the environment. */
export function getStorage(): Storage {
  cached ??= createStorage(storageConfigFromEnv());
  return cached;
}
