-- Issue 11 #3: a frame grab attached to a comment (lib/comments/comment-attachment.ts). The key is
-- chosen by the server under the comment's own version's derived prefix; the check keeps out any other.
ALTER TABLE "comments" ADD COLUMN "attachment_key" text;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_attachment_key_shape" CHECK ("comments"."attachment_key" is null or "comments"."attachment_key" ~ ('^derived/' || "comments"."version_id"::text || '/attachments/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.png$'));--> statement-breakpoint

-- An attachment belongs to the comment as it was sent: it is never swapped or removed afterwards (a
-- deleted comment keeps its row as it was; the API hides its attachment). A trigger of its own, so
-- the comment guard (0007, replaced in 0009 and after) stays as it is.
CREATE FUNCTION axiom_comment_attachment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.attachment_key IS DISTINCT FROM OLD.attachment_key THEN
    RAISE EXCEPTION 'comment %: its attachment never changes', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_immutable';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER comments_attachment_guard BEFORE UPDATE ON comments
  FOR EACH ROW EXECUTE FUNCTION axiom_comment_attachment_guard();
