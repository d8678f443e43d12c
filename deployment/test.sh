#!/usr/bin/env bash
# Runs every test of WARD OPS on this machine: unit tests, the schema test against PostgreSQL,
# the Arquillian integration tests on Payara Micro, and the deployment tests that install
# Payara Server, deploy the EAR with the run command and use it over HTTP (EarDeploymentIT: one
# domain; ClusterIT: "wardops.sh cluster up", two instances behind haproxy).
#
# It installs or starts what the tests need and is missing (Debian packages, PostgreSQL), so it
# works on a fresh Debian machine with Java 17 and Maven. Extra arguments go to Maven, e.g.
#   deployment/test.sh -Dit.test=InventoryApiIT
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "need root (or sudo) for: $*" >&2; return 1; fi
}

# --- Debian packages the tests and the run command use ------------------------------------
need=()
command -v fping >/dev/null || need+=(fping)
command -v snmpd >/dev/null || need+=(snmpd)
command -v snmpget >/dev/null || need+=(snmp)
[ -x /usr/bin/victoria-metrics ] || need+=(victoria-metrics)
command -v psql >/dev/null || need+=(postgresql-client)
command -v curl >/dev/null || need+=(curl)
command -v unzip >/dev/null || need+=(unzip)
# The cluster deployment test (ClusterIT) puts the Debian haproxy in front of the Payara instances.
[ -x /usr/sbin/haproxy ] || need+=(haproxy)
# The browser tests (ConsoleBrowserIT) drive the Debian chromium through its chromedriver.
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
# The LDAP login test (LdapLoginIT) starts its own slapd on loopback and loads it with ldapadd.
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapadd >/dev/null || need+=(ldap-utils)
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
        || { as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
fi

# --- PostgreSQL on 127.0.0.1:5432 ----------------------------------------------------------
PGHOST=${TEST_DB_HOST:-127.0.0.1}
PGPORT=${TEST_DB_PORT:-5432}
PGADMIN=${TEST_DB_ADMIN:-postgres}
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    log "starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || { echo "PostgreSQL is not answering on $PGHOST:$PGPORT" >&2; exit 1; }
fi

log "preparing the test database wardops_test (fresh for every run)"
# wardops owns the schema (migrations, the tests' own reads); the application's pool connects as
# wardops_runtime, which owns nothing (the test.db.runtime.* properties of pom.xml).
psql -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGADMIN" -d postgres <<'SQL'
SELECT 'CREATE ROLE wardops LOGIN PASSWORD ''wardops'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wardops')\gexec
SELECT 'CREATE ROLE wardops_runtime LOGIN PASSWORD ''wardops_runtime'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wardops_runtime')\gexec
DROP DATABASE IF EXISTS wardops_test WITH (FORCE);
CREATE DATABASE wardops_test OWNER wardops;
SQL

log "mvn verify"
exec mvn -B -ntp verify "$@"
