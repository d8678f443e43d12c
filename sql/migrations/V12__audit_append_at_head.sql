-- Every new audit row must be appended at the chain's head (review of issue #14).
--
-- The application computes each row's keyed hash itself (V9) and the runtime role may INSERT, so
-- until now that role could insert a row with an id far above the sequence, or one that does not
-- link to the head. Such a row became the head: every later real row got a lower id from the
-- sequence but linked to it, so in id order every later row failed the link check forever, and
-- any later tampering hid behind that first break.
--
-- This trigger (owned by the schema's owner: the runtime role can neither drop nor disable it)
-- refuses a row unless
--   * its id is the value this session just drew from audit_events_id_seq (currval), which must
--     also lie above the head's id (the sequence only grows, so it does unless a forger drew it
--     early and waited), and
--   * its prev_hash is the head's hash, read exactly as AuditRowWriter reads it: the newest row's
--     hash, or the last checkpoint's last_archived_hash when every row has been archived, or 64
--     zeros for an empty log.
-- It takes the chain's lock (7305901, already held by AuditRowWriter and audit_events_archive) so
-- the head it reads is the one the row follows. A row that passes but carries a wrong HMAC is
-- still reported at that row (HASH), and the rows after it stay verifiable. Cost per audited
-- write: one primary-key index lookup for the head (plus the checkpoint when the log is empty).

CREATE FUNCTION audit_events_append_at_head() RETURNS trigger
LANGUAGE plpgsql SET search_path = ${flyway:defaultSchema}, pg_catalog, pg_temp AS $$
DECLARE
    drawn     bigint;
    head_id   bigint;
    head_hash char(64);
BEGIN
    PERFORM pg_advisory_xact_lock(7305901);
    BEGIN
        drawn := currval('audit_events_id_seq');
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        drawn := NULL; -- this session never drew an id
    END;
    SELECT id, hash INTO head_id, head_hash FROM audit_events ORDER BY id DESC LIMIT 1;
    IF head_id IS NULL THEN
        SELECT last_archived_id, last_archived_hash INTO head_id, head_hash
          FROM audit_checkpoints ORDER BY id DESC LIMIT 1;
    END IF;
    head_id := coalesce(head_id, 0);
    head_hash := coalesce(head_hash, repeat('0', 64));
    IF drawn IS NULL OR NEW.id IS DISTINCT FROM drawn OR NEW.id <= head_id THEN
        RAISE EXCEPTION 'audit_events: row % refused: an audit row takes the id this session just drew from audit_events_id_seq (%), above the head %',
            NEW.id, coalesce(drawn::text, 'none'), head_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.prev_hash IS DISTINCT FROM head_hash THEN
        RAISE EXCEPTION 'audit_events: row % refused: its prev_hash is not the hash of the chain''s head %', NEW.id, head_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_events_append_at_head
    BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_at_head();
