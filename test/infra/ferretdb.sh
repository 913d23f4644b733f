#!/usr/bin/env bash
# MongoDB-wire server for tests: FerretDB v1 (SQLite backend) through our runner in ferretdb/.
#
#   test/infra/ferretdb.sh start    build the runner (cached), start it, wait until it answers a wire-level ping
#   test/infra/ferretdb.sh stop     TERM, wait, KILL; idempotent
#   test/infra/ferretdb.sh status   exit 0 if running and answering a ping on $MONGODB_PORT
#
# Env: MONGODB_PORT (27027), ACC_INFRA_CACHE, ACC_INFRA_DIR, FERRETDB_START_TIMEOUT (60 s),
#      FERRETDB_LOG_LEVEL (info).
# Log: $ACC_INFRA_DIR/logs/ferretdb.log. Data: $ACC_INFRA_DIR/ferretdb/data (one SQLite file per database).
# Binary: $ACC_INFRA_CACHE/ferretdb-runner-<hash of go.mod, go.sum, main.go>/ferretdb-runner.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FERRETDB_SRC="$INFRA_SCRIPT_DIR/ferretdb"
FERRETDB_START_TIMEOUT="${FERRETDB_START_TIMEOUT:-60}"
FERRETDB_LOG_LEVEL="${FERRETDB_LOG_LEVEL:-info}"
# logged by the runner once it answered a wire-level ping on its own listener (see ferretdb/main.go)
FERRETDB_READY_MARKER="FERRETDB-RUNNER READY"
FERRETDB_PID_PATTERN="ferretdb-runner"

ferretdb_init() {
  infra_check_port_var MONGODB_PORT "$MONGODB_PORT"
  infra_init_dirs
  FERRETDB_KEY="$(infra_hash_files "$FERRETDB_SRC/go.mod" "$FERRETDB_SRC/go.sum" "$FERRETDB_SRC/main.go")"
  FERRETDB_BIN_DIR="$ACC_INFRA_CACHE/ferretdb-runner-$FERRETDB_KEY"
  FERRETDB_BIN="$FERRETDB_BIN_DIR/ferretdb-runner"
  FERRETDB_RUNTIME="$ACC_INFRA_DIR/ferretdb"
  FERRETDB_DATA="$FERRETDB_RUNTIME/data"
  FERRETDB_LOG="$INFRA_LOG_DIR/ferretdb.log"
  FERRETDB_PIDFILE="$INFRA_RUN_DIR/ferretdb.pid"
  FERRETDB_ADDR="$INFRA_HOST:$MONGODB_PORT"
}

# ---- build ---------------------------------------------------------------------------------------

ferretdb_build_locked() {
  [[ -x "$FERRETDB_BIN" ]] && return 0
  local started=$SECONDS
  infra_log "ferretdb: building the runner into $FERRETDB_BIN (first run only; a cold Go module cache downloads FerretDB's modules)"
  mkdir -p "$FERRETDB_BIN_DIR"
  # GOTOOLCHAIN=local: never download a toolchain; -mod=readonly: the committed go.mod/go.sum are the truth;
  # GOWORK=off: ignore any go.work above us; CGO_ENABLED=0: pure Go (modernc SQLite).
  if ! (
    cd "$FERRETDB_SRC" &&
      CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS="-mod=readonly -buildvcs=false" \
        go build -trimpath -o "$FERRETDB_BIN.tmp" .
  ) >&2; then
    rm -f "$FERRETDB_BIN.tmp"
    infra_die "ferretdb: go build failed (see the output above)"
  fi
  mv -f "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  infra_log "ferretdb: runner built in $((SECONDS - started)) s"
}

ferretdb_ensure_bin() {
  [[ -x "$FERRETDB_BIN" ]] && return 0
  infra_require go
  infra_with_lock "$ACC_INFRA_CACHE/ferretdb-runner-$FERRETDB_KEY.lock" ferretdb_build_locked
}

# ---- readiness -------------------------------------------------------------------------------------

ferretdb_ping() {
  "$FERRETDB_BIN" -probe "$FERRETDB_ADDR" -probe-timeout 3s 2>/dev/null
}

