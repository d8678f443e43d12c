-- Events the devices send (issue #18): SNMP traps and informs, syslog messages, and the receiver's
-- own STORM events, one row each. Partitioned by day on received_at so that retention drops whole
-- partitions (no DELETE of millions of rows, no bloat) and a day's query touches one partition.
--
-- The runtime role owns nothing, so it cannot create or drop partitions itself: the two functions
-- below run as the schema's owner (SECURITY DEFINER) and do only that. Partitions are named
-- events_pYYYYMMDD and cover [day, day + 1) in UTC. Rows no day partition takes (the clock far
-- ahead, partitions not prepared yet) land in events_default rather than being refused: an event
-- is never lost to housekeeping.

CREATE SEQUENCE events_id_seq AS bigint;

CREATE TABLE events (
    id           bigint        NOT NULL DEFAULT nextval('events_id_seq'),
    received_at  timestamptz   NOT NULL,
    source       inet          NOT NULL,
    -- The inventory device whose address sent it, NULL for an unknown source (kept, shown as such).
    device_id    bigint,
    -- The device's region when the event arrived: regional scoping without a join per row.
    region_id    bigint,
    kind         varchar(10)   NOT NULL,
    severity     varchar(10)   NOT NULL,
    -- Trap: its name (linkDown) or OID; syslog: the app-name / tag; storm: 'storm'.
    name         varchar(200)  NOT NULL,
    message      varchar(2000) NOT NULL,
    -- Decoded fields: varbinds by name, syslog facility/hostname/structured data.
    fields       jsonb         NOT NULL DEFAULT '{}',
    -- The raw form as received (syslog line; trap as PDU text), bounded by the receivers.
    raw          text          NOT NULL,
    CONSTRAINT ck_events_kind CHECK (kind IN ('TRAP', 'SYSLOG', 'STORM')),
    CONSTRAINT ck_events_severity CHECK (severity IN ('INFO', 'WARNING', 'MAJOR', 'CRITICAL')),
    PRIMARY KEY (received_at, id)
) PARTITION BY RANGE (received_at);

ALTER SEQUENCE events_id_seq OWNED BY events.id;

CREATE TABLE events_default PARTITION OF events DEFAULT;

-- The console's and API's lists: newest first, optionally one device or one region.
CREATE INDEX idx_events_time ON events (received_at DESC, id DESC);
CREATE INDEX idx_events_device_time ON events (device_id, received_at DESC) WHERE device_id IS NOT NULL;
CREATE INDEX idx_events_region_time ON events (region_id, received_at DESC);

-- Creates the day partitions from p_from for p_days days that do not exist yet; returns how many
-- it created. Idempotent; cheap when they exist.
CREATE FUNCTION events_prepare_partitions(p_from date, p_days integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_catalog, pg_temp AS $$
DECLARE
    d       date;
    name    text;
    created integer := 0;
BEGIN
    IF p_days < 1 OR p_days > 366 THEN
        RAISE EXCEPTION 'p_days must be 1..366, was %', p_days;
    END IF;
    FOR i IN 0 .. p_days - 1 LOOP
        d := p_from + i;
        name := 'events_p' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                           name, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

-- Drops the day partitions that end on or before p_before (retention); returns how many.
-- Only tables named events_pYYYYMMDD that are partitions of events are ever touched.
CREATE FUNCTION events_drop_partitions_before(p_before date) RETURNS integer
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
    RETURN dropped;
END;
$$;

REVOKE ALL ON FUNCTION events_prepare_partitions(date, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION events_drop_partitions_before(date) FROM PUBLIC;

-- Today's and the next days' partitions exist from the start; the application keeps them ahead.
SELECT events_prepare_partitions((now() AT TIME ZONE 'UTC')::date - 1, 5);
