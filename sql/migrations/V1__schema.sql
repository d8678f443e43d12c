-- WARD OPS schema, version 1.
--
-- Rules this schema keeps (each one a lesson of the Python system it replaces):
--   * every time is timestamptz and stored in UTC; nothing naive;
--   * every index the old system found missing exists from the first migration, each with the
--     query that uses it written above it (SchemaIT checks with EXPLAIN that it is used);
--   * there is no ping results table: ping and SNMP samples live in VictoriaMetrics. This
--     database holds inventory, configuration, state changes, alerts, users and the audit log.

-- ---------------------------------------------------------------------------------------------
-- Inventory
-- ---------------------------------------------------------------------------------------------

CREATE TABLE regions (
    id          bigserial    PRIMARY KEY,
    name        varchar(100) NOT NULL,
    code        varchar(20)  NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    version     bigint       NOT NULL DEFAULT 0,
    CONSTRAINT uq_regions_name UNIQUE (name),
    CONSTRAINT uq_regions_code UNIQUE (code)
);

CREATE TABLE branches (
    id          bigserial    PRIMARY KEY,
    region_id   bigint       NOT NULL REFERENCES regions (id),
    name        varchar(120) NOT NULL,
    code        varchar(20)  NOT NULL,
    city        varchar(100),
    address     varchar(255),
    latitude    double precision,
    longitude   double precision,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    version     bigint       NOT NULL DEFAULT 0,
    CONSTRAINT uq_branches_name UNIQUE (name),
    CONSTRAINT uq_branches_code UNIQUE (code),
    CONSTRAINT ck_branches_lat CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    CONSTRAINT ck_branches_lon CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180)
);
-- Query: branches of a region (region page, regional scoping: region_id IN (:scope)).
CREATE INDEX idx_branches_region ON branches (region_id);

-- SNMP credentials: secrets are encrypted by the application (AES-GCM, key from server config)
-- before they reach this table; the database never sees a community or key in clear.
CREATE TABLE snmp_credentials (
    id                 bigserial    PRIMARY KEY,
    name               varchar(100) NOT NULL,
    snmp_version       varchar(3)   NOT NULL,
    community_enc      bytea,
    v3_username        varchar(100),
    v3_security_level  varchar(12),
    v3_auth_protocol   varchar(12),
    v3_auth_key_enc    bytea,
    v3_priv_protocol   varchar(12),
    v3_priv_key_enc    bytea,
    created_at         timestamptz  NOT NULL DEFAULT now(),
    updated_at         timestamptz  NOT NULL DEFAULT now(),
    version            bigint       NOT NULL DEFAULT 0,
    CONSTRAINT uq_snmp_credentials_name UNIQUE (name),
    CONSTRAINT ck_snmp_version CHECK (snmp_version IN ('v2c', 'v3')),
    CONSTRAINT ck_snmp_v2c CHECK (snmp_version <> 'v2c' OR community_enc IS NOT NULL),
    CONSTRAINT ck_snmp_v3 CHECK (snmp_version <> 'v3' OR v3_username IS NOT NULL),
    CONSTRAINT ck_snmp_level CHECK (v3_security_level IS NULL
        OR v3_security_level IN ('noAuthNoPriv', 'authNoPriv', 'authPriv'))
);

