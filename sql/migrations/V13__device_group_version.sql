-- Device groups become editable records like the others (alerting.DeviceGroup on TrackedEntity):
-- when they last changed, and the version that refuses a lost update.
ALTER TABLE device_groups
    ADD COLUMN updated_at  timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN version     bigint      NOT NULL DEFAULT 0;
