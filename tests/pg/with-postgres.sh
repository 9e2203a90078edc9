#!/bin/bash
# with-postgres.sh COMMAND [ARG...]: runs COMMAND beside a PostgreSQL server of its own, made in
# a temporary folder and stopped (and removed) when COMMAND ends, whatever happens.
#
# The server listens on a socket in that folder and on 127.0.0.1 at a free port; COMMAND finds it
# through PGHOST (the socket folder), PGPORT, PGUSER (co_admin, a superuser that logs in on the
# socket without a password) and PGDATABASE (postgres). Over TCP every login needs its password
# (SCRAM), as on a team's real server. PostgreSQL refuses to run as root: as root (CI), the server
# runs as the unprivileged user "nobody". A test that stops, starts or restarts the server under a
# client runs "$CO_TEST_PG_CTL restart -m fast" (pg_ctl on this server, as its user, waiting).
set -eu

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres.sh: PostgreSQL's server is not installed (Debian: apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/co-pg.XXXXXX")
chmod 755 "$dir"
as_server=()
if [ "$(id -u)" = 0 ]; then
  chown nobody:nogroup "$dir"
  as_server=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi

stop ()
{
  "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U co_admin -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: the server's data is thrown away at the end.
options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
"${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }

# Its log stays the server's log after a restart, and never the test's output.
printf '#!/bin/sh\nexec %s "%s/pg_ctl" -D "%s/data" -l "%s/server.log" -o "%s" -w -t 60 "$@"\n' \
  "${as_server[*]}" "$bindir" "$dir" "$dir" "$options" >"$dir/pg-ctl"
chmod 755 "$dir/pg-ctl"

export PGHOST=$dir PGPORT=$port PGUSER=co_admin PGDATABASE=postgres
export CO_TEST_PG_BINDIR=$bindir CO_TEST_PG_CTL=$dir/pg-ctl
unset PGPASSWORD PGSERVICE PGSSLMODE
"$@"
