import { apiRoute } from "@/lib/api/route";
import { createUser, createUserInput } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";

/** Every user (admins only). */
export const GET = apiRoute({ permission: "admin.users" }, async ({ db }) => {
  return Response.json({ users: await listUsers(db) });
});

/**
 * Creates a user: `{ email, name, isAdmin? }` → 201 `{ user, initialPassword }`.
 * The initial password is in this answer only; it is never stored in clear nor shown again.
 */
export const POST = apiRoute(
  { permission: "admin.users", body: createUserInput },
  async ({ db, actor, body }) => {
    const created = await createUser(db, { ...body, actor });
    return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
);
