#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the tests (issue 17): sourced by .ci/run.
#   pg_start DIR   installs Debian's postgresql if initdb is missing, initdb's a cluster in DIR, starts it on a free
#                  loopback port and exports VERN_TEST_POSTGRES; returns non-zero if any step fails.
#   pg_stop DIR    stops the cluster and removes DIR.
# initdb refuses to run as root, so as root the cluster belongs to the "postgres" user (made by the package).

pg_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local dir=$1 bin port
  if ! bin=$(pg_bin); then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
      || sudo -n sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql' >/dev/null 2>&1
    bin=$(pg_bin) || { echo "postgresql: initdb not found and could not install Debian's postgresql"; return 1; }
  fi
  mkdir -p "$dir" && chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)
  pg_as "$bin/initdb" -D "$dir/data" -U vern --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { echo "postgresql: initdb failed:"; tail -n 5 "$dir/initdb.log"; return 1; }
  pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c synchronous_commit=on -c max_connections=100" start >/dev/null \
    || { echo "postgresql: pg_ctl start failed:"; tail -n 5 "$dir/server.log"; return 1; }
  export VERN_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=vern;Database=postgres"
  echo "postgresql: $("$bin/postgres" --version) on 127.0.0.1:$port"
}

pg_stop() {
  local dir=$1 bin
  bin=$(pg_bin) && [ -d "$dir/data" ] && pg_as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$dir"
}
