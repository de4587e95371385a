import { apiRoute } from "@/lib/api/route";
import { userParams } from "@/lib/api/params";
import { setUserDisabled, setUserDisabledInput } from "@/lib/users/set-user-disabled";

/** `{ disabled: boolean }`: disables or re-enables a user (admins cannot disable themselves). */
export const PATCH = apiRoute(
  { permission: "admin.users", params: userParams, body: setUserDisabledInput },
  async ({ db, actor, params, body }) => {
    const updated = await setUserDisabled(db, { actor, userId: params.userId, disabled: body.disabled });
    return Response.json({ user: updated });
  },
);
