"use server";

import * as handlers from "./admin-action-handlers";

// The admin screens' server actions: what components/admin/* call. Each forwards to its
// definition in ./admin-action-handlers.ts, which says what it does and who may.

export async function createUserAction(input: unknown) {
  return handlers.createUserAction(input);
}

export async function setUserDisabledAction(input: unknown) {
  return handlers.setUserDisabledAction(input);
}

export async function createProjectAction(input: unknown) {
  return handlers.createProjectAction(input);
}

export async function renameProjectAction(input: unknown) {
  return handlers.renameProjectAction(input);
}

export async function setProjectArchivedAction(input: unknown) {
  return handlers.setProjectArchivedAction(input);
}

export async function addMemberAction(input: unknown) {
  return handlers.addMemberAction(input);
}

export async function changeMemberRoleAction(input: unknown) {
  return handlers.changeMemberRoleAction(input);
}

export async function removeMemberAction(input: unknown) {
  return handlers.removeMemberAction(input);
}

export async function createWebhookEndpointAction(input: unknown) {
  return handlers.createWebhookEndpointAction(input);
}

export async function setWebhookEndpointDisabledAction(input: unknown) {
  return handlers.setWebhookEndpointDisabledAction(input);
}

export async function deleteWebhookEndpointAction(input: unknown) {
  return handlers.deleteWebhookEndpointAction(input);
}

export async function redeliverWebhookAction(input: unknown) {
  return handlers.redeliverWebhookAction(input);
}

export async function setVersionUrgencyAction(input: unknown) {
  return handlers.setVersionUrgencyAction(input);
}

export async function cancelVersionProcessingAction(input: unknown) {
  return handlers.cancelVersionProcessingAction(input);
}

export async function verifyAuditChainAction(input: unknown) {
  return handlers.verifyAuditChainAction(input);
}
