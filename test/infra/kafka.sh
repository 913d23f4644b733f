#!/usr/bin/env bash
# Single-node Apache Kafka 4.x broker (KRaft: broker + controller in one JVM) on 127.0.0.1 for tests.
#
#   test/infra/kafka.sh start    fetch jars (Maven, cached), format storage once, start, wait until ready
#   test/infra/kafka.sh stop     TERM, wait, KILL; idempotent
#   test/infra/kafka.sh status   exit 0 if running and answering on $KAFKA_PORT
#
# Env: KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093), ACC_INFRA_CACHE, ACC_INFRA_DIR,
#      KAFKA_HEAP_OPTS (-Xms256m -Xmx512m), KAFKA_START_TIMEOUT (90 s), KAFKA_CLUSTER_ID,
#      KAFKA_SASL_PORT (unset: no SASL listener; up.sh sets 19094): a SASL_PLAINTEXT listener with
#      SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN for the test user $KAFKA_SASL_USER / $KAFKA_SASL_PASSWORD
#      (test-only credentials; the SCRAM ones are written at storage format time).
# Log: $ACC_INFRA_DIR/logs/kafka.log. Jars: $ACC_INFRA_CACHE/kafka-<version>/libs.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_POM="$INFRA_SCRIPT_DIR/kafka/pom.xml"
KAFKA_LOG4J_CONFIG="$INFRA_SCRIPT_DIR/kafka/log4j2.properties"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM" | head -n 1)"
# any valid KRaft cluster id (22 chars, base64url of 16 bytes; made by `kafka.tools.StorageTool random-uuid`)
KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-L9fngT04SAaBut-J1lMqgQ}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
# logged by kafka.server.KafkaRaftServer once the broker is unfenced and serving
KAFKA_READY_MARKER="Kafka Server started"
KAFKA_PID_PATTERN="kafka.Kafka"
KAFKA_SASL_USER="${KAFKA_SASL_USER:-acc-test}"
KAFKA_SASL_PASSWORD="${KAFKA_SASL_PASSWORD:-acc-test-secret}"

