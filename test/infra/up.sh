#!/usr/bin/env bash
# Starts the test servers (Kafka and FerretDB, in parallel) and, on success, prints exactly two lines
# on stdout:
#   KAFKA_BROKERS=127.0.0.1:<KAFKA_PORT>
#   MONGODB_URL=mongodb://127.0.0.1:<MONGODB_PORT>/
# Everything else goes to stderr, so `eval "$(test/infra/up.sh)"` or `test/infra/up.sh >> "$GITHUB_ENV"`
# style use works. Idempotent: servers already running and healthy are left alone.
# Exits non-zero (log tails on stderr) if either server fails; a server that did start stays up
# (run down.sh).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
infra_check_port_var KAFKA_PORT "$KAFKA_PORT"
infra_check_port_var MONGODB_PORT "$MONGODB_PORT"
# The broker's SASL_PLAINTEXT (SCRAM) listener for the Kafka security tests; its address is not
# printed (the two lines below stay as they are): the tests find it on this port.
KAFKA_SASL_PORT="${KAFKA_SASL_PORT:-19094}"
infra_check_port_var KAFKA_SASL_PORT "$KAFKA_SASL_PORT"
infra_init_dirs
export ACC_INFRA_CACHE ACC_INFRA_DIR KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_SASL_PORT MONGODB_PORT

# Runs one service script with its output prefixed by [name], all on stderr; returns its exit code.
run_prefixed() { # NAME SCRIPT
  local name=$1 script=$2
  set -o pipefail
  "$script" start 2>&1 </dev/null | sed -u "s/^/[$name] /" >&2
}

started=$SECONDS
infra_log "starting kafka and ferretdb (cache $ACC_INFRA_CACHE, runtime $ACC_INFRA_DIR)"
run_prefixed kafka "$INFRA_SCRIPT_DIR/kafka.sh" &
kafka_job=$!
run_prefixed ferretdb "$INFRA_SCRIPT_DIR/ferretdb.sh" &
ferretdb_job=$!

kafka_rc=0
ferretdb_rc=0
wait "$kafka_job" || kafka_rc=$?
wait "$ferretdb_job" || ferretdb_rc=$?

if ((kafka_rc != 0 || ferretdb_rc != 0)); then
  ((kafka_rc == 0)) || infra_log "kafka failed to start (exit $kafka_rc); log: $ACC_INFRA_DIR/logs/kafka.log"
  ((ferretdb_rc == 0)) || infra_log "ferretdb failed to start (exit $ferretdb_rc); log: $ACC_INFRA_DIR/logs/ferretdb.log"
  exit 1
fi

infra_log "kafka and ferretdb are ready ($((SECONDS - started)) s)"
printf 'KAFKA_BROKERS=%s:%s\n' "$INFRA_HOST" "$KAFKA_PORT"
printf 'MONGODB_URL=mongodb://%s:%s/\n' "$INFRA_HOST" "$MONGODB_PORT"
