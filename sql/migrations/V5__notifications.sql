-- Notifications: where alert messages go (channels), which alerts go where (routes), and what
-- was sent (deliveries). The alert engine's tables (alerts, alert_rules) are only referenced.

CREATE TABLE notification_channels (
    id           bigserial     PRIMARY KEY,
    name         varchar(100)  NOT NULL,
    kind         varchar(10)   NOT NULL,
    -- EMAIL: recipient addresses, comma-separated; WEBHOOK: the http(s) URL to POST to.
    target       varchar(1000) NOT NULL,
    -- WEBHOOK: the HMAC-SHA256 shared secret, sealed by the application (SecretBox), never clear.
    secret_enc   bytea,
    enabled      boolean       NOT NULL DEFAULT true,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    version      bigint        NOT NULL DEFAULT 0,
    CONSTRAINT uq_notification_channels_name UNIQUE (name),
    CONSTRAINT ck_notification_channels_kind CHECK (kind IN ('EMAIL', 'WEBHOOK'))
);

CREATE TABLE notification_routes (
    id                      bigserial    PRIMARY KEY,
    name                    varchar(100) NOT NULL,
    -- NULL: every rule.
    rule_id                 bigint       REFERENCES alert_rules (id) ON DELETE CASCADE,
    min_severity            varchar(10)  NOT NULL DEFAULT 'WARNING',
    -- NULL: every region.
    region_id               bigint       REFERENCES regions (id) ON DELETE CASCADE,
    channel_id              bigint       NOT NULL REFERENCES notification_channels (id),
    -- Still FIRING and unacknowledged this long after it fired: one ESCALATED notice to escalation_channel_id.
    escalate_after_minutes  integer,
    escalation_channel_id   bigint       REFERENCES notification_channels (id),
    enabled                 boolean      NOT NULL DEFAULT true,
    created_at              timestamptz  NOT NULL DEFAULT now(),
    updated_at              timestamptz  NOT NULL DEFAULT now(),
    version                 bigint       NOT NULL DEFAULT 0,
    CONSTRAINT uq_notification_routes_name UNIQUE (name),
    CONSTRAINT ck_routes_severity CHECK (min_severity IN ('INFO', 'WARNING', 'MAJOR', 'CRITICAL')),
    CONSTRAINT ck_routes_escalation CHECK ((escalate_after_minutes IS NULL) = (escalation_channel_id IS NULL)),
    CONSTRAINT ck_routes_escalate_after CHECK (escalate_after_minutes IS NULL OR escalate_after_minutes > 0)
);
-- Query: the routes of a channel (a channel in use cannot be deleted).
CREATE INDEX idx_routes_channel ON notification_routes (channel_id);
CREATE INDEX idx_routes_escalation_channel ON notification_routes (escalation_channel_id);

CREATE TABLE notification_deliveries (
    id            bigserial     PRIMARY KEY,
    -- NULL for a channel's test message.
    alert_id      bigint        REFERENCES alerts (id) ON DELETE CASCADE,
    route_id      bigint        REFERENCES notification_routes (id) ON DELETE SET NULL,
    channel_id    bigint        REFERENCES notification_channels (id) ON DELETE SET NULL,
    -- Kept so the history still says where it went after the channel is deleted.
    channel_name  varchar(100)  NOT NULL,
    channel_kind  varchar(10)   NOT NULL,
    kind          varchar(10)   NOT NULL,
    status        varchar(10)   NOT NULL DEFAULT 'PENDING',
    attempts      integer       NOT NULL DEFAULT 0,
    last_error    varchar(1000),
    created_at    timestamptz   NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    CONSTRAINT ck_deliveries_kind CHECK (kind IN ('FIRING', 'RESOLVED', 'ESCALATED', 'FLAPPING', 'TEST')),
    CONSTRAINT ck_deliveries_status CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'DROPPED')),
    CONSTRAINT ck_deliveries_channel_kind CHECK (channel_kind IN ('EMAIL', 'WEBHOOK'))
);
-- Idempotency: one notice of a kind per alert and channel, whoever asks for it (the engine's
-- event, the escalation scan, another node): claiming is INSERT ... ON CONFLICT DO NOTHING.
CREATE UNIQUE INDEX uq_deliveries_once ON notification_deliveries (alert_id, channel_id, kind) WHERE alert_id IS NOT NULL;
-- Query: the delivery history, newest first, optionally of one channel or with one status:
--   ORDER BY created_at DESC, id DESC
CREATE INDEX idx_deliveries_created ON notification_deliveries (created_at DESC, id DESC);
CREATE INDEX idx_deliveries_channel ON notification_deliveries (channel_id, created_at DESC);
