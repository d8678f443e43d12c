# shellcheck shell=bash
# WARD OPS run command (deployment/wardops.sh): helpers, the prerequisite checks and the build.
# Sourced by wardops.sh after its settings; not run on its own.

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
    [[ "$HEAP" =~ ^[1-9][0-9]*[mMgG]$ ]] || die "WARDOPS_HEAP must be a size such as 1g or 3072m, got '$HEAP'"
    if [ "$PORT_BASE" -lt 1024 ] || [ "$PORT_BASE" -gt 65400 ]; then
        die "WARDOPS_PORT_BASE must be between 1024 and 65400"
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