kafka_init() {
  [[ -n "$KAFKA_VERSION" ]] || infra_die "cannot read <kafka.version> from $KAFKA_POM"
  infra_check_port_var KAFKA_PORT "$KAFKA_PORT"
  infra_check_port_var KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
  [[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || infra_die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
  if [[ -n "${KAFKA_SASL_PORT:-}" ]]; then
    infra_check_port_var KAFKA_SASL_PORT "$KAFKA_SASL_PORT"
    [[ "$KAFKA_SASL_PORT" != "$KAFKA_PORT" && "$KAFKA_SASL_PORT" != "$KAFKA_CONTROLLER_PORT" ]] ||
      infra_die "KAFKA_SASL_PORT must differ from KAFKA_PORT and KAFKA_CONTROLLER_PORT"
    [[ "$KAFKA_SASL_USER$KAFKA_SASL_PASSWORD" =~ ^[A-Za-z0-9._-]+$ ]] ||
      infra_die "KAFKA_SASL_USER and KAFKA_SASL_PASSWORD may hold only letters, digits and . _ -"
  fi
  infra_init_dirs
  KAFKA_HOME="$ACC_INFRA_CACHE/kafka-$KAFKA_VERSION"
  KAFKA_LIBS="$KAFKA_HOME/libs"
  KAFKA_RUNTIME="$ACC_INFRA_DIR/kafka"
  KAFKA_DATA="$KAFKA_RUNTIME/data"
  KAFKA_CONFIG="$KAFKA_RUNTIME/server.properties"
  # written after a format that created the SCRAM test users (older data folders have none)
  KAFKA_SCRAM_MARKER="$KAFKA_DATA/.scram-users"
  KAFKA_LOG="$INFRA_LOG_DIR/kafka.log"
  KAFKA_PIDFILE="$INFRA_RUN_DIR/kafka.pid"
  JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
}

# ---- jars -------------------------------------------------------------------------------------

kafka_libs_key() {
  infra_hash_files "$KAFKA_POM"
}

kafka_libs_complete() {
  [[ -f "$KAFKA_HOME/.complete" && "$(cat "$KAFKA_HOME/.complete")" == "$(kafka_libs_key)" ]] &&
    compgen -G "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null
}

kafka_fetch_libs_locked() {
  kafka_libs_complete && return 0
  local started=$SECONDS
  infra_log "kafka: fetching Kafka $KAFKA_VERSION jars with Maven into $KAFKA_LIBS (first run only)"
  rm -rf "$KAFKA_LIBS" "$KAFKA_LIBS.tmp" "$KAFKA_HOME/.complete"
  mkdir -p "$KAFKA_HOME"
  # -B: no progress output; all output to stderr (callers' stdout stays clean), colour codes stripped
  if ! mvn -B -q -Dstyle.color=never -f "$KAFKA_POM" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.tmp" </dev/null 2>&1 |
    sed -u 's/\x1b\[[0-9;]*m//g' >&2; then
    rm -rf "$KAFKA_LIBS.tmp"
    infra_die "kafka: Maven could not fetch the Kafka jars (see the output above)"
  fi
  compgen -G "$KAFKA_LIBS.tmp/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null ||
    infra_die "kafka: Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  kafka_libs_key >"$KAFKA_HOME/.complete"
  infra_log "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars fetched in $((SECONDS - started)) s"
}

kafka_ensure_libs() {
  kafka_libs_complete && return 0
  infra_require mvn
  infra_with_lock "$ACC_INFRA_CACHE/kafka-$KAFKA_VERSION.lock" kafka_fetch_libs_locked
}

# ---- config and storage -----------------------------------------------------------------------

# The SASL_PLAINTEXT listener's lines (nothing without KAFKA_SASL_PORT). No authorizer: an
# authenticated user may do everything, as on the plain listener.
kafka_sasl_config() {
  [[ -n "${KAFKA_SASL_PORT:-}" ]] || return 0
  cat <<EOF
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_SASL_USER="$KAFKA_SASL_PASSWORD";
EOF
}

kafka_write_config() {
  mkdir -p "$KAFKA_DATA"
  local listeners="PLAINTEXT://$INFRA_HOST:$KAFKA_PORT" protocols="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
  if [[ -n "${KAFKA_SASL_PORT:-}" ]]; then
    listeners+=",SASL_PLAINTEXT://$INFRA_HOST:$KAFKA_SASL_PORT"
    protocols+=",SASL_PLAINTEXT:SASL_PLAINTEXT"
  fi
  cat >"$KAFKA_CONFIG.tmp" <<EOF
# Written by test/infra/kafka.sh on every start; edits here are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$INFRA_HOST:$KAFKA_CONTROLLER_PORT
listeners=$listeners,CONTROLLER://$INFRA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=$listeners
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=$protocols
log.dirs=$KAFKA_DATA
$(kafka_sasl_config)

num.partitions=3
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

# small machine (2 cores)
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
  mv -f "$KAFKA_CONFIG.tmp" "$KAFKA_CONFIG"
}

kafka_format_storage() {
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    if [[ -z "${KAFKA_SASL_PORT:-}" || -f "$KAFKA_SCRAM_MARKER" ]]; then
      return 0
    fi
    # SCRAM users are added at format time only (no extra JVM run after the start): a data folder
    # formatted before the SASL listener existed holds test data only, so it is formatted again.
    infra_log "kafka: $KAFKA_DATA has no SCRAM test users (formatted before the SASL listener); formatting it again"
    rm -rf "$KAFKA_DATA"
    mkdir -p "$KAFKA_DATA"
  fi
  local scram=()
  if [[ -n "${KAFKA_SASL_PORT:-}" ]]; then
    scram=(--add-scram "SCRAM-SHA-256=[name=$KAFKA_SASL_USER,password=$KAFKA_SASL_PASSWORD]"
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_SASL_USER,password=$KAFKA_SASL_PASSWORD]")
  fi
  infra_log "kafka: formatting storage in $KAFKA_DATA (cluster id $KAFKA_CLUSTER_ID)${KAFKA_SASL_PORT:+ with the SCRAM test user $KAFKA_SASL_USER}"
  if ! "$JAVA" -Xmx256m -cp "$KAFKA_LIBS/*" \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" -Dlog4j.configurationFile="$KAFKA_LOG4J_CONFIG" \
    kafka.tools.StorageTool format --ignore-formatted -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_CONFIG" ${scram[@]+"${scram[@]}"} \
    >>"$KAFKA_LOG" 2>&1; then
    infra_tail_log "$KAFKA_LOG" 60
    infra_die "kafka: storage format failed"
  fi
  if [[ -n "${KAFKA_SASL_PORT:-}" ]]; then
    : >"$KAFKA_SCRAM_MARKER"
  fi
}

# ---- readiness ---------------------------------------------------------------------------------

# Sends a Kafka ApiVersions v0 request and checks for a reply with correlation id 1 and error 0.
kafka_api_versions_ok() {
  local reply
  # shellcheck disable=SC2016 # host and port are passed as $0 and $1
  reply="$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    # size=15 | api_key=18 (ApiVersions) | api_version=0 | correlation_id=1 | client_id="probe"
    printf "\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x01\x00\x05probe" >&3
    head -c 10 <&3 | od -An -v -tx1 | tr -d " \n"
  ' "$INFRA_HOST" "$KAFKA_PORT" 2>/dev/null)" || return 1
  # bytes 4-7: correlation id 1, bytes 8-9: error code 0
  [[ "${reply:8:12}" == "000000010000" ]]
}

kafka_ready() {
  grep -qF "$KAFKA_READY_MARKER" "$KAFKA_LOG" 2>/dev/null && kafka_api_versions_ok
}

# ---- commands ------------------------------------------------------------------------------------

kafka_start() {
  kafka_init
  infra_lock_service kafka
  local pid started=$SECONDS

  if pid="$(infra_pid_alive "$KAFKA_PIDFILE" "$KAFKA_PID_PATTERN")"; then
    if kafka_api_versions_ok; then
      infra_log "kafka: already running (pid $pid) on $INFRA_HOST:$KAFKA_PORT"
      return 0
    fi
    infra_log "kafka: pid $pid is alive but not answering yet; waiting"
    if infra_wait_ready kafka "$pid" "$KAFKA_START_TIMEOUT" kafka_ready; then
      infra_log "kafka: ready (pid $pid) on $INFRA_HOST:$KAFKA_PORT"
      return 0
    fi
    infra_tail_log "$KAFKA_LOG" 60
    infra_die "kafka: running pid $pid does not become ready; try: $0 stop && $0 start"
  fi
  rm -f "$KAFKA_PIDFILE"

  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" ${KAFKA_SASL_PORT:+"$KAFKA_SASL_PORT"}; do
    if infra_port_open "$INFRA_HOST" "$port"; then
      infra_die "kafka: $INFRA_HOST:$port is already in use by a process this script did not start (no live pid in $KAFKA_PIDFILE); stop it or set KAFKA_PORT/KAFKA_CONTROLLER_PORT"
    fi
  done

  infra_require "$JAVA"
  kafka_ensure_libs
  infra_rotate_log "$KAFKA_LOG"
  kafka_write_config
  kafka_format_storage

  infra_log "kafka: starting Kafka $KAFKA_VERSION on $INFRA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), log $KAFKA_LOG"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several options
  infra_spawn "$KAFKA_PIDFILE" "$KAFKA_LOG" "$KAFKA_RUNTIME" \
    "$JAVA" $KAFKA_HEAP_OPTS -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG" -Dlog4j.configurationFile="$KAFKA_LOG4J_CONFIG" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONFIG" ||
    infra_die "kafka: could not start the JVM"
  pid="$(tr -dc '0-9' <"$KAFKA_PIDFILE")"

  if ! infra_wait_ready kafka "$pid" "$KAFKA_START_TIMEOUT" kafka_ready; then
    infra_tail_log "$KAFKA_LOG" 60
    infra_stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PID_PATTERN" 10 || true
    infra_die "kafka: failed to start (full log: $KAFKA_LOG)"
  fi
  infra_log "kafka: ready (pid $pid) on $INFRA_HOST:$KAFKA_PORT${KAFKA_SASL_PORT:+ (SASL_PLAINTEXT on $KAFKA_SASL_PORT)} in $((SECONDS - started)) s"
}

kafka_stop() {
  kafka_init
  infra_lock_service kafka
  infra_stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PID_PATTERN" 30
}

kafka_status() {
  kafka_init
  local pid
  if pid="$(infra_pid_alive "$KAFKA_PIDFILE" "$KAFKA_PID_PATTERN")"; then
    if kafka_api_versions_ok; then
      infra_log "kafka: running (pid $pid) on $INFRA_HOST:$KAFKA_PORT"
      return 0
    fi
    infra_log "kafka: pid $pid alive but not answering on $INFRA_HOST:$KAFKA_PORT"
    return 1
  fi
  infra_log "kafka: not running"
  return 1
}

case "${1:-}" in
  start) kafka_start ;;
  stop) kafka_stop ;;
  status) kafka_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
