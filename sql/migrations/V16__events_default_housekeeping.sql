-- Partition housekeeping must not jam on events_default (issue #18, review). V15's
-- events_prepare_partitions failed for a day whose rows already sat in events_default ("updated
-- partition constraint for default partition would be violated"), aborting the whole loop, and
-- retention never looked at events_default. V15 stays as applied; both functions are replaced here,
-- still owned by the schema's owner, SECURITY DEFINER with a fixed search_path, the runtime role
-- keeping EXECUTE (CREATE OR REPLACE keeps the owner and the grants).

-- Creates the missing day partitions from p_from for p_days days; returns how many it created.
-- A day with rows in events_default gets its partition built beside the table, those rows moved
-- into it, and only then attached, with events_default locked against inserts meanwhile, so no row
-- is lost and none stays behind. A day that still fails is skipped with a WARNING (its own
-- subtransaction): the later days are prepared all the same.
CREATE OR REPLACE FUNCTION events_prepare_partitions(p_from date, p_days integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_catalog, pg_temp AS $$
DECLARE
    d       date;
    name    text;
    lo      timestamptz;
    hi      timestamptz;
    created integer := 0;
BEGIN
    IF p_days < 1 OR p_days > 366 THEN
        RAISE EXCEPTION 'p_days must be 1..366, was %', p_days;
    END IF;
    FOR i IN 0 .. p_days - 1 LOOP
        d := p_from + i;
        name := 'events_p' || to_char(d, 'YYYYMMDD');
        lo := d::timestamp AT TIME ZONE 'UTC';
        hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
        IF to_regclass(name) IS NULL THEN
            BEGIN
                IF EXISTS (SELECT 1 FROM events_default WHERE received_at >= lo AND received_at < hi) THEN
                    -- Receivers insert through events; while this holds, a row for the day cannot slip into the default.
                    LOCK TABLE events_default IN SHARE ROW EXCLUSIVE MODE;
                    EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
                    EXECUTE format('WITH moved AS (DELETE FROM events_default WHERE received_at >= %L AND received_at < %L RETURNING *)'
                                   ' INSERT INTO %I SELECT * FROM moved', lo, hi, name);
                    EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
                ELSE
                    EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
                END IF;
                created := created + 1;
            EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'events partition % not created, skipped: % (%)', name, SQLERRM, SQLSTATE;
            END;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

-- Drops the day partitions that end on or before p_before (retention) and deletes the rows of
-- events_default older than p_before (rows that never had a day partition expire too); returns how
-- many partitions it dropped. Only tables named events_pYYYYMMDD that are partitions of events are
-- ever dropped.
CREATE OR REPLACE FUNCTION events_drop_partitions_before(p_before date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_catalog, pg_temp AS $$
DECLARE
    part    record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.relname FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
          JOIN pg_class p ON p.oid = i.inhparent
          JOIN pg_namespace n ON n.oid = p.relnamespace
         WHERE p.relname = 'events' AND n.nspname = current_schema() AND c.relname ~ '^events_p[0-9]{8}$'
    LOOP
        IF to_date(substr(part.relname, 9), 'YYYYMMDD') + 1 <= p_before THEN
            EXECUTE format('DROP TABLE %I', part.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    DELETE FROM events_default WHERE received_at < (p_before::timestamp AT TIME ZONE 'UTC');
    RETURN dropped;
END;
$$;
