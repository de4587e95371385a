import { z } from "zod";
import { assetListPageSchema, assetListQuery } from "@/lib/assets/asset-list.types";
import { auditEventFilters, auditEventViewSchema } from "@/lib/audit/audit-trail.types";
import type { Permission } from "@/lib/auth/permissions";
import { commentAnswerSchema, commentViewSchema } from "@/lib/comments/comment-view.types";
import { createCommentInput } from "@/lib/comments/create-comment";
import { editCommentInput } from "@/lib/comments/edit-comment";
import { setCommentResolvedInput } from "@/lib/comments/set-comment-resolved";
import { decidedVersionSchema, decisionViewSchema } from "@/lib/decisions/decision-view.types";
import { decideVersionInput } from "@/lib/decisions/decide-version";
import { omcDocumentSchema } from "@/lib/omc/omc-document.types";
import { retriedVersionAnswerSchema } from "@/lib/processing/retry-version.types";
import { projectListFilters, projectListItemSchema } from "@/lib/projects/list-projects-page";
import { renditionDownloadSchema } from "@/lib/review/list-rendition-downloads";
import { apiTokenView, createApiTokenInput, createdApiTokenView } from "@/lib/tokens/schemas";
import { completeUploadBody } from "@/lib/uploads/complete-upload";
import { createUploadBody } from "@/lib/uploads/create-upload";
import { presignPartsBody } from "@/lib/uploads/presign-upload-parts";
import {
  completedUploadAnswerSchema,
  createdUploadSchema,
  presignedPartsSchema,
  presignedUploadUrlSchema,
  uploadedPartsSchema,
} from "@/lib/uploads/upload-answers.types";
import { assetVersionSchema } from "@/lib/versions/list-asset-versions-page";
import { versionStatusAnswerSchema } from "@/lib/versions/version-status.types";
import { pageQuery, pageSchema } from "../pagination";
import type { AuthMode } from "../route";

/**
 * Every /api/v1 operation, declared once (docs/api.md): its path, who may call it, and the zod
 * schemas of its params, query, body and answer. The route files pass these very schemas to
 * `apiRoute` (through `v1RouteConfig`), and lib/api/v1/openapi.ts builds the OpenAPI document
 * from this list, so what is documented is what is parsed. tests/api-v1-openapi.test.ts checks
 * that every route file's methods are here and in the document.
 */

export type V1Operation = {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI form: `/api/v1/versions/{versionId}` for app/api/v1/versions/[versionId]/route.ts. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: V1Tag;
  permission: Permission;
  auth: AuthMode;
  params?: z.ZodObject;
  filters?: z.ZodObject;
  body?: z.ZodType;
  success: { status: 200 | 201 | 202; description: string; schema: z.ZodType };
};

/** The document's sections, in the order /api/docs shows them. */
export const V1_TAGS = ["Tokens", "Projects", "Assets", "Uploads", "Versions", "Comments", "Decisions", "Renditions", "Audit", "OMC"] as const;
export type V1Tag = (typeof V1_TAGS)[number];

const uuid = z.uuid();
const projectParams = z.object({ projectId: uuid });
const assetParams = z.object({ assetId: uuid });
const versionParams = z.object({ versionId: uuid });
const commentParams = z.object({ commentId: uuid });
const tokenParams = z.object({ tokenId: uuid });

const op = <const O extends V1Operation>(o: O) => o;

