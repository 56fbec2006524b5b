# Sourced by a client MTA's start script: its daemon runs as a child of that shell, which stays the
# container's first process (the clock's shared start is its, see harness-entrypoint) and passes a
# stop on. SIGHUP asks for a reset in place for the next run: the daemon and every process named
# like it are stopped (a delivery still under way would carry the last run's mail on), the script's
# own `fresh_start` empties what the MTA keeps between messages, and /run/harness-reset says it is
# done before the daemon starts again.

# A sleep of real time, on the client's fast clock too.
real_sleep() {
  if [ -n "${FAKETIME:-}" ]; then sleep "$(awk "BEGIN { print $1 * $CLIENT_CLOCK_SPEED }")"; else sleep "$1"; fi
}

# Live processes whose name matches the awk pattern (a zombie waits for this shell to reap it).
processes_named() {
  awk -v name="$1" '{ comm = $2; gsub(/^\(|\)$/, "", comm) } comm ~ name && $3 != "Z" && $1 != 1 { print $1 }' /proc/[0-9]*/stat 2>/dev/null
}

stop_all_named() {
  while [ -n "$(processes_named "$1")" ]; do kill -KILL $(processes_named "$1") 2>/dev/null; real_sleep 0.05; done
}

# Begins a log again once whoever writes it has written its last lines (its size still for 100 ms).
begin_log_again() {
  size=-1
  while [ "$size" != "$(stat -c %s "$1")" ]; do size=$(stat -c %s "$1"); real_sleep 0.1; done
  : > "$1"
}

trap 'stopping=1; kill -TERM "$pid" 2>/dev/null' TERM INT
trap 'restarting=1; kill -TERM "$pid" 2>/dev/null' HUP
stopping=
restarting=

# supervise NAMES COMMAND...: runs the daemon until it stops (its status) or the container is
# stopped (0), resetting on SIGHUP; NAMES is an awk pattern of its processes' names.
supervise() {
  names=$1
  shift
  set +e
  while :; do
    "$@" &
    pid=$!
    wait "$pid"; status=$?
    [ -n "$stopping" ] && { wait "$pid"; exit 0; }
    [ -n "$restarting" ] || exit "$status"
    reset_in_place "$names"
  done
}

# After SIGHUP stopped the daemon: the rest of its processes stopped, the script's fresh_start run,
# and /run/harness-reset written for the harness.
reset_in_place() {
  wait "$pid"
  restarting=
  stop_all_named "$1"
  rm -f /run/harness-reset
  fresh_start || exit 1
  touch /run/harness-reset
}
