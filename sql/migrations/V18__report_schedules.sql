-- Scheduled reports (issue #17): monthly on day D at HH:MM or weekly on a weekday at HH:MM, in the
-- bank's time zone, mailed to recipients and kept for download like any report.

CREATE TABLE report_schedules (
    id            bigserial     PRIMARY KEY,
    name          varchar(120)  NOT NULL,
    cadence       varchar(10)   NOT NULL,
    -- MONTHLY: 1 to 28, so that every month has the day.
    day_of_month  smallint,
    -- WEEKLY: MON .. SUN.
    day_of_week   varchar(3),
    time_of_day   time          NOT NULL,
    -- Comma-separated email addresses.
    recipients    varchar(1000) NOT NULL,
    -- The regions its reports cover, fixed from its owner's scope when saved; NULL is every region.
    region_ids    bigint[],
    owner         varchar(100)  NOT NULL,
    enabled       boolean       NOT NULL DEFAULT true,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    updated_at    timestamptz   NOT NULL DEFAULT now(),
    version       bigint        NOT NULL DEFAULT 0,
    CONSTRAINT ck_report_schedules_cadence CHECK (
        (cadence = 'MONTHLY' AND day_of_month BETWEEN 1 AND 28 AND day_of_week IS NULL)
        OR (cadence = 'WEEKLY' AND day_of_week IN ('MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN') AND day_of_month IS NULL))
);

-- One row per schedule occurrence, claimed with INSERT ... ON CONFLICT DO NOTHING before the report
-- is generated: whichever node (or restart) inserts it generates and mails, every other finds it
-- taken. The primary key is the guarantee; nothing else coordinates the nodes.
CREATE TABLE report_schedule_runs (
    schedule_id   bigint        NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
    occurrence    timestamptz   NOT NULL,
    claimed_at    timestamptz   NOT NULL DEFAULT now(),
    claimed_by    varchar(200)  NOT NULL,
    report_id     bigint        REFERENCES reports (id) ON DELETE SET NULL,
    outcome       varchar(10),
    detail        varchar(1000),
    CONSTRAINT ck_report_schedule_runs_outcome CHECK (outcome IN ('MAILED', 'MAIL_FAILED', 'FAILED')),
    PRIMARY KEY (schedule_id, occurrence)
);

ALTER TABLE reports ADD CONSTRAINT fk_reports_schedule FOREIGN KEY (schedule_id) REFERENCES report_schedules (id) ON DELETE SET NULL;
