"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { serverAction } from "@/lib/api/action";
import { addProjectMember } from "@/lib/members/add-project-member";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeProjectMember } from "@/lib/members/remove-project-member";
import { memberRoleSchema } from "@/lib/members/schemas";
import { setProjectArchived } from "@/lib/projects/archive-project";
import { createProject, createProjectParams } from "@/lib/projects/create-project";
import { renameProject } from "@/lib/projects/rename-project";
import { projectNameSchema } from "@/lib/projects/schemas";
import { createUser, createUserParams } from "@/lib/users/create-user";
import { setUserDisabled } from "@/lib/users/set-user-disabled";

// Server actions for the admin screens. Each one only parses, authorises (serverAction: signed
// in and a global admin, since none names a project) and calls one domain function, which
// checks the actor again and records the audit event in the same transaction.
// "use server" files may export async functions only, hence the small wrappers.

function refreshAdminPages() {
  revalidatePath("/admin", "layout");
}

const createUserAction_ = serverAction(
  { permission: "admin.users", input: createUserParams.omit({ actorId: true }) },
  async ({ db, user, input }) => {
    const created = await createUser(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return { email: created.user.email, initialPassword: created.initialPassword };
  },
);
export async function createUserAction(input: unknown) {
  return createUserAction_(input);
}

const setUserDisabledAction_ = serverAction(
  { permission: "admin.users", input: z.object({ userId: z.uuid(), disabled: z.boolean() }) },
  async ({ db, user, input }) => {
    await setUserDisabled(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return null;
  },
);
export async function setUserDisabledAction(input: unknown) {
  return setUserDisabledAction_(input);
}

const createProjectAction_ = serverAction(
  { permission: "admin.projects", input: createProjectParams.omit({ actorId: true }) },
  async ({ db, user, input }) => {
    const project = await createProject(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return { id: project.id, code: project.code };
  },
);
export async function createProjectAction(input: unknown) {
  return createProjectAction_(input);
}

const renameProjectAction_ = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), name: projectNameSchema }) },
  async ({ db, user, input }) => {
    await renameProject(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return null;
  },
);
export async function renameProjectAction(input: unknown) {
  return renameProjectAction_(input);
}

const setProjectArchivedAction_ = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), archived: z.boolean() }) },
  async ({ db, user, input }) => {
    await setProjectArchived(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return null;
  },
);
export async function setProjectArchivedAction(input: unknown) {
  return setProjectArchivedAction_(input);
}

const addMemberAction_ = serverAction(
  {
    permission: "admin.projects",
    input: z.object({ projectId: z.uuid(), email: z.string(), role: memberRoleSchema }),
  },
  async ({ db, user, input }) => {
    await addProjectMember(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return null;
  },
);
export async function addMemberAction(input: unknown) {
  return addMemberAction_(input);
}

const changeMemberRoleAction_ = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), userId: z.uuid(), role: memberRoleSchema }) },
  async ({ db, user, input }) => {
    await changeMemberRole(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return null;
  },
);
export async function changeMemberRoleAction(input: unknown) {
  return changeMemberRoleAction_(input);
}

const removeMemberAction_ = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), userId: z.uuid() }) },
  async ({ db, user, input }) => {
    await removeProjectMember(db, { ...input, actorId: user.id });
    refreshAdminPages();
    return null;
  },
);
export async function removeMemberAction(input: unknown) {
  return removeMemberAction_(input);
}
