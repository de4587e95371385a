import { auditEvents } from "@/db/schema";
import type { DbOrTx } from "@/db/client";

export type AuditEventInput = {
  actorId: string | null; // null: the system (worker, sweeper)
  action: string; // "<entity>.<verb>", e.g. "version.ready"
  entityType: "user" | "project" | "project_member" | "asset" | "version" | "comment";
  entityId: string;
  projectId?: string | null;
  data?: Record<string, unknown>;
};

/**
 * Appends one audit event. Call it with the *same transaction* as the change it records:
 * the event and the change commit together or not at all. The database trigger fills the
 * sequence number and the hash chain.
 */
export async function recordAuditEvent(tx: DbOrTx, event: AuditEventInput): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    projectId: event.projectId ?? null,
    data: event.data ?? {},
  });
}
