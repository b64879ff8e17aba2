#!/usr/bin/env bash
# Mixed-workload benchmark: builds vigil, serves a fresh demo database on
# SQLite and then on PostgreSQL, and runs the load generator's mixed
# workload against each (bench/load -mix: people signed in through the
# form listing cases, viewing them, screening names, approving submitted
# cases and uploading documents; see bench/load/mixed.go). Before the timed
# run the generator builds and submits APPROVALS cases through the forms,
# and measures /healthz and the case list alone as the baseline.
#
#   bash bench/load.sh                                # 50 people, 60 s, both engines
#   USERS=50 DURATION=60s ENGINES=sqlite bash bench/load.sh
#
# PostgreSQL: a schema of its own in PG_URL's database, dropped afterwards.
# Fails when an action failed or the server logged "database is locked".
set -euo pipefail

cd "$(dirname "$0")/.."
USERS=${USERS:-50}
DURATION=${DURATION:-60s}
MIX=${MIX:-list=40,view=30,screen=15,upload=11,approve=4}
APPROVALS=${APPROVALS:-300}
BASELINE=${BASELINE:-10s}
ENGINES=${ENGINES:-sqlite postgres}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
PORT=${PORT:-18090}
# shellcheck source=bench/server.sh
source bench/server.sh
schema=vigil_load_$$
drop_schema() {
	if [[ $ENGINES == *postgres* ]]; then
		psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	fi
}
trap 'drop_schema; cleanup' EXIT

echo "== build"
mkdir -p bin
go build "${GO_TAGS[@]}" -o bin/vigil ./cmd/vigil
go build -o "$work/load" ./bench/load
if curl -fsS -o /dev/null "http://$ADDR/healthz" 2>/dev/null; then
	echo "something already listens on $ADDR; set PORT" >&2
	exit 1
fi

# serve starts vigil on database $1 with demo data, logging to $2.
serve() {
	VIGIL_DB=$1 VIGIL_DATA_DIR=$work/data-$engine VIGIL_DEMO=true bin/vigil serve --addr "$ADDR" >"$2" 2>&1 &
	server_pid=$!
	for _ in $(seq 1 600); do
		if curl -fsS -o /dev/null "http://$ADDR/readyz" 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$server_pid" 2>/dev/null; then
			cat "$2" >&2
			return 1
		fi
		sleep 0.2
	done
	echo "vigil did not become ready" >&2
	return 1
}

stop() {
	kill "$server_pid" 2>/dev/null || true
	wait "$server_pid" 2>/dev/null || true
	server_pid=
}

status=0
for engine in $ENGINES; do
	case $engine in
	sqlite) db=$work/data-sqlite/vigil.db ;;
	postgres)
		psql -q "$PG_URL" -c "CREATE SCHEMA $schema" >/dev/null
		db="$PG_URL&search_path=$schema"
		;;
	*) echo "unknown engine $engine" >&2; exit 2 ;;
	esac
	log=$work/server-$engine.log
	echo
	echo "== $engine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(go env GOVERSION)"
	serve "$db" "$log"
	if ! "$work/load" -base "http://$ADDR" -email manager2@example.com -owner manager@example.com -password vigil-demo-pass \
		-conns "$USERS" -duration "$DURATION" -mix "$MIX" -approvals "$APPROVALS" -baseline "$BASELINE"; then
		status=1
	fi
	stop
	locked=$(grep -c "database is locked" "$log" || true)
	errors=$(grep -c '"level":"ERROR"' "$log" || true)
	echo "server log: $locked \"database is locked\", $errors errors"
	if ((locked + errors > 0)); then
		grep -m 5 -E 'database is locked|"level":"ERROR"' "$log" >&2 || true
		status=1
	fi
done
exit $status
