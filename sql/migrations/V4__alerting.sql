-- Alerting, version 4: what the alert engine needs beyond V1's alert_rules / alerts /
-- maintenance_windows. docs/alerting.md explains every column in terms of rules and lifecycle.

-- Rule kinds, the SNMP item a SNMP rule looks at, and the window of an availability rule.
ALTER TABLE alert_rules
    ADD COLUMN snmp_item       varchar(80),
    ADD COLUMN window_seconds  integer,
    ADD CONSTRAINT ck_rules_kind CHECK (kind IN ('DEVICE_DOWN', 'RTT_ABOVE', 'LOSS_ABOVE', 'SNMP_INTERFACE_DOWN',
        'SNMP_RATE_ABOVE', 'SNMP_RATE_BELOW', 'AVAILABILITY_BELOW', 'EXPRESSION')),
    ADD CONSTRAINT ck_rules_window CHECK (window_seconds IS NULL OR window_seconds BETWEEN 60 AND 2678400);

-- How an alert stands besides its state: covered by a parent's alert (dependency), raised inside
-- a maintenance window, or on a flapping subject. None of them is notified (AlertSnapshot.notifiable).
ALTER TABLE alerts
    ADD COLUMN suppressed      boolean     NOT NULL DEFAULT false,
    ADD COLUMN in_maintenance  boolean     NOT NULL DEFAULT false,
    ADD COLUMN flapping        boolean     NOT NULL DEFAULT false,
    ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now(),
    -- The region of the subject (device, branch or region alert), for regional scoping without a join.
    ADD COLUMN region_id       bigint      REFERENCES regions (id);
-- Query: a regional manager's alert list: WHERE region_id = ANY(:scope) ORDER BY triggered_at DESC
CREATE INDEX idx_alerts_region_time ON alerts (region_id, triggered_at DESC);
-- Query: the alert list filtered by state and time: WHERE state = :s ORDER BY triggered_at DESC
CREATE INDEX idx_alerts_state_time ON alerts (state, triggered_at DESC);
-- Query: children linked to a parent's alert (alert detail): WHERE parent_alert_id = :id
CREATE INDEX idx_alerts_parent ON alerts (parent_alert_id) WHERE parent_alert_id IS NOT NULL;
-- Query: the list filtered by branch (and region through branches): WHERE branch_id = ANY(:ids)
CREATE INDEX idx_alerts_branch_time ON alerts (branch_id, triggered_at DESC);

-- Operators' comments on an alert, oldest first.
CREATE TABLE alert_comments (
    id          bigserial     PRIMARY KEY,
    alert_id    bigint        NOT NULL REFERENCES alerts (id),
    author      varchar(100)  NOT NULL,
    body        varchar(2000) NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now()
);
-- Query: an alert's comments: WHERE alert_id = :id ORDER BY created_at
CREATE INDEX idx_alert_comments_alert ON alert_comments (alert_id, created_at);

-- Every transition of every alert (fired, acknowledged, commented, resolved, flapping): an
-- alert's full history. Written by the engine once per round in one statement.
CREATE TABLE alert_events (
    id          bigserial     PRIMARY KEY,
    alert_id    bigint        NOT NULL REFERENCES alerts (id),
    kind        varchar(20)   NOT NULL,
    actor       varchar(100)  NOT NULL,
    comment     varchar(2000),
    at          timestamptz   NOT NULL,
    CONSTRAINT ck_alert_events_kind CHECK (kind IN ('FIRING', 'ACKNOWLEDGED', 'COMMENTED', 'RESOLVED', 'ESCALATED', 'FLAPPING'))
);
-- Query: an alert's history: WHERE alert_id = :id ORDER BY at
CREATE INDEX idx_alert_events_alert ON alert_events (alert_id, at);

-- Saved device groups, a rule or maintenance scope (scope_type GROUP, scope_value = the group's id).
CREATE TABLE device_groups (
    id           bigserial    PRIMARY KEY,
    name         varchar(120) NOT NULL,
    description  varchar(500),
    created_at   timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_device_groups_name UNIQUE (name)
);

CREATE TABLE device_group_members (
    group_id   bigint NOT NULL REFERENCES device_groups (id) ON DELETE CASCADE,
    device_id  bigint NOT NULL REFERENCES devices (id),
    PRIMARY KEY (group_id, device_id)
);
-- Query: the groups of the fleet's devices, loaded once into the engine's inventory copy.
CREATE INDEX idx_device_group_members_device ON device_group_members (device_id);

-- Recurring windows: recurrence NULL (one-off), 'DAILY', or 'WEEKLY:MON,WED' (days; bare
-- 'WEEKLY' = the weekday of starts_at); the window repeats at starts_at's local time of day in
-- the bank's zone (wardops.timezone) for (ends_at - starts_at), optionally until repeat_until.
ALTER TABLE maintenance_windows
    ADD COLUMN repeat_until  timestamptz,
    ADD COLUMN description   varchar(500),
    ADD CONSTRAINT ck_mw_recurrence CHECK (recurrence IS NULL OR recurrence ~ '^(DAILY|WEEKLY(:(MON|TUE|WED|THU|FRI|SAT|SUN)(,(MON|TUE|WED|THU|FRI|SAT|SUN))*)?)$');
