import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { reviewLinks } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { hashPassword } from "@/lib/auth/passwords";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, notFound } from "@/lib/errors";
import { findProjectIdOfPlaylist } from "@/lib/playlists/playlist-access";
import { authorizeProjectOrThrow, findProjectIdOfVersion } from "@/lib/projects/authorize-project";
import { getReviewLinkSummaryOrThrow } from "./list-review-links";
import { generateReviewLinkSecret } from "./review-link-secret";
import type { ReviewLinkSummary } from "./review-link.types";

/** A link lives at most a year: a share is for a review, not a standing door into the studio. */
export const MAX_REVIEW_LINK_DAYS = 365;

/** What the Share dialog sends (the route parses the body with it). */
export const createReviewLinkInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    versionId: z.uuid().optional(),
    playlistId: z.uuid().optional(),
    expiresAt: z.iso.datetime({ offset: true }),
    /** Optional; at least 6 characters when set (it is rate-limited, and hashed with argon2id). */
    passphrase: z.string().min(6).max(200).optional(),
    allowComments: z.boolean(),
    allowDownload: z.boolean(),
    watermark: z.boolean().default(true),
  })
  .refine((l) => (l.versionId === undefined) !== (l.playlistId === undefined), {
    message: "share exactly one of versionId and playlistId",
    path: ["versionId"],
  });
export type CreateReviewLinkInput = z.output<typeof createReviewLinkInput>;

/**
 * Shares one version or one playlist of a project as a review link (permission
 * `review_link.manage`). Returns the link and its token: the token is in no table (only its
 * SHA-256), so this answer is the only time anyone sees it. Throws `not_found` for a target of
 * another project (or none), `validation_failed` for an expiry in the past or over a year away.
 */
export async function createReviewLink(
  db: DbOrTx,
  params: { actor: Actor; projectId: string; link: CreateReviewLinkInput; now?: Date },
): Promise<{ link: ReviewLinkSummary; token: string }> {
  const { actor, projectId, link: input } = params;
  const now = params.now ?? new Date();
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) throw new AppError("validation_failed", "expiresAt: must be in the future", { field: "expiresAt" });
  if (expiresAt.getTime() > now.getTime() + MAX_REVIEW_LINK_DAYS * 86_400_000) {
    throw new AppError("validation_failed", `expiresAt: at most ${MAX_REVIEW_LINK_DAYS} days away`, { field: "expiresAt" });
  }
  // Hashed before the transaction: argon2 takes ~30 ms and holds no lock.
  const passphraseHash = input.passphrase ? await hashPassword(input.passphrase) : null;
  const { secret, hash } = generateReviewLinkSecret();
  return db.transaction(async (tx) => {
    await authorizeProjectOrThrow(tx, actor, projectId, "review_link.manage");
    const targetProject = input.versionId ? await findProjectIdOfVersion(tx, input.versionId) : await findProjectIdOfPlaylist(tx, input.playlistId!);
    if (targetProject !== projectId) throw notFound(input.versionId ? "Version not found" : "Playlist not found");
    const [row] = await tx
      .insert(reviewLinks)
      .values({
        projectId,
        name: input.name,
        versionId: input.versionId ?? null,
        playlistId: input.playlistId ?? null,
        tokenHash: hash,
        passphraseHash,
        allowComments: input.allowComments,
        allowDownload: input.allowDownload,
        watermark: input.watermark,
        expiresAt,
        createdBy: actor.id,
      })
      .returning({ id: reviewLinks.id });
    await recordAuditEvent(tx, {
      actorId: actor.id,
      action: "review_link.created",
      entityType: "review_link",
      entityId: row!.id,
      projectId,
      data: {
        name: input.name,
        versionId: input.versionId ?? null,
        playlistId: input.playlistId ?? null,
        expiresAt: expiresAt.toISOString(),
        hasPassphrase: passphraseHash !== null,
        allowComments: input.allowComments,
        allowDownload: input.allowDownload,
        watermark: input.watermark,
      },
    });
    return { link: await getReviewLinkSummaryOrThrow(tx, row!.id, now), token: secret };
  });
}
