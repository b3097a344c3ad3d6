#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for the tests: nothing of the machine's own
# clusters is touched, and everything lives in one directory that `destroy` removes.
#   pg-test-cluster.sh create DIR PORT   initdb, start, create role and database
#   pg-test-cluster.sh start DIR | stop DIR | destroy DIR
# The server runs as the postgres user (it refuses to run as root). Prints nothing on success
# except for `create`, which prints the ODBC connection string of the test database.
set -euo pipefail
readonly PG_BIN=/usr/lib/postgresql/15/bin
readonly ROLE=zvhpga_test
readonly DATABASE=zvhpga_test

command=$1
dir=$2

as_postgres() {
  if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

# -w waits until the server accepts connections; fast shutdown on stop drops sessions, which
# is what the tests of a lost server want to see.
try_start() {
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1
}

# The caller's cleanup removes the cluster with its log, so the reason goes to stderr first.
report_failed_start() {
  echo "pg-test-cluster.sh: the server in $dir did not start; the end of its log:" >&2
  tail -n 20 "$dir/server.log" >&2 || true
  return 1
}

start() { try_start || report_failed_start; }

stop() {
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null
}

case $command in
  create)
    port=$3
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    mkdir -p "$dir"
    chown postgres: "$dir" 2>/dev/null || true
    printf '%s\n' "$password" >"$dir/password"
    chown postgres: "$dir/password" 2>/dev/null || true
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 \
      --pwfile="$dir/password" -E UTF8 --locale=C.UTF-8 >/dev/null
    # Loopback TCP only, the socket in the cluster's own directory, fsync left on so the
    # benchmark measures durable commits.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 50
CONF
    # The port may be taken by something else on the machine: the next ones are tried (the
    # last port line of postgresql.conf counts).
    for attempt in 1 2 3 4 5; do
      printf 'port = %s\n' "$port" >>"$dir/data/postgresql.conf"
      try_start && break
      if ((attempt == 5)) || ! grep -q "could not bind" "$dir/server.log"; then
        report_failed_start
      fi
      port=$((port + 1))
    done
    as_postgres env PGPASSWORD="$password" "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres \
      -d postgres -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE $ROLE LOGIN PASSWORD '$password'" \
      -c "CREATE DATABASE $DATABASE OWNER $ROLE" >/dev/null
    printf 'Driver=PostgreSQL Unicode;Server=127.0.0.1;Port=%s;Database=%s;UID=%s;PWD=%s;\n' \
      "$port" "$DATABASE" "$ROLE" "$password"
    ;;
  start) start ;;
  stop) stop ;;
  destroy)
    if [[ -f $dir/data/postmaster.pid ]]; then stop || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 create DIR PORT | start DIR | stop DIR | destroy DIR" >&2
    exit 2
    ;;
esac
