import { apiRoute } from "@/lib/api/route";
import { changePassword, changePasswordInput } from "@/lib/auth/change-password";

/** The caller changes their own password: `{ currentPassword, newPassword }` → 204. */
export const POST = apiRoute({ permission: "account.own", body: changePasswordInput }, async ({ db, actor, body }) => {
  await changePassword(db, { actor, input: body });
  return new Response(null, { status: 204 });
});