export const V1 = {
  listTokens: op({
    method: "get",
    path: "/api/v1/tokens",
    operationId: "listTokens",
    summary: "List your API tokens",
    description: "Your own tokens, revoked and expired ones included; never their secrets.",
    tag: "Tokens",
    permission: "token.manage",
    auth: "session-or-token",
    filters: pageQuery,
    success: { status: 200, description: "A page of tokens, newest first.", schema: pageSchema(apiTokenView) },
  }),
  createToken: op({
    method: "post",
    path: "/api/v1/tokens",
    operationId: "createToken",
    summary: "Create an API token",
    description:
      "Signed-in session only (the settings page, or a cookie and a same-origin JSON request): a token cannot mint tokens, so a leaked one cannot outlive its expiry. The secret is in this answer only.",
    tag: "Tokens",
    permission: "token.manage",
    auth: "session",
    body: createApiTokenInput,
    success: { status: 201, description: "The new token and its secret, shown this once.", schema: createdApiTokenView },
  }),
  revokeToken: op({
    method: "delete",
    path: "/api/v1/tokens/{tokenId}",
    operationId: "revokeToken",
    summary: "Revoke an API token",
    description: "One of your own tokens; it stops working with the next request. A token may revoke itself.",
    tag: "Tokens",
    permission: "token.manage",
    auth: "session-or-token",
    params: tokenParams,
    success: { status: 200, description: "The revoked token.", schema: z.strictObject({ token: apiTokenView }) },
  }),
  listProjects: op({
    method: "get",
    path: "/api/v1/projects",
    operationId: "listProjects",
    summary: "List your projects",
    description: "The projects you are a member of (admins: every project). `?code=DEMO` finds one by its code.",
    tag: "Projects",
    permission: "project.list",
    auth: "token",
    filters: projectListFilters.extend(pageQuery.shape),
    success: { status: 200, description: "A page of projects, by name.", schema: pageSchema(projectListItemSchema) },
  }),
  listAssets: op({
    method: "get",
    path: "/api/v1/projects/{projectId}/assets",
    operationId: "listAssets",
    summary: "List a project's assets",
    description:
      "Each with its latest version; search by name, filter by the latest version's states, uploader, open comments and last activity; sort by activity (default, newest first), name or latest version. `nextCursor` pages forward, `prevCursor` (as `before`) back.",
    tag: "Assets",
    permission: "project.view",
    auth: "token",
    params: projectParams,
    filters: assetListQuery,
    success: { status: 200, description: "A page of assets.", schema: assetListPageSchema },
  }),
  listAuditEvents: op({
    method: "get",
    path: "/api/v1/projects/{projectId}/audit-events",
    operationId: "listAuditEvents",
    summary: "List a project's audit events",
    description:
      "Producers and admins. In chain order, oldest first. Filters: one action type, one actor (a user id or `system`), a range of UTC days.",
    tag: "Audit",
    permission: "audit.view",
    auth: "token",
    params: projectParams,
    filters: auditEventFilters.extend(pageQuery.shape),
    success: { status: 200, description: "A page of audit events.", schema: pageSchema(auditEventViewSchema) },
  }),
  createUpload: op({
    method: "post",
    path: "/api/v1/projects/{projectId}/uploads",
    operationId: "createUpload",
    summary: "Start an upload",
    description:
      "Creates the version (AWAITING_UPLOAD) of a new asset (`assetName`) or of an existing one (`assetId`) and says how to send the bytes: one presigned PUT (`single`) or parts (`multipart`, then `POST …/parts`). docs/ingest.md.",
    tag: "Uploads",
    permission: "asset.upload",
    auth: "token",
    params: projectParams,
    body: createUploadBody,
    success: { status: 201, description: "The new version and how to upload it.", schema: createdUploadSchema },
  }),
  listAssetVersions: op({
    method: "get",
    path: "/api/v1/assets/{assetId}/versions",
    operationId: "listAssetVersions",
    summary: "List an asset's versions",
    description:
      "Newest first, as the asset's page shows them: uploads still in flight (no number yet) on top, then v_n … v1. Abandoned uploads are left out.",
    tag: "Versions",
    permission: "project.view",
    auth: "token",
    params: assetParams,
    filters: pageQuery,
    success: { status: 200, description: "A page of versions.", schema: pageSchema(assetVersionSchema) },
  }),
  getVersion: op({
    method: "get",
    path: "/api/v1/versions/{versionId}",
    operationId: "getVersion",
    summary: "Get a version and its state",
    description: "Processing state, progress and error, review state, checksums. Poll it after completing an upload.",
    tag: "Versions",
    permission: "project.view",
    auth: "token",
    params: versionParams,
    success: { status: 200, description: "The version.", schema: versionStatusAnswerSchema },
  }),
  listUploadedParts: op({
    method: "get",
    path: "/api/v1/versions/{versionId}/parts",
    operationId: "listUploadedParts",
    summary: "List the parts already stored",
    description: "To resume a multipart upload without sending stored parts again (the uploader only).",
    tag: "Uploads",
    permission: "asset.upload",
    auth: "token",
    params: versionParams,
    success: { status: 200, description: "The stored parts.", schema: uploadedPartsSchema },
  }),
  presignParts: op({
    method: "post",
    path: "/api/v1/versions/{versionId}/parts",
    operationId: "presignParts",
    summary: "Presign a batch of parts",
    description: "PUT each part's bytes to its URL; keep nothing, the server reads the parts back from the store on completion.",
    tag: "Uploads",
    permission: "asset.upload",
    auth: "token",
    params: versionParams,
    body: presignPartsBody,
    success: { status: 200, description: "One URL per part.", schema: presignedPartsSchema },
  }),
  presignUploadUrl: op({
    method: "post",
    path: "/api/v1/versions/{versionId}/upload-url",
    operationId: "presignUploadUrl",
    summary: "A fresh URL for a single-PUT upload",
    tag: "Uploads",
    permission: "asset.upload",
    auth: "token",
    params: versionParams,
    success: { status: 200, description: "The URL and the headers to PUT with.", schema: presignedUploadUrlSchema },
  }),
  completeUpload: op({
    method: "post",
    path: "/api/v1/versions/{versionId}/complete",
    operationId: "completeUpload",
    summary: "Complete an upload and queue processing",
    description: "Idempotent: the same answer on repeat. A `sha256` given here or at creation is checked against the bytes.",
    tag: "Uploads",
    permission: "asset.upload",
    auth: "token",
    params: versionParams,
    body: completeUploadBody,
    success: { status: 202, description: "Processing is queued; poll `statusUrl`.", schema: completedUploadAnswerSchema },
  }),
  abortUpload: op({
    method: "post",
    path: "/api/v1/versions/{versionId}/abort",
    operationId: "abortUpload",
    summary: "Abort an upload",
    description: "The version becomes ABANDONED and its stored parts are freed.",
    tag: "Uploads",
    permission: "asset.upload",
    auth: "token",
    params: versionParams,
    success: { status: 200, description: "The abandoned version.", schema: versionStatusAnswerSchema },
  }),
  listComments: op({
    method: "get",
    path: "/api/v1/versions/{versionId}/comments",
    operationId: "listComments",
    summary: "List a version's comments",
    description: "By frame, then creation; replies carry their thread's `parentId`.",
    tag: "Comments",
    permission: "project.view",
    auth: "token",
    params: versionParams,
    filters: pageQuery,
    success: { status: 200, description: "A page of comments.", schema: pageSchema(commentViewSchema) },
  }),
  createComment: op({
    method: "post",
    path: "/api/v1/versions/{versionId}/comments",
    operationId: "createComment",
    summary: "Comment on a frame or range, or reply",
    tag: "Comments",
    permission: "comment.create",
    auth: "token",
    params: versionParams,
    body: createCommentInput,
    success: { status: 201, description: "The comment.", schema: commentAnswerSchema },
  }),
  editComment: op({
    method: "patch",
    path: "/api/v1/comments/{commentId}",
    operationId: "editComment",
    summary: "Edit a comment's text or drawing",
    description: "Its author only; absent fields stay as they are, `drawing: null` removes the drawing. The edit is kept in the comment's history.",
    tag: "Comments",
    permission: "comment.create",
    auth: "token",
    params: commentParams,
    body: editCommentInput,
    success: { status: 200, description: "The edited comment.", schema: commentAnswerSchema },
  }),
  deleteComment: op({
    method: "delete",
    path: "/api/v1/comments/{commentId}",
    operationId: "deleteComment",
    summary: "Delete a comment",
    description: "Its author or an admin. Comments are never removed: it stays in its thread, marked deleted, without its text.",
    tag: "Comments",
    permission: "comment.create",
    auth: "token",
    params: commentParams,
    success: { status: 200, description: "The deleted comment.", schema: commentAnswerSchema },
  }),
  resolveComment: op({
    method: "post",
    path: "/api/v1/comments/{commentId}/resolve",
    operationId: "resolveComment",
    summary: "Resolve or reopen a thread",
    description: "`{ \"resolved\": true }` resolves the thread the comment starts, `false` reopens it.",
    tag: "Comments",
    permission: "comment.resolve",
    auth: "token",
    params: commentParams,
    body: setCommentResolvedInput,
    success: { status: 200, description: "The thread's first comment.", schema: commentAnswerSchema },
  }),
  listDecisions: op({
    method: "get",
    path: "/api/v1/versions/{versionId}/decisions",
    operationId: "listDecisions",
    summary: "List a version's review decisions",
    description: "Oldest first: the last one is the version's review state.",
    tag: "Decisions",
    permission: "project.view",
    auth: "token",
    params: versionParams,
    filters: pageQuery,
    success: { status: 200, description: "A page of decisions.", schema: pageSchema(decisionViewSchema) },
  }),
  createDecision: op({
    method: "post",
    path: "/api/v1/versions/{versionId}/decisions",
    operationId: "createDecision",
    summary: "Approve, reject or request changes",
    description: "Supervisors (and admins), on a READY version.",
    tag: "Decisions",
    permission: "version.decide",
    auth: "token",
    params: versionParams,
    body: decideVersionInput,
    success: { status: 201, description: "The decision and the version's new review state.", schema: decidedVersionSchema },
  }),
  listRenditions: op({
    method: "get",
    path: "/api/v1/versions/{versionId}/renditions",
    operationId: "listRenditions",
    summary: "List a version's renditions with download URLs",
    tag: "Renditions",
    permission: "project.view",
    auth: "token",
    params: versionParams,
    success: { status: 200, description: "Every rendition the version has.", schema: z.strictObject({ items: z.array(renditionDownloadSchema) }) },
  }),
  retryVersion: op({
    method: "post",
    path: "/api/v1/versions/{versionId}/retry",
    operationId: "retryVersion",
    summary: "Retry a version whose processing failed",
    description: "ERROR → PENDING and a new processing job, in one transaction. 409 when the version is not in ERROR.",
    tag: "Versions",
    permission: "version.retry",
    auth: "token",
    params: versionParams,
    success: { status: 202, description: "Processing is queued again; poll `statusUrl`.", schema: retriedVersionAnswerSchema },
  }),
  getVersionOmc: op({
    method: "get",
    path: "/api/v1/versions/{versionId}/omc",
    operationId: "getVersionOmc",
    summary: "A version as MovieLabs OMC-JSON v2.8",
    description:
      "The asset, this version's master with its renditions, its processing and review tasks and the people involved, as OMC-JSON (docs/omc.md). The same document as the review room's export.",
    tag: "OMC",
    permission: "project.view",
    auth: "token",
    params: versionParams,
    success: { status: 200, description: "The OMC-JSON document (served as an attachment).", schema: omcDocumentSchema },
  }),
  getAssetOmc: op({
    method: "get",
    path: "/api/v1/assets/{assetId}/omc",
    operationId: "getAssetOmc",
    summary: "An asset as MovieLabs OMC-JSON v2.8",
    description: "The asset and every numbered version as revisions of one another (docs/omc.md).",
    tag: "OMC",
    permission: "project.view",
    auth: "token",
    params: assetParams,
    success: { status: 200, description: "The OMC-JSON document (served as an attachment).", schema: omcDocumentSchema },
  }),
} as const satisfies Record<string, V1Operation>;

/** What `apiRoute` needs of an operation: the same schemas the document shows. */
export function v1RouteConfig<O extends V1Operation>(o: O) {
  return { permission: o.permission, auth: o.auth, params: o.params, filters: o.filters, body: o.body } as {
    permission: Permission;
    auth: AuthMode;
    params: SchemaOf<O, "params">;
    filters: SchemaOf<O, "filters">;
    body: SchemaOf<O, "body">;
  };
}

/** The operation's schema under `key`, or undefined when it declares none. */
type SchemaOf<O, K extends "params" | "filters" | "body"> = O extends { [k in K]: infer S extends z.ZodType } ? S : undefined;
