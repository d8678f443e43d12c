-- Things the application does once in a deployment's life, remembered so that they are never done
-- again: 'default-alert-rules' (the rules a new installation starts with, docs/alerting.md). An
-- administrator who deletes a default rule deletes it for good; a restart does not bring it back.
CREATE TABLE setup_steps (
    name     varchar(80)  PRIMARY KEY,
    done_at  timestamptz  NOT NULL DEFAULT now(),
    done_by  varchar(100) NOT NULL DEFAULT 'system'
);

-- An installation that already has alert rules was set up by its people: it gets no default rules.
INSERT INTO setup_steps (name, done_by)
SELECT 'default-alert-rules', 'migration V11 (rules existed)' WHERE EXISTS (SELECT 1 FROM alert_rules);
