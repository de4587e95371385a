import { publicJsonPost } from "@/lib/api/public-route";
import { setPasswordInput, setPasswordWithToken } from "@/lib/auth/password-tokens";

/** Sets a password from an invitation or reset link: `{ token, password }` → 200 `{ email }`; 404 for a bad link. */
export const POST = publicJsonPost(setPasswordInput, async ({ db, body }) => {
  return Response.json(await setPasswordWithToken(db, body));
});
