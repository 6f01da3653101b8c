# Sourced by .ci/run (bash): start_postgres installs Debian's PostgreSQL
# server if it is missing, makes a throw-away cluster in a new temporary
# folder (initdb), starts it on a unix socket in that folder only (no TCP
# port, so it clashes with no other server), exports
# ENTIGRAPH_TEST_POSTGRES for the store's database tests, and stops it and
# removes the folder when the calling shell exits.
#
# PostgreSQL refuses to run as root: under root (CI) the cluster belongs
# to the postgres user the package makes, and its commands run as that
# user through setpriv.

start_postgres() {
	local bin
	bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
	if [[ -z $bin || ! -x $bin/initdb ]]; then
		apt-get update -qq
		apt-get install -y -qq postgresql >/dev/null
		bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	fi
	PG_BIN=$bin
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/entigraph-pg.XXXXXX")
	PG_AS=()
	if [[ $(id -u) == 0 ]]; then
		chown postgres: "$PG_DIR"
		PG_AS=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env)
	fi
	# trust: only users of this machine reach the socket, and the folder
	# is its owner's alone.
	"${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U entigraph -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log"
	trap stop_postgres EXIT
	"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
		-o "-k $PG_DIR -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
	export ENTIGRAPH_TEST_POSTGRES="postgres://entigraph@/postgres?host=$PG_DIR&sslmode=disable"
	echo "PostgreSQL $("$PG_BIN/psql" -X -q -t -A -d "$ENTIGRAPH_TEST_POSTGRES" -c 'SHOW server_version') for the tests, in $PG_DIR"
}

stop_postgres() {
	if [[ -n ${PG_DIR:-} && -d $PG_DIR/data ]]; then
		"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
		rm -rf "$PG_DIR"
	fi
}
