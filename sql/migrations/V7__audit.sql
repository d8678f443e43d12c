-- The audit log's retention, read filters and checkpoints.
--
-- Retention removes the oldest rows only after the application has written them to an archive
-- file, and only through audit_events_archive(): it leaves a checkpoint row naming the hash of the
-- last archived row, so the chain check starts from there and a row removed any other way (or
-- changed after archiving) still breaks the chain. The refusing trigger lets a DELETE through
-- only while that function runs, only for the oldest remaining row, only for rows older than the
-- cutoff the function was given and only up to the checkpoint it wrote; every UPDATE, every
-- TRUNCATE and every other DELETE is still refused.

-- Query: the auditor's region filter, newest first: WHERE region_id = :r ORDER BY occurred_at DESC
CREATE INDEX idx_audit_events_region ON audit_events (region_id, occurred_at DESC) WHERE region_id IS NOT NULL;
-- Query: the auditor's action filter: WHERE action = :a ORDER BY occurred_at DESC
CREATE INDEX idx_audit_events_action ON audit_events (action, occurred_at DESC);

CREATE TABLE audit_checkpoints (
    id                  bigserial    PRIMARY KEY,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    cutoff              timestamptz  NOT NULL,
    first_archived_id   bigint       NOT NULL,
    last_archived_id    bigint       NOT NULL,
    last_archived_hash  char(64)     NOT NULL,
    rows_archived       bigint       NOT NULL,
    archive_file        varchar(500) NOT NULL,
    CONSTRAINT ck_audit_checkpoints_range CHECK (first_archived_id <= last_archived_id)
);

CREATE FUNCTION audit_checkpoints_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoints is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_checkpoints_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_refuse_change();

CREATE TRIGGER audit_checkpoints_no_truncate
    BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoints_refuse_change();

-- The chain goes on from the last checkpoint when every row before it has been archived away.
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    previous char(64);
BEGIN
    PERFORM pg_advisory_xact_lock(7305901);
    SELECT hash INTO previous FROM audit_events ORDER BY id DESC LIMIT 1;
    IF previous IS NULL THEN
        SELECT last_archived_hash INTO previous FROM audit_checkpoints ORDER BY id DESC LIMIT 1;
    END IF;
    NEW.prev_hash := coalesce(previous, repeat('0', 64));
    NEW.occurred_at := coalesce(NEW.occurred_at, now());
    NEW.hash := audit_event_hash(NEW.prev_hash, NEW.occurred_at, NEW.actor, NEW.client_address,
        NEW.action, NEW.object_type, NEW.object_id, NEW.region_id, NEW.before_state,
        NEW.after_state, NEW.details);
    RETURN NEW;
END;
$$;

-- Refuses every change, except the archiving DELETE described at the top of this file.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_upto   bigint;
    v_cutoff timestamptz;
BEGIN
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' THEN
        v_upto := nullif(current_setting('wardops.audit_archive_upto', true), '')::bigint;
        v_cutoff := nullif(current_setting('wardops.audit_archive_cutoff', true), '')::timestamptz;
        IF v_upto IS NOT NULL AND v_cutoff IS NOT NULL
           AND OLD.id <= v_upto
           AND OLD.occurred_at < v_cutoff
           AND OLD.id = (SELECT min(e.id) FROM audit_events e)
           AND EXISTS (SELECT 1 FROM audit_checkpoints c
                       WHERE c.last_archived_id = v_upto AND c.cutoff = v_cutoff
                         AND c.id = (SELECT max(id) FROM audit_checkpoints)) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Removes the rows from the oldest up to p_last_id, which the caller has already written to
-- p_archive_file, after checking that the caller archived exactly the chain that is here: the
-- last row's hash must be p_last_hash, and every row up to it must be older than p_cutoff, which
-- itself must lie in the past. Returns the number of rows removed.
CREATE FUNCTION audit_events_archive(p_last_id bigint, p_last_hash char(64), p_cutoff timestamptz,
                                     p_archive_file varchar) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_catalog, pg_temp AS $$
DECLARE
    first_id  bigint;
    actual    char(64);
    newest    timestamptz;
    removed   bigint := 0;
    row_id    bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7305901);
    IF p_cutoff > now() THEN
        RAISE EXCEPTION 'the archive cutoff % lies in the future', p_cutoff;
    END IF;
    SELECT min(id), max(occurred_at) INTO first_id, newest FROM audit_events WHERE id <= p_last_id;
    SELECT hash INTO actual FROM audit_events WHERE id = p_last_id;
    IF first_id IS NULL OR actual IS NULL OR actual <> p_last_hash THEN
        RAISE EXCEPTION 'audit event % with hash % is not in the log; nothing archived', p_last_id, p_last_hash;
    END IF;
    IF newest >= p_cutoff THEN
        RAISE EXCEPTION 'audit events up to % are not all older than %', p_last_id, p_cutoff;
    END IF;
    INSERT INTO audit_checkpoints (cutoff, first_archived_id, last_archived_id, last_archived_hash, rows_archived, archive_file)
    VALUES (p_cutoff, first_id, p_last_id, p_last_hash,
            (SELECT count(*) FROM audit_events WHERE id <= p_last_id), p_archive_file);
    PERFORM set_config('wardops.audit_archive_upto', p_last_id::text, true);
    PERFORM set_config('wardops.audit_archive_cutoff', p_cutoff::text, true);
    -- One row at a time, oldest first: the trigger admits only the oldest remaining row.
    FOR row_id IN SELECT id FROM audit_events WHERE id <= p_last_id ORDER BY id LOOP
        DELETE FROM audit_events WHERE id = row_id;
        removed := removed + 1;
    END LOOP;
    PERFORM set_config('wardops.audit_archive_upto', '', true);
    PERFORM set_config('wardops.audit_archive_cutoff', '', true);
    RETURN removed;
END;
$$;
