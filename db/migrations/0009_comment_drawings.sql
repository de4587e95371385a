-- Issue 11 #1: a drawing on the frame of a comment (docs/drawing.md), vector JSON validated by
-- lib/comments/drawing.ts. The checks below only keep out what no version of that schema sends.
ALTER TABLE "comments" ADD COLUMN "drawing" jsonb;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_drawing_shape" CHECK ("comments"."drawing" is null or (jsonb_typeof("comments"."drawing") = 'object' and octet_length("comments"."drawing"::text) <= 65536));--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_drawing_on_thread" CHECK ("comments"."drawing" is null or "comments"."parent_id" is null);--> statement-breakpoint

-- The comment guard of 0007 (section 5), with the drawing as part of a comment's content: it
-- changes only as an edit (edited_at moves with it, as with the text), and deleting leaves it as it
-- was (the API hides a deleted comment's drawing, the row keeps it, as it keeps the text).
CREATE OR REPLACE FUNCTION axiom_comment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent comments%ROWTYPE;
  is_content_changed boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.deleted_at IS NOT NULL OR NEW.edited_at IS NOT NULL OR NEW.resolved_at IS NOT NULL OR NEW.resolved_by IS NOT NULL THEN
      RAISE EXCEPTION 'a new comment is neither edited, resolved nor deleted'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
    END IF;
    IF NEW.parent_id IS NOT NULL THEN
      SELECT * INTO parent FROM comments WHERE id = NEW.parent_id;
      IF parent.version_id IS DISTINCT FROM NEW.version_id OR parent.parent_id IS NOT NULL THEN
        RAISE EXCEPTION 'a reply answers a top-level comment of the same version'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
      END IF;
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.id <> OLD.id OR NEW.version_id <> OLD.version_id OR NEW.author_id <> OLD.author_id
     OR NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.frame_in <> OLD.frame_in
     OR NEW.frame_out IS DISTINCT FROM OLD.frame_out OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'comment %: author, version, thread, frames and creation time never change', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_immutable';
  END IF;
  IF OLD.deleted_at IS NOT NULL THEN
    IF NEW IS DISTINCT FROM OLD THEN
      RAISE EXCEPTION 'comment % was deleted: it never changes again', OLD.id
        USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_immutable';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.deleted_at IS NOT NULL AND (NEW.body <> OLD.body OR NEW.drawing IS DISTINCT FROM OLD.drawing
       OR NEW.edited_at IS DISTINCT FROM OLD.edited_at OR NEW.resolved_at IS DISTINCT FROM OLD.resolved_at
       OR NEW.resolved_by IS DISTINCT FROM OLD.resolved_by) THEN
    RAISE EXCEPTION 'comment %: deleting changes nothing else', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  is_content_changed := NEW.body <> OLD.body OR NEW.drawing IS DISTINCT FROM OLD.drawing;
  IF is_content_changed <> (NEW.edited_at IS DISTINCT FROM OLD.edited_at) OR (is_content_changed AND NEW.edited_at IS NULL) THEN
    RAISE EXCEPTION 'comment %: the text and the drawing change only as an edit, with edited_at', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  IF (NEW.resolved_at IS NULL) <> (NEW.resolved_by IS NULL) THEN
    RAISE EXCEPTION 'comment %: resolved_at and resolved_by are set and cleared together', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  IF OLD.parent_id IS NOT NULL AND (NEW.resolved_at IS DISTINCT FROM OLD.resolved_at OR NEW.resolved_by IS DISTINCT FROM OLD.resolved_by) THEN
    RAISE EXCEPTION 'comment % is a reply: its thread is resolved through the first comment', OLD.id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'comments_guard';
  END IF;
  RETURN NEW;
END
$$;

