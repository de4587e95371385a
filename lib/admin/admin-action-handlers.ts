import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "@/lib/api/action";
import { reportAuditTrailCheck } from "@/lib/audit/check-audit-trail";
import { memberParams, projectParams, userParams, uuidParam, versionParams } from "@/lib/api/params";
import { addProjectMember, addProjectMemberInput } from "@/lib/members/add-project-member";
import { changeMemberRole, changeMemberRoleInput } from "@/lib/members/change-member-role";
import { removeProjectMember } from "@/lib/members/remove-project-member";
import { setProjectArchived } from "@/lib/projects/archive-project";
import { createProject, createProjectInput } from "@/lib/projects/create-project";
import { renameProject } from "@/lib/projects/rename-project";
import { projectNameSchema } from "@/lib/projects/schemas";
import { createUser, createUserInput } from "@/lib/users/create-user";
import { getAuditKeys, getEnv, getMailSettings } from "@/lib/env";
import { getStorage } from "@/lib/storage";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  setWebhookEndpointDisabled,
} from "@/lib/webhooks/manage-webhook-endpoints";
import { webhookEndpointInput } from "@/lib/webhooks/schemas";
import { setUserDisabled, setUserDisabledInput } from "@/lib/users/set-user-disabled";
import { cancelVersionProcessing } from "@/lib/processing/cancel-version";
import { setVersionUrgency, setVersionUrgencyInput } from "@/lib/processing/set-version-urgency";

// The admin screens' server actions, defined here and exposed to the browser by
// ./admin-actions.ts (a "use server" module may export async functions only, so these —
// functions carrying `withDeps` — cannot be its exports). Each one only authorises (serverAction:
// signed in and a global admin, since none names a project), parses and calls one domain function,
// which checks the actor again and records the audit event in the same transaction. Tests call
// these through `withDeps` with a real user's session.

function refreshAdminPages() {
  revalidatePath("/admin", "layout");
}

export const createUserAction = serverAction(
  { permission: "admin.users", input: createUserInput },
  async ({ db, actor, input }) => {
    // An invitation e-mail with a set-password link, never a password for the admin to pass on.
    const created = await createUser(db, { ...input, actor, invitation: { appUrl: getMailSettings().appUrl } });
    refreshAdminPages();
    return { email: created.user.email };
  },
);

export const setUserDisabledAction = serverAction(
  { permission: "admin.users", input: userParams.extend(setUserDisabledInput.shape) },
  async ({ db, actor, input }) => {
    await setUserDisabled(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const createProjectAction = serverAction(
  { permission: "admin.projects", input: createProjectInput },
  async ({ db, actor, input }) => {
    const project = await createProject(db, { ...input, actor });
    refreshAdminPages();
    return { id: project.id, code: project.code };
  },
);

export const renameProjectAction = serverAction(
  { permission: "admin.projects", input: projectParams.extend({ name: projectNameSchema }) },
  async ({ db, actor, input }) => {
    await renameProject(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const setProjectArchivedAction = serverAction(
  { permission: "admin.projects", input: projectParams.extend({ archived: z.boolean() }) },
  async ({ db, actor, input }) => {
    await setProjectArchived(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const addMemberAction = serverAction(
  { permission: "admin.projects", input: projectParams.and(addProjectMemberInput) },
  async ({ db, actor, input }) => {
    await addProjectMember(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const changeMemberRoleAction = serverAction(
  { permission: "admin.projects", input: memberParams.extend(changeMemberRoleInput.shape) },
  async ({ db, actor, input }) => {
    await changeMemberRole(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const removeMemberAction = serverAction(
  { permission: "admin.projects", input: memberParams },
  async ({ db, actor, input }) => {
    await removeProjectMember(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

// Webhooks (docs/webhooks.md): the secret is in the answer of creation only.
const webhookEndpointParams = projectParams.extend({ endpointId: uuidParam });

function webhookSettings() {
  const env = getEnv();
  return { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE, secretsKey: env.WEBHOOK_SECRETS_KEY };
}

export const createWebhookEndpointAction = serverAction(
  { permission: "admin.webhooks", input: projectParams.extend(webhookEndpointInput.shape) },
  async ({ db, actor, input }) => {
    const created = await createWebhookEndpoint(db, { ...input, actor, settings: webhookSettings() });
    refreshAdminPages();
    return created;
  },
);

export const setWebhookEndpointDisabledAction = serverAction(
  { permission: "admin.webhooks", input: webhookEndpointParams.extend({ disabled: z.boolean() }) },
  async ({ db, actor, input }) => {
    await setWebhookEndpointDisabled(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const deleteWebhookEndpointAction = serverAction(
  { permission: "admin.webhooks", input: webhookEndpointParams },
  async ({ db, actor, input }) => {
    await deleteWebhookEndpoint(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const redeliverWebhookAction = serverAction(
  { permission: "admin.webhooks", input: projectParams.extend({ deliveryId: uuidParam }) },
  async ({ db, actor, input }) => {
    await redeliverWebhook(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

// The processing queue (docs/processing.md, "The queue on /admin"): bump a version (urgent) or cancel it.
export const setVersionUrgencyAction = serverAction(
  { permission: "admin.queue", input: versionParams.extend(setVersionUrgencyInput.shape) },
  async ({ db, actor, input }) => {
    const result = await setVersionUrgency(db, { ...input, actor });
    refreshAdminPages();
    return result;
  },
);

export const cancelVersionProcessingAction = serverAction(
  { permission: "admin.queue", input: versionParams },
  async ({ db, actor, input }) => {
    const result = await cancelVersionProcessing(db, { versionId: input.versionId, actor });
    refreshAdminPages();
    return result;
  },
);

// The audit trail (docs/audit.md): the same check as `npm run audit:verify`, chain and checkpoint.
// Reads only: it records nothing, and a second click simply checks again.
export const verifyAuditChainAction = serverAction({ permission: "admin.audit", input: z.object({}) }, async ({ db, actor }) =>
  reportAuditTrailCheck(db, { actor, keys: getAuditKeys(), storage: getStorage() }),
);
