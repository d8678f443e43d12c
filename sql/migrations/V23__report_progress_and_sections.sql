-- Reports on screen and in progress (issue #17): a report is generated in the background, so its
-- row says how far it got (percent and step) and when it last made progress (a RUNNING report
-- without progress for wardops.reports.stale-after-minutes was cut off, e.g. by a restart, and is
-- marked FAILED); a finished report keeps its sections as JSON for the console's on-screen view
-- with drill-down (region, branch, device), the same numbers as its documents.
ALTER TABLE reports
    ADD COLUMN progress_percent smallint    NOT NULL DEFAULT 0,
    ADD COLUMN progress_step    varchar(60),
    ADD COLUMN progress_at      timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN sections         jsonb;
ALTER TABLE reports ADD CONSTRAINT ck_reports_progress CHECK (progress_percent BETWEEN 0 AND 100);
UPDATE reports SET progress_percent = 100 WHERE status = 'DONE';
-- Query: the stale check, WHERE status = 'RUNNING' AND progress_at < ?
CREATE INDEX idx_reports_running ON reports (progress_at) WHERE status = 'RUNNING';
