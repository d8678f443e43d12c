-- Hourly rollups of the ping samples (issue #17, "fast at scale"): per device and hour, the
-- leader writes the counts a report needs (rounds, up rounds, RTT sum and count, loss sum) back to
-- VictoriaMetrics as wardops_ping_hour series, with a wardops_ping_hour_state mark per hour beside
-- them (done; stale when samples of the hour arrived later), so a month's report sums 24 points a
-- day per device instead of 8,640. Which hours reports read from rollups is decided by those marks,
-- kept with the data; this table only makes each hour rolled up at most once, on any number of
-- nodes and after restarts (a point written twice would be counted twice):
--   ROLLING  claimed (ON CONFLICT DO NOTHING: one claimant per hour), being computed
--   DONE     its rollups and mark are stored
--   STALE    its points may be stored in part (a failed write, a claimant that died): never
--            rolled up again; it has no done mark, so reports read its raw samples
CREATE TABLE rollup_hour_claims (
    hour       timestamptz NOT NULL PRIMARY KEY,
    state      varchar(8)  NOT NULL,
    devices    integer,
    claimed_by varchar(200) NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ck_rollup_hour_claims_state CHECK (state IN ('ROLLING', 'DONE', 'STALE')),
    CONSTRAINT ck_rollup_hour_claims_whole CHECK (extract(epoch FROM hour) % 3600 = 0)
);
