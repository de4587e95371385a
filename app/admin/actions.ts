"use server";

import * as adminActions from "./admin-actions";

// Server actions for the admin screens; see ./admin-actions.ts for what each one does.

export async function createUserAction(input: unknown) {
  return adminActions.createUserAction(input);
}

export async function setUserDisabledAction(input: unknown) {
  return adminActions.setUserDisabledAction(input);
}

export async function createProjectAction(input: unknown) {
  return adminActions.createProjectAction(input);
}

export async function renameProjectAction(input: unknown) {
  return adminActions.renameProjectAction(input);
}

export async function setProjectArchivedAction(input: unknown) {
  return adminActions.setProjectArchivedAction(input);
}

export async function addMemberAction(input: unknown) {
  return adminActions.addMemberAction(input);
}

export async function changeMemberRoleAction(input: unknown) {
  return adminActions.changeMemberRoleAction(input);
}

export async function removeMemberAction(input: unknown) {
  return adminActions.removeMemberAction(input);
}
