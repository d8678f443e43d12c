-- The regions of directory (LDAP / AD) users, as their groups said at their last login
-- (wardops.ldap.group-regions maps a group to a region code). Written by every successful
-- directory login, replacing the user's rows, so every node of a cluster scopes the user alike.
-- Codes, not ids: a region created after the login is still found by its code, and a deleted
-- region simply matches nothing.
CREATE TABLE directory_user_regions (
    username     varchar(100) NOT NULL,   -- lower-cased
    region_code  varchar(20)  NOT NULL,
    updated_at   timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (username, region_code)
);
