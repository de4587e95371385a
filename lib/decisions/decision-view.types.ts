import { z } from "zod";
import { REVIEW_DECISIONS } from "@/db/enums";
import { userRefSchema } from "@/lib/users/user-ref.types";
import { reviewStateSchema } from "@/lib/versions/version-status.types";

/**
 * The JSON shapes of review decisions, shared by the server that sends them (`toDecisionView`,
 * `decideVersion` are typed with them) and the browser that parses them (lib/api-client).
 */

export const reviewDecisionSchema = z.enum(REVIEW_DECISIONS);

/** A decision and who made it: the review room's history, the lists' latest decision. */
export const decisionViewSchema = z.strictObject({
  id: z.string(),
  decision: reviewDecisionSchema,
  /** Null when the supervisor wrote none. */
  note: z.string().nullable(),
  decidedBy: userRefSchema,
  createdAt: z.iso.datetime(),
});
export type DecisionView = z.infer<typeof decisionViewSchema>;

/** `POST /api/versions/:id/decisions` → 201: the decision and the version's review state now. */
export const decidedVersionSchema = z.strictObject({ decision: decisionViewSchema, reviewState: reviewStateSchema });
export type DecidedVersion = z.infer<typeof decidedVersionSchema>;
