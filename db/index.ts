import "server-only";
import { getEnv } from "@/lib/env";
import { createDb, type DbHandle } from "./client";

// One pool per server process. Kept on globalThis so dev-mode hot reloads do not leak pools.
const globalForDb = globalThis as unknown as { axiomDb?: DbHandle };

export function getDb() {
  globalForDb.axiomDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.axiomDb.db;
}
