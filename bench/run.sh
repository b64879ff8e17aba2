#!/usr/bin/env bash
# Throughput benchmark (acceptance point 7): seeds 10,000 cases into a fresh
# SQLite database, serves it on 127.0.0.1, and loads /healthz, the case list
# and a case page with the Go load generator in bench/load, several rounds,
# reporting medians and each page's share of /healthz's throughput. The case
# page is one the load generator first builds through the forms with ITEMS
# items of the catalogue (20: the page then shows 20 licence
# determinations); ITEMS=0 takes the first approved seeded case instead.
#
#   bash bench/run.sh                       # 3 rounds of 10 s per path, 32 connections
#   ROUNDS=5 DURATION=20s CONNS=32 CASES=10000 ITEMS=20 bash bench/run.sh
#
# Everything happens in a temporary directory that is removed afterwards;
# the server is stopped however the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."
CASES=${CASES:-10000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
PORT=${PORT:-18080}
ITEMS=${ITEMS:-20}
# shellcheck source=bench/server.sh
source bench/server.sh

echo "== build"
mkdir -p bin
go build "${GO_TAGS[@]}" -o bin/vigil ./cmd/vigil
go build -o "$work/load" ./bench/load

export VIGIL_DATA_DIR=$work/data VIGIL_DB=$work/data/vigil.db VIGIL_DEMO=false VIGIL_ADDR=$ADDR
echo "== seed: vigil seed --demo --cases $CASES"
VIGIL_DEMO=true bin/vigil seed --demo --cases "$CASES" | grep -v '^  '

if curl -fsS -o /dev/null "http://$ADDR/healthz" 2>/dev/null; then
	echo "something already listens on $ADDR; set PORT" >&2
	exit 1
fi
echo "== serve on $ADDR"
bin/vigil serve --addr "$ADDR" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
	if curl -fsS -o /dev/null "http://$ADDR/readyz" 2>/dev/null; then
		break
	fi
	if ! kill -0 "$server_pid" 2>/dev/null; then
		cat "$work/server.log" >&2
		exit 1
	fi
	sleep 0.1
done
curl -fsS -o /dev/null "http://$ADDR/readyz"

echo "== load: $(nproc) CPUs, $(go env GOVERSION), $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo sqlite)"
"$work/load" -base "http://$ADDR" -email manager@example.com -password vigil-demo-pass \
	-conns "$CONNS" -duration "$DURATION" -rounds "$ROUNDS" \
	-paths '/healthz,/cases,/cases/{case}' -case-from-list '/cases?status=approved' -build-case "$ITEMS"