ferretdb_ready() {
  grep -qF "$FERRETDB_READY_MARKER" "$FERRETDB_LOG" 2>/dev/null && ferretdb_ping
}

# ---- commands ----------------------------------------------------------------------------------------

ferretdb_start() {
  ferretdb_init
  infra_lock_service ferretdb
  local pid started=$SECONDS

  if pid="$(infra_pid_alive "$FERRETDB_PIDFILE" "$FERRETDB_PID_PATTERN")"; then
    ferretdb_ensure_bin
    if ferretdb_ping; then
      infra_log "ferretdb: already running (pid $pid) on $FERRETDB_ADDR"
      return 0
    fi
    infra_log "ferretdb: pid $pid is alive but not answering yet; waiting"
    if infra_wait_ready ferretdb "$pid" "$FERRETDB_START_TIMEOUT" ferretdb_ready; then
      infra_log "ferretdb: ready (pid $pid) on $FERRETDB_ADDR"
      return 0
    fi
    infra_tail_log "$FERRETDB_LOG" 60
    infra_die "ferretdb: running pid $pid does not become ready; try: $0 stop && $0 start"
  fi
  rm -f "$FERRETDB_PIDFILE"

  if infra_port_open "$INFRA_HOST" "$MONGODB_PORT"; then
    infra_die "ferretdb: $FERRETDB_ADDR is already in use by a process this script did not start (no live pid in $FERRETDB_PIDFILE); stop it or set MONGODB_PORT"
  fi

  ferretdb_ensure_bin
  mkdir -p "$FERRETDB_DATA"
  infra_rotate_log "$FERRETDB_LOG"

  infra_log "ferretdb: starting FerretDB (SQLite data in $FERRETDB_DATA) on $FERRETDB_ADDR, log $FERRETDB_LOG"
  infra_spawn "$FERRETDB_PIDFILE" "$FERRETDB_LOG" "$FERRETDB_RUNTIME" \
    "$FERRETDB_BIN" -listen-addr "$FERRETDB_ADDR" -data-dir "$FERRETDB_DATA" -log-level "$FERRETDB_LOG_LEVEL" ||
    infra_die "ferretdb: could not start the runner"
  pid="$(tr -dc '0-9' <"$FERRETDB_PIDFILE")"

  if ! infra_wait_ready ferretdb "$pid" "$FERRETDB_START_TIMEOUT" ferretdb_ready; then
    infra_tail_log "$FERRETDB_LOG" 60
    infra_stop_pid ferretdb "$FERRETDB_PIDFILE" "$FERRETDB_PID_PATTERN" 10 || true
    infra_die "ferretdb: failed to start (full log: $FERRETDB_LOG)"
  fi
  infra_log "ferretdb: ready (pid $pid) on $FERRETDB_ADDR in $((SECONDS - started)) s"
}

ferretdb_stop() {
  ferretdb_init
  infra_lock_service ferretdb
  infra_stop_pid ferretdb "$FERRETDB_PIDFILE" "$FERRETDB_PID_PATTERN" 15
}

ferretdb_status() {
  ferretdb_init
  local pid
  if pid="$(infra_pid_alive "$FERRETDB_PIDFILE" "$FERRETDB_PID_PATTERN")"; then
    if [[ -x "$FERRETDB_BIN" ]] && ferretdb_ping; then
      infra_log "ferretdb: running (pid $pid) on $FERRETDB_ADDR"
      return 0
    fi
    if [[ ! -x "$FERRETDB_BIN" ]] && infra_port_open "$INFRA_HOST" "$MONGODB_PORT"; then
      infra_log "ferretdb: running (pid $pid) on $FERRETDB_ADDR (port open; runner binary for a ping not built)"
      return 0
    fi
    infra_log "ferretdb: pid $pid alive but not answering on $FERRETDB_ADDR"
    return 1
  fi
  infra_log "ferretdb: not running"
  return 1
}

case "${1:-}" in
  start) ferretdb_start ;;
  stop) ferretdb_stop ;;
  status) ferretdb_status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
