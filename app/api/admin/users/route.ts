import { apiRoute } from "@/lib/api/route";
import { getMailSettings } from "@/lib/env";
import { createUser, createUserInput } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";

/** Every user (admins only). */
export const GET = apiRoute({ permission: "admin.users" }, async ({ db }) => {
  return Response.json({ users: await listUsers(db) });
});

/**
 * Creates and invites a user: `{ email, name, isAdmin? }` → 201 `{ user }`. No password is handed
 * over: the invitation e-mail carries a single-use set-password link (docs/security.md, "Account e-mails").
 */
export const POST = apiRoute(
  { permission: "admin.users", body: createUserInput },
  async ({ db, actor, body }) => {
    const created = await createUser(db, { ...body, actor, invitation: { appUrl: getMailSettings().appUrl } });
    return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
);
