#!/usr/bin/env bash
# Stops the test servers started by up.sh (Kafka and FerretDB). Idempotent; data stays in
# $ACC_INFRA_DIR (delete that folder after down.sh for a clean slate).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=0
"$INFRA_SCRIPT_DIR/kafka.sh" stop </dev/null >&2 || rc=1
"$INFRA_SCRIPT_DIR/ferretdb.sh" stop </dev/null >&2 || rc=1
exit "$rc"
