#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: its own data directory and port on 127.0.0.1, run as an unprivileged
# user (the Debian package's "postgres" when we are root: the server refuses to run as root), trust authentication
# on loopback only. Nothing of the machine's own clusters is touched.
#
#   tools/throwaway-postgres.sh start DIR   creates DIR, starts the cluster, prints its connection string
#   tools/throwaway-postgres.sh stop DIR    stops it (fast shutdown)
#   tools/throwaway-postgres.sh restart DIR stops it if it runs and starts it again on the same port (the restart test)
#   tools/throwaway-postgres.sh remove DIR  stops it and deletes DIR
set -euo pipefail

command_name=${1:?start|stop|restart|remove}
dir=${2:?data directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (Debian package postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ctl_() { as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 "$@" >/dev/null; }

free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port between 55432 and 55532" >&2; exit 1
}

start() {
  local port=$1
  # max_connections: three nodes with their pools, the tests' own stores and the listeners of LISTEN/NOTIFY.
  pg_ctl_ -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start
}

case "$command_name" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U dicom --auth=trust -E UTF8 --no-locale >/dev/null
    port=$(free_port)
    echo "$port" >"$dir/port"
    start "$port"
    echo "Host=127.0.0.1;Port=$port;Username=dicom;Database=postgres"
    ;;
  stop) pg_ctl_ -m fast stop ;;
  restart)
    if [ -f "$dir/data/postmaster.pid" ]; then pg_ctl_ -m fast stop; fi
    start "$(cat "$dir/port")"
    ;;
  remove)
    if [ -f "$dir/data/postmaster.pid" ]; then pg_ctl_ -m immediate stop || true; fi
    rm -rf "$dir"
    ;;
  *) echo "unknown command $command_name" >&2; exit 2 ;;
esac
