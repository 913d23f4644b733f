#!/usr/bin/env bash
# Shared helpers for test/infra/*.sh. Source it; do not run it.
#
#   ACC_INFRA_CACHE  downloads and builds, kept between runs   (default: $HOME/.cache/account-center-infra)
#   ACC_INFRA_DIR    runtime: data, pid files, logs            (default: <repo>/.infra)
#   logs             $ACC_INFRA_DIR/logs/{kafka,ferretdb}.log  (previous run: *.log.1)
#
# Everything these scripts say goes to stderr; only up.sh prints its result lines on stdout.

# shellcheck disable=SC2034 # globals here are used by the scripts that source this file
# shellcheck disable=SC2016 # bash -c '...' snippets get their values as arguments on purpose

if [[ -n "${_ACC_INFRA_LIB_LOADED:-}" ]]; then
  return 0
fi
_ACC_INFRA_LIB_LOADED=1

INFRA_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
INFRA_REPO_ROOT="$(cd "$INFRA_SCRIPT_DIR/../.." && pwd)"

ACC_INFRA_CACHE="${ACC_INFRA_CACHE:-${HOME:-/tmp}/.cache/account-center-infra}"
ACC_INFRA_DIR="${ACC_INFRA_DIR:-$INFRA_REPO_ROOT/.infra}"

KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
MONGODB_PORT="${MONGODB_PORT:-27027}"
INFRA_HOST=127.0.0.1

infra_log() {
  printf '[infra %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

infra_die() {
  infra_log "ERROR: $*"
  exit 1
}

# Creates the cache and runtime folders and makes both paths absolute
# (the servers run with other working directories).
infra_init_dirs() {
  mkdir -p "$ACC_INFRA_CACHE" "$ACC_INFRA_DIR/logs" "$ACC_INFRA_DIR/run"
  ACC_INFRA_CACHE="$(cd "$ACC_INFRA_CACHE" && pwd)"
  ACC_INFRA_DIR="$(cd "$ACC_INFRA_DIR" && pwd)"
  # keep the runtime folder out of git without touching the repository's own .gitignore
  [[ -e "$ACC_INFRA_DIR/.gitignore" ]] || printf '*\n' >"$ACC_INFRA_DIR/.gitignore"
  INFRA_LOG_DIR="$ACC_INFRA_DIR/logs"
  INFRA_RUN_DIR="$ACC_INFRA_DIR/run"
}

infra_check_port_var() { # NAME VALUE
  if ! [[ "$2" =~ ^[0-9]{1,5}$ ]] || ((10#$2 < 1 || 10#$2 > 65535)); then
    infra_die "$1 must be a TCP port number, got '$2'"
  fi
}

infra_require() { # command...
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || infra_die "'$c' is needed but not found on PATH"
  done
}

# Hash of the given files' contents (first 12 hex digits of sha256).
infra_hash_files() {
  cat "$@" | sha256sum | cut -c1-12
}

# True if something accepts TCP connections on HOST:PORT.
infra_port_open() { # HOST PORT
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Prints the pid from PIDFILE if that process is alive and its command line contains PATTERN.
infra_pid_alive() { # PIDFILE PATTERN
  local pidfile=$1 pattern=$2 pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern" || return 1
  fi
  printf '%s\n' "$pid"
}

# Moves LOGFILE to LOGFILE.1 so that the new run's log starts empty.
infra_rotate_log() { # LOGFILE
  if [[ -s "$1" ]]; then
    mv -f "$1" "$1.1"
  fi
  : >"$1"
}

infra_tail_log() { # LOGFILE [LINES]
  local file=$1 lines=${2:-60}
  {
    echo "----- last $lines lines of $file -----"
    if [[ -f "$file" ]]; then tail -n "$lines" "$file"; else echo "(no log file)"; fi
    echo "----- end of $file -----"
  } >&2
}

# Starts COMMAND in the background in its own session (it outlives this script, the terminal and
# Ctrl-C), stdin from /dev/null, stdout+stderr appended to LOGFILE, and no other inherited fds that
# matter (the lock fd 8 is closed). The server's own pid (not a wrapper's) is written to PIDFILE.
infra_spawn() { # PIDFILE LOGFILE WORKDIR COMMAND...
  local pidfile=$1 logfile=$2 workdir=$3 i
  shift 3
  rm -f "$pidfile"
  if command -v setsid >/dev/null 2>&1; then
    (
      cd "$workdir" || exit 1
      exec setsid bash -c 'echo $$ >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@"
    ) </dev/null >>"$logfile" 2>&1 8>&- 9>&- &
  else
    (
      cd "$workdir" || exit 1
      exec nohup bash -c 'echo $$ >"$0.tmp" && mv -f "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@"
    ) </dev/null >>"$logfile" 2>&1 8>&- 9>&- &
  fi
  for ((i = 0; i < 100; i++)); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.05
  done
  infra_log "no pid file $pidfile after 5 s"
  return 1
}

# Waits until READY_FN succeeds, the process dies, or TIMEOUT seconds pass.
infra_wait_ready() { # NAME PID TIMEOUT_S READY_FN [ARGS...]
  local name=$1 pid=$2 timeout_s=$3 fn=$4 start now
  shift 4
  start=$SECONDS
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      infra_log "$name (pid $pid) exited during startup"
      return 1
    fi
    if "$fn" "$@"; then
      return 0
    fi
    now=$SECONDS
    if ((now - start >= timeout_s)); then
      infra_log "$name (pid $pid) not ready after ${timeout_s} s"
      return 1
    fi
    sleep 0.5
  done
}

# TERM, wait up to GRACE_S seconds, then KILL. Idempotent; removes the pid file.
infra_stop_pid() { # NAME PIDFILE PATTERN [GRACE_S]
  local name=$1 pidfile=$2 pattern=$3 grace=${4:-30} pid i
  if ! pid="$(infra_pid_alive "$pidfile" "$pattern")"; then
    [[ -e "$pidfile" ]] && infra_log "$name: removing stale pid file"
    rm -f "$pidfile"
    infra_log "$name: not running"
    return 0
  fi
  infra_log "$name: stopping pid $pid (TERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    infra_log "$name: still alive after ${grace} s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  if kill -0 "$pid" 2>/dev/null; then
    infra_log "$name: pid $pid did not die"
    return 1
  fi
  rm -f "$pidfile"
  infra_log "$name: stopped"
}

# Serialises start/stop of one service across concurrent callers: holds fd 8 until the script exits.
infra_lock_service() { # NAME
  command -v flock >/dev/null 2>&1 || return 0
  exec 8>"$INFRA_RUN_DIR/$1.lock"
  if ! flock -n 8; then
    infra_log "$1: another start/stop is in progress, waiting for it"
    flock 8
  fi
}

# Runs COMMAND... while holding an exclusive lock on LOCKFILE (fd 9); for cache fills.
infra_with_lock() { # LOCKFILE COMMAND...
  local lockfile=$1
  shift
  if command -v flock >/dev/null 2>&1; then
    (
      flock 9
      "$@"
    ) 9>"$lockfile"
  else
    "$@"
  fi
}
