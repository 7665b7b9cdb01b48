#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15: installs Debian's postgresql-15 when missing,
# initdb into a temporary folder, starts it on 127.0.0.1 on a free port, exports
#   SANITAS_TEST_POSTGRES="Host=127.0.0.1;Port=...;Username=postgres;Database=postgres"
# runs the command, then stops the server and deletes the folder (also on failure).
#
#   scripts/with-postgres.sh dotnet test Sanitas.sln -c Release
set -euo pipefail

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "with-postgres: PostgreSQL 15 is not installed; run 'sudo apt-get install postgresql-15'." >&2
    exit 1
  fi
  echo "with-postgres: installing postgresql-15 ..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi

# initdb refuses to run as root: run the server as the postgres user then.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dir=$(mktemp -d /tmp/sanitas-pg.XXXXXX)
chmod 755 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi

port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "with-postgres: no free port found" >&2; exit 1; }

stop() {
  as_owner "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_owner "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=100" start >/dev/null

export SANITAS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "with-postgres: PostgreSQL 15 on 127.0.0.1:$port ($dir)" >&2
"$@"
