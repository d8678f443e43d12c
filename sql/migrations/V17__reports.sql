-- Reports (issue #17): SLO targets per region or branch, and the generated reports with their
-- documents, kept for download until their retention ends.

-- The availability a branch or region promises (SLA-adjusted, in percent). A branch's own target
-- wins over its region's; without either the default (wardops.reports.default-slo-percent) applies.
CREATE TABLE report_slo_targets (
    id              bigserial     PRIMARY KEY,
    scope_type      varchar(10)   NOT NULL,
    scope_id        bigint        NOT NULL,
    target_percent  numeric(7, 4) NOT NULL,
    updated_by      varchar(100),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT ck_slo_scope CHECK (scope_type IN ('REGION', 'BRANCH')),
    CONSTRAINT ck_slo_target CHECK (target_percent > 0 AND target_percent <= 100),
    CONSTRAINT uq_slo_scope UNIQUE (scope_type, scope_id)
);

-- One generated (or generating) report: what was asked, for whom (the regions it covers: NULL is
-- every region), and how it went.
CREATE TABLE reports (
    id            bigserial     PRIMARY KEY,
    kind          varchar(20)   NOT NULL,
    period_from   timestamptz   NOT NULL,
    period_to     timestamptz   NOT NULL,
    period_label  varchar(60)   NOT NULL,
    time_zone     varchar(60)   NOT NULL,
    region_ids    bigint[],
    scope_label   varchar(300)  NOT NULL,
    requested_by  varchar(100)  NOT NULL,
    schedule_id   bigint,
    status        varchar(10)   NOT NULL,
    error         varchar(1000),
    created_at    timestamptz   NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    expires_at    timestamptz   NOT NULL,
    CONSTRAINT ck_reports_kind CHECK (kind IN ('AVAILABILITY')),
    CONSTRAINT ck_reports_status CHECK (status IN ('RUNNING', 'DONE', 'FAILED'))
);
-- Query: the report list, newest first, and retention: WHERE expires_at < now()
CREATE INDEX idx_reports_created ON reports (created_at DESC);
CREATE INDEX idx_reports_expires ON reports (expires_at);

-- The documents of a report, rendered once when it is generated: a download is the same bytes.
CREATE TABLE report_documents (
    report_id     bigint       NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    format        varchar(4)   NOT NULL,
    content       bytea        NOT NULL,
    CONSTRAINT ck_report_documents_format CHECK (format IN ('CSV', 'XLSX', 'PDF')),
    PRIMARY KEY (report_id, format)
);

-- An auditor reads last month's SLA report: reports.generate covers generating and downloading.
INSERT INTO role_permissions (role_name, permission_name) VALUES ('auditor', 'reports.generate') ON CONFLICT DO NOTHING;
