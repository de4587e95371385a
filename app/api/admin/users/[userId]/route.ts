import { z } from "zod";
import { apiRoute, uuidParam } from "@/lib/api/route";
import { setUserDisabled } from "@/lib/users/set-user-disabled";

const params = z.object({ userId: uuidParam });

/** `{ disabled: boolean }`: disables or re-enables a user (admins cannot disable themselves). */
export const PATCH = apiRoute(
  { permission: "admin.users", params, body: z.object({ disabled: z.boolean() }) },
  async ({ db, user, params, body }) => {
    const updated = await setUserDisabled(db, { actorId: user.id, userId: params.userId, disabled: body.disabled });
    return Response.json({ user: updated });
  },
);
