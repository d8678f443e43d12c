-- Event rules an administrator edits (issue #18): which traps and syslog messages raise an alert,
-- at which severity, about which subject, and which trap resolves it. They replace the rules that
-- were built into the code; the four seeded below are those rules, unchanged in effect (the same
-- subject keys, so alerts raised before this migration are still resolved by their linkUp).
CREATE TABLE event_rules (
    id               bigserial     PRIMARY KEY,
    name             varchar(100)  NOT NULL,
    enabled          boolean       NOT NULL DEFAULT true,
    kind             varchar(10)   NOT NULL,
    -- TRAP: the trap's name (linkDown), MODULE::name or dotted OID.
    trap             varchar(200),
    -- SYSLOG: this syslog severity or worse (emerg .. debug), this facility, this program (APP-NAME / TAG).
    syslog_severity  varchar(10),
    facility         varchar(10),
    program          varchar(64),
    -- Both kinds: a regular expression the event's message must contain a match of (matched with a time bound).
    message_pattern  varchar(300),
    -- Scope: only events of this region's / this device's devices (NULL: every device).
    -- No foreign keys: a rule scoped to a region or device that is removed later matches nothing.
    region_id        bigint,
    device_id        bigint,
    severity         varchar(10)   NOT NULL,
    -- The alert's subject: <kind>:device:<id>:<subject>[:<value of subject_field>].
    subject          varchar(40)   NOT NULL,
    subject_field    varchar(64),
    -- TRAP: the trap (name, MODULE::name or OID) that resolves this rule's open alert of the same subject.
    cleared_by       varchar(200),
    created_by       varchar(100)  NOT NULL,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    version          bigint        NOT NULL DEFAULT 0,
    CONSTRAINT uq_event_rules_name UNIQUE (name),
    CONSTRAINT ck_event_rules_kind CHECK (kind IN ('TRAP', 'SYSLOG')),
    CONSTRAINT ck_event_rules_severity CHECK (severity IN ('INFO', 'WARNING', 'MAJOR', 'CRITICAL')),
    CONSTRAINT ck_event_rules_trap CHECK ((kind = 'TRAP') = (trap IS NOT NULL))
);

INSERT INTO event_rules (name, kind, trap, severity, subject, subject_field, cleared_by, created_by) VALUES
    ('Interface down (linkDown)', 'TRAP', 'linkDown', 'MAJOR', 'ifIndex', 'ifIndex', 'linkUp', 'system'),
    ('Device restarted (coldStart)', 'TRAP', 'coldStart', 'WARNING', 'restart', NULL, NULL, 'system'),
    ('Device restarted (warmStart)', 'TRAP', 'warmStart', 'WARNING', 'restart', NULL, NULL, 'system'),
    ('SNMP authentication failure', 'TRAP', 'authenticationFailure', 'WARNING', 'authfail', NULL, NULL, 'system');

-- Repeat counts (issue #18): the same event while its alert is open counts up on that alert.
ALTER TABLE alerts
    ADD COLUMN repeat_count  integer     NOT NULL DEFAULT 1,
    ADD COLUMN last_seen_at  timestamptz;
