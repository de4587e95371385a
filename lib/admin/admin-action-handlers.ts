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
  { permission: "admin.users", input: createUserParams.omit({ actor: true }) },
  async ({ db, actor, input }) => {
    const created = await createUser(db, { ...input, actor });
    refreshAdminPages();
    return { email: created.user.email, initialPassword: created.initialPassword };
  },
);

export const setUserDisabledAction = serverAction(
  { permission: "admin.users", input: z.object({ userId: z.uuid(), disabled: z.boolean() }) },
  async ({ db, actor, input }) => {
    await setUserDisabled(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const createProjectAction = serverAction(
  { permission: "admin.projects", input: createProjectParams.omit({ actor: true }) },
  async ({ db, actor, input }) => {
    const project = await createProject(db, { ...input, actor });
    refreshAdminPages();
    return { id: project.id, code: project.code };
  },
);

export const renameProjectAction = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), name: projectNameSchema }) },
  async ({ db, actor, input }) => {
    await renameProject(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const setProjectArchivedAction = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), archived: z.boolean() }) },
  async ({ db, actor, input }) => {
    await setProjectArchived(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const addMemberAction = serverAction(
  {
    permission: "admin.projects",
    input: z.object({ projectId: z.uuid(), email: z.string(), role: memberRoleSchema }),
  },
  async ({ db, actor, input }) => {
    await addProjectMember(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const changeMemberRoleAction = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), userId: z.uuid(), role: memberRoleSchema }) },
  async ({ db, actor, input }) => {
    await changeMemberRole(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);

export const removeMemberAction = serverAction(
  { permission: "admin.projects", input: z.object({ projectId: z.uuid(), userId: z.uuid() }) },
  async ({ db, actor, input }) => {
    await removeProjectMember(db, { ...input, actor });
    refreshAdminPages();
    return null;
  },
);
