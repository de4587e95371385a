import { publicJsonPost } from "@/lib/api/public-route";
import { clientNetworkOf } from "@/lib/auth/client-ip";
import { requestPasswordReset, requestPasswordResetInput } from "@/lib/auth/request-password-reset";
import { getEnv, getMailSettings } from "@/lib/env";

/**
 * "Forgot password?": `{ email }` → 202, the same whether an account has that e-mail or not; 429
 * when rate limited (by the e-mail and the client's network, never by the account's existence).
 */
export const POST = publicJsonPost(requestPasswordResetInput, async ({ req, db, body }) => {
  const network = clientNetworkOf(req.headers, getEnv().AXIOM_TRUSTED_PROXY_HOPS);
  await requestPasswordReset(db, { email: body.email, network, appUrl: getMailSettings().appUrl });
  return Response.json({ message: "If an account has this e-mail, a reset link is on its way." }, { status: 202 });
});
