import { z } from "zod";

/** One person the comment composer offers after `@` (GET /api/projects/:id/members). No e-mail: names are what a mention shows. */
export const mentionableMemberSchema = z.strictObject({ userId: z.string(), name: z.string() });
export type MentionableMember = z.infer<typeof mentionableMemberSchema>;

export const mentionableMembersAnswerSchema = z.strictObject({ members: z.array(mentionableMemberSchema) });
export type MentionableMembersAnswer = z.infer<typeof mentionableMembersAnswerSchema>;