CREATE TABLE devices (
    id                  bigserial    PRIMARY KEY,
    name                varchar(120) NOT NULL,
    ip                  inet         NOT NULL,
    device_type         varchar(30)  NOT NULL,
    vendor              varchar(60),
    model               varchar(100),
    branch_id           bigint       NOT NULL REFERENCES branches (id),
    parent_id           bigint       REFERENCES devices (id),
    enabled             boolean      NOT NULL DEFAULT true,
    tags                text[]       NOT NULL DEFAULT '{}',
    snmp_credential_id  bigint       REFERENCES snmp_credentials (id),
    snmp_port           integer      NOT NULL DEFAULT 161,
    description         varchar(500),
    -- Current status lives in memory (Infinispan); the database keeps only when a device went
    -- down, written on a state change, so that "down since" survives a restart.
    down_since          timestamptz,
    deleted_at          timestamptz,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    version             bigint       NOT NULL DEFAULT 0,
    CONSTRAINT ck_devices_type CHECK (device_type IN
        ('ROUTER', 'SWITCH', 'FIREWALL', 'ATM', 'SERVER', 'ACCESS_POINT', 'PRINTER', 'CAMERA', 'UPS', 'OTHER')),
    CONSTRAINT ck_devices_port CHECK (snmp_port BETWEEN 1 AND 65535),
    CONSTRAINT ck_devices_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
-- A name and an address identify one live device; a deleted device keeps its history and frees
-- both for reuse.
CREATE UNIQUE INDEX uq_devices_name_live ON devices (lower(name)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX uq_devices_ip_live ON devices (ip) WHERE deleted_at IS NULL;
-- Query: the poller's due list, per vendor template:
--   SELECT ... FROM devices WHERE enabled AND vendor = :vendor AND deleted_at IS NULL
CREATE INDEX idx_devices_enabled_vendor ON devices (enabled, vendor) WHERE deleted_at IS NULL;
-- Query: devices of a branch (branch page; regional scoping joins devices to branches).
CREATE INDEX idx_devices_branch ON devices (branch_id) WHERE deleted_at IS NULL;
-- Query: the monitor page's "down longest first":
--   SELECT ... FROM devices WHERE down_since IS NOT NULL ORDER BY down_since
CREATE INDEX idx_devices_down_since ON devices (down_since) WHERE down_since IS NOT NULL;
-- Query: children of a parent device (dependency suppression, delete checks).
CREATE INDEX idx_devices_parent ON devices (parent_id) WHERE parent_id IS NOT NULL;
-- Query: devices carrying a tag (rule scopes, filters): WHERE tags @> ARRAY[:tag]
-- (the API's tag filter, array_contains in HQL, is rendered as this operator)
CREATE INDEX idx_devices_tags ON devices USING gin (tags);

-- SNMP items to poll: per device, or per vendor template when device_id is null.
CREATE TABLE monitoring_items (
    id                bigserial    PRIMARY KEY,
    device_id         bigint       REFERENCES devices (id),
    template          varchar(60),
    name              varchar(120) NOT NULL,
    oid               varchar(200) NOT NULL,
    value_kind        varchar(20)  NOT NULL DEFAULT 'GAUGE',
    interval_seconds  integer      NOT NULL DEFAULT 60,
    enabled           boolean      NOT NULL DEFAULT true,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT ck_items_owner CHECK (device_id IS NOT NULL OR template IS NOT NULL),
    CONSTRAINT ck_items_kind CHECK (value_kind IN ('GAUGE', 'COUNTER32', 'COUNTER64', 'STATUS', 'TEXT')),
    CONSTRAINT ck_items_interval CHECK (interval_seconds BETWEEN 5 AND 86400)
);
-- Query: the SNMP collector's items of a batch of devices:
--   SELECT ... FROM monitoring_items WHERE device_id = ANY(:ids) AND enabled
CREATE INDEX idx_monitoring_items_device_enabled ON monitoring_items (device_id, enabled) WHERE enabled;
CREATE INDEX idx_monitoring_items_template ON monitoring_items (template) WHERE template IS NOT NULL;

-- A device's availability history: one row per change, never one per ping.
CREATE TABLE device_state_changes (
    id          bigserial   PRIMARY KEY,
    device_id   bigint      NOT NULL REFERENCES devices (id),
    from_state  varchar(12) NOT NULL,
    to_state    varchar(12) NOT NULL,
    changed_at  timestamptz NOT NULL,
    rtt_ms      double precision,
    loss_pct    double precision,
    reason      varchar(255),
    CONSTRAINT ck_state_from CHECK (from_state IN ('UNKNOWN', 'UP', 'DOWN')),
    CONSTRAINT ck_state_to CHECK (to_state IN ('UNKNOWN', 'UP', 'DOWN'))
);
-- Query: a device's timeline: WHERE device_id = :id ORDER BY changed_at DESC LIMIT n
CREATE INDEX idx_state_changes_device_time ON device_state_changes (device_id, changed_at DESC);
-- Query: the dashboard's recent changes and retention: WHERE changed_at > :since
CREATE INDEX idx_state_changes_time ON device_state_changes (changed_at);

-- ---------------------------------------------------------------------------------------------
-- Alerting
-- ---------------------------------------------------------------------------------------------

CREATE TABLE alert_rules (
    id                bigserial    PRIMARY KEY,
    name              varchar(120) NOT NULL,
    kind              varchar(30)  NOT NULL,
    scope_type        varchar(20)  NOT NULL DEFAULT 'ALL',
    scope_value       varchar(120),
    expression        text,
    threshold         double precision,
    for_seconds       integer      NOT NULL DEFAULT 0,
    severity          varchar(10)  NOT NULL DEFAULT 'WARNING',
    message_template  varchar(500),
    enabled           boolean      NOT NULL DEFAULT true,
    created_by        varchar(100),
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now(),
    version           bigint       NOT NULL DEFAULT 0,
    CONSTRAINT uq_alert_rules_name UNIQUE (name),
    CONSTRAINT ck_rules_severity CHECK (severity IN ('INFO', 'WARNING', 'MAJOR', 'CRITICAL')),
    CONSTRAINT ck_rules_scope CHECK (scope_type IN ('ALL', 'DEVICE', 'BRANCH', 'REGION', 'DEVICE_TYPE', 'TAG', 'GROUP')),
    CONSTRAINT ck_rules_for CHECK (for_seconds >= 0)
);

CREATE TABLE alerts (
    id                bigserial    PRIMARY KEY,
    rule_id           bigint       REFERENCES alert_rules (id),
    device_id         bigint       REFERENCES devices (id),
    branch_id         bigint       REFERENCES branches (id),
    subject_key       varchar(120) NOT NULL,
    severity          varchar(10)  NOT NULL,
    state             varchar(12)  NOT NULL DEFAULT 'FIRING',
    message           varchar(1000),
    triggered_at      timestamptz  NOT NULL,
    acknowledged_at   timestamptz,
    acknowledged_by   varchar(100),
    ack_comment       varchar(1000),
    resolved_at       timestamptz,
    resolved_by       varchar(100),
    parent_alert_id   bigint       REFERENCES alerts (id),
    created_at        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT ck_alerts_state CHECK (state IN ('FIRING', 'ACKNOWLEDGED', 'RESOLVED')),
    CONSTRAINT ck_alerts_severity CHECK (severity IN ('INFO', 'WARNING', 'MAJOR', 'CRITICAL'))
);
-- Query: a device's alerts, open ones first (device page, de-duplication on evaluation):
--   WHERE device_id = :id ORDER BY resolved_at DESC NULLS FIRST
CREATE INDEX idx_alerts_device_resolved ON alerts (device_id, resolved_at);
-- Query: the active alert list, newest first: WHERE resolved_at IS NULL ORDER BY triggered_at DESC
CREATE INDEX idx_alerts_active ON alerts (triggered_at DESC) WHERE resolved_at IS NULL;
-- De-duplication: one open alert per rule and subject, enforced by the database.
CREATE UNIQUE INDEX uq_alerts_open_subject ON alerts (rule_id, subject_key) WHERE resolved_at IS NULL;
-- Query: alert history and retention: WHERE created_at < :cutoff
CREATE INDEX idx_alerts_created_at ON alerts (created_at);

CREATE TABLE maintenance_windows (
    id           bigserial    PRIMARY KEY,
    name         varchar(120) NOT NULL,
    scope_type   varchar(20)  NOT NULL,
    scope_value  varchar(120),
    starts_at    timestamptz  NOT NULL,
    ends_at      timestamptz  NOT NULL,
    recurrence   varchar(200),
    created_by   varchar(100),
    created_at   timestamptz  NOT NULL DEFAULT now(),
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    version      bigint       NOT NULL DEFAULT 0,
    CONSTRAINT ck_mw_range CHECK (ends_at > starts_at),
    CONSTRAINT ck_mw_scope CHECK (scope_type IN ('ALL', 'DEVICE', 'BRANCH', 'REGION', 'DEVICE_TYPE', 'TAG', 'GROUP'))
);
-- Query: windows in force now: WHERE starts_at <= now() AND ends_at > now()
CREATE INDEX idx_maintenance_windows_time ON maintenance_windows (starts_at, ends_at);

-- ---------------------------------------------------------------------------------------------
-- Users, roles, permissions
-- ---------------------------------------------------------------------------------------------

CREATE TABLE roles (
    name         varchar(40)  PRIMARY KEY,
    description  varchar(255) NOT NULL
);

CREATE TABLE permissions (
    name         varchar(40)  PRIMARY KEY,
    description  varchar(255) NOT NULL
);

CREATE TABLE role_permissions (
    role_name        varchar(40) NOT NULL REFERENCES roles (name),
    permission_name  varchar(40) NOT NULL REFERENCES permissions (name),
    PRIMARY KEY (role_name, permission_name)
);

CREATE TABLE users (
    id                    bigserial    PRIMARY KEY,
    username              varchar(100) NOT NULL,
    password_hash         varchar(400) NOT NULL,
    display_name          varchar(200),
    email                 varchar(200),
    enabled               boolean      NOT NULL DEFAULT true,
    must_change_password  boolean      NOT NULL DEFAULT false,
    failed_logins         integer      NOT NULL DEFAULT 0,
    locked_until          timestamptz,
    last_login_at         timestamptz,
    created_at            timestamptz  NOT NULL DEFAULT now(),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    version               bigint       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX uq_users_username ON users (lower(username));

CREATE TABLE user_roles (
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_name  varchar(40) NOT NULL REFERENCES roles (name),
    PRIMARY KEY (user_id, role_name)
);

-- A regional manager sees only the regions listed here.
CREATE TABLE user_regions (
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    region_id  bigint NOT NULL REFERENCES regions (id),
    PRIMARY KEY (user_id, region_id)
);

-- ---------------------------------------------------------------------------------------------
-- Audit log: append-only and hash-chained
-- ---------------------------------------------------------------------------------------------

CREATE TABLE audit_events (
    id              bigserial    PRIMARY KEY,
    occurred_at     timestamptz  NOT NULL DEFAULT now(),
    actor           varchar(100) NOT NULL,
    client_address  varchar(64),
    action          varchar(40)  NOT NULL,
    object_type     varchar(40)  NOT NULL,
    object_id       varchar(64),
    region_id       bigint,
    before_state    jsonb,
    after_state     jsonb,
    details         varchar(2000),
    prev_hash       char(64)     NOT NULL,
    hash            char(64)     NOT NULL
);
-- Query: the auditor's page, newest first, by time window: WHERE occurred_at BETWEEN ...
CREATE INDEX idx_audit_events_time ON audit_events (occurred_at DESC);
-- Query: one user's actions: WHERE actor = :actor ORDER BY occurred_at DESC
CREATE INDEX idx_audit_events_actor ON audit_events (actor, occurred_at DESC);
-- Query: one object's history: WHERE object_type = :t AND object_id = :id
CREATE INDEX idx_audit_events_object ON audit_events (object_type, object_id);

-- Each row carries the hash of the row before it, so that a row changed or removed behind the
-- application's back breaks the chain. The hash is computed here, in the same transaction as the
-- insert, under a transaction-scoped advisory lock so that concurrent writers cannot fork it.
CREATE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    previous char(64);
BEGIN
    PERFORM pg_advisory_xact_lock(7305901);
    SELECT hash INTO previous FROM audit_events ORDER BY id DESC LIMIT 1;
    NEW.prev_hash := coalesce(previous, repeat('0', 64));
    NEW.occurred_at := coalesce(NEW.occurred_at, now());
    NEW.hash := audit_event_hash(NEW.prev_hash, NEW.occurred_at, NEW.actor, NEW.client_address,
        NEW.action, NEW.object_type, NEW.object_id, NEW.region_id, NEW.before_state,
        NEW.after_state, NEW.details);
    RETURN NEW;
END;
$$;

-- One definition of the row hash, used by the insert trigger and by the chain verification.
CREATE FUNCTION audit_event_hash(prev char(64), occurred timestamptz, actor varchar, client varchar,
                                 action varchar, object_type varchar, object_id varchar,
                                 region_id bigint, before_state jsonb, after_state jsonb,
                                 details varchar) RETURNS char(64)
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
        prev,
        to_char(occurred AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        actor, coalesce(client, ''), action, object_type, coalesce(object_id, ''),
        coalesce(region_id::text, ''), coalesce(before_state::text, ''),
        coalesce(after_state::text, ''), coalesce(details, '')), 'UTF8')), 'hex')
$$;

CREATE TRIGGER audit_events_chain_insert
    BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
