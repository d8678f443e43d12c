# shellcheck shell=bash
# WARD OPS run command (deployment/wardops.sh): Payara Server (install, domain, server-config, deploy) and the application on it.
# Sourced by wardops.sh after its settings; not run on its own.

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
        rm -f "$RUN_DIR/server-config.sha256" "$RUN_DIR/jdbc.sha256" "$RUN_DIR"/deployed-ear*.sha256
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
    log "restarting Payara domain $DOMAIN (${RESTART_REASON:-configuration changed}) ..."
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
        "HEAP=$HEAP" "VM_URL=$(esc_jvm "$VM_URL")" \
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
    render_jdbc_script
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

# After a (re)start the server goes on loading the application deployed before while the admin
# and HTTP ports already answer. A forced redeploy in that window can also fail half-way, with a
# class of the old application not found while the new one's annotations are read (CI, 2026-12-05:
# "Exception while deploying the app [wardops] : ge/wardops/shared/InvalidInputException"). So wait
# until the earlier application answers /api/v1/health (any status but 404: it is loaded) or, if
# it never does (it failed to load), for at most five minutes, then deploy.
# Answers 0 once it answered, 1 if there is none or it never did.
wait_for_earlier_app() {
    app_in_domain || return 1
    local code deadline=$((SECONDS + 300)) told=0
    while ((SECONDS < deadline)); do
        code=$(http_code "http://127.0.0.1:$(http_port)/api/v1/health")
        case "$code" in 000 | 404 | '') ;; *) return 0 ;; esac
        [ "$told" = 1 ] || { log "waiting for the application deployed before to finish loading"; told=1; }
        sleep 1
    done
    log "the application deployed before did not answer within 300 s; deploying over it"
    return 1
}

app_in_domain() { grep -q "<application [^>]*name=\"$APP_NAME\"" "$DOMAIN_DIR/config/domain.xml" 2>/dev/null; }

# While the server is still loading the application deployed before a restart, Payara refuses a
# forced redeploy with "Application name ... is already in use" (the name is in domain.xml, the
# application not yet in its registry): wait and try again, up to three minutes.
#
# deploy_app [target [function showing the log on failure]]: to the DAS itself by default; to a
# cluster's deployment group with availability, so that console sessions live in Payara's data grid.
#
# The application must end up loaded by a server start, not deployed into a running server that ran
# it before: after such a deployment (also after undeploy and deploy) Payara 6 keeps its own JAX-RS
# @RolesAllowed filter on although glassfish-web.xml turns it off, and every API request then costs
# ~16 ClassNotFoundExceptions and ~85 % more time (dashboard p50 0.59 against 0.32 ms,
# docs/performance.md "2026-12-07 11:40"). So an EAR identical to the one deployed last to the target
# (the build is reproducible; its sha256 in run/deployed-ear[-GROUP].sha256) is not deployed again: the
# application the server (or the group's instances) loaded at start stays. A new EAR replacing a loaded
# application is deployed and then, on the single node, the domain restarted once; for a group,
# APP_REPLACED=1 tells the caller to restart the instances that were running (cluster.sh).
APP_REPLACED=0
deploy_app() {
    local target=${1:-server} show_log=${2:-tail_server_log}
    local availability=true replacing=0 ear_digest digest_file
    ear_digest=$(digest <"$EAR")
    digest_file=$RUN_DIR/deployed-ear.sha256
    APP_REPLACED=0
    if [ "$target" = server ]; then
        availability=false
        wait_for_earlier_app && replacing=1
    else
        digest_file=$RUN_DIR/deployed-ear-$target.sha256
        app_in_domain && replacing=1
    fi
    if [ "$replacing" = 1 ] && [ "$(cat "$digest_file" 2>/dev/null)" = "$ear_digest" ]; then
        log "the EAR is the one deployed before (sha256 ${ear_digest:0:12}): keeping the application $([ "$target" = server ] \
            && echo "the server has loaded" || echo "of $target")"
        return 0
    fi
    log "deploying $EAR as '$APP_NAME'$([ "$target" = server ] || echo " to $target") ..."
    local out attempt
    local auth
    mapfile -t auth < <(as_auth)
    for ((attempt = 1; ; attempt++)); do
        if out=$(timeout 900 "$ASADMIN_BIN" --interactive=false "${auth[@]}" --host 127.0.0.1 --port "$(admin_port)" \
                deploy --force=true --target "$target" --availabilityenabled="$availability" --name "$APP_NAME" "$EAR" 2>&1 9>&-); then
            break
        fi
        if [ "$attempt" -lt 36 ] && printf '%s' "$out" | grep -q 'is already in use'; then
            [ "$attempt" = 1 ] && log "the application deployed before is still loading; deploying again when it has"
            printf '%s\n' "$out" >>"$LOG_DIR/asadmin.log"
            sleep 5
            continue
        fi
        printf '%s\n' "$out" | grep -v '^Unable to retrieve infocmp' >&2
        "$show_log"
        die "deployment to $target failed"
    done
    printf '%s\n' "$out" >>"$LOG_DIR/asadmin.log"
    echo "$ear_digest" >"$digest_file"
    [ "$replacing" = 1 ] || return 0
    if [ "$target" = server ]; then
        RESTART_REASON="the new application is loaded by a start, not into the running server" restart_payara
    else
        APP_REPLACED=1
    fi
}

# /api/v1/health's JSON (one line) and its status code on the last line; empty when nothing answers
health_answer() { curl -s -m 10 -w '\n%{http_code}' "http://127.0.0.1:$(http_port)/api/v1/health" 2>/dev/null || true; }

# $WORK_DIR/jdbc.asadmin: the application's pool and resource (runtime role) and, when the schema has a
# separate owner, the owner's pool and resource, rendered from server-config/jdbc*.asadmin; used by the
# single node and by the cluster (which then targets the resources at its deployment group).
render_jdbc_script() {
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
}

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
