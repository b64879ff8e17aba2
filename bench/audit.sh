#!/usr/bin/env bash
# The audit trail's browser at a million events: seeds the demo users into a
# fresh SQLite database, appends EVENTS synthetic events to the chain
# (bench/auditdb), serves it, and loads the first page of /audit, a page
# half-way down and a page by person, as the auditor, with the load
# generator, reporting p99 against the 50 ms target, at each number of
# concurrent connections in CONNS.
#
#   bash bench/audit.sh                     # 1,000,000 events, 1 to 32 connections, 3 rounds of 10 s per path
#   EVENTS=200000 ROUNDS=1 CONNS=32 bash bench/audit.sh
set -euo pipefail

cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-1 4 16 32}
PORT=${PORT:-18081}
# shellcheck source=bench/server.sh
source bench/server.sh

echo "== build"
mkdir -p bin
go build "${GO_TAGS[@]}" -o bin/vigil ./cmd/vigil
go build "${GO_TAGS[@]}" -o "$work/auditdb" ./bench/auditdb
go build -o "$work/load" ./bench/load

export VIGIL_DATA_DIR=$work/data VIGIL_DB=$work/data/vigil.db VIGIL_DEMO=false VIGIL_ADDR=$ADDR
echo "== seed the demo users, then $EVENTS events"
VIGIL_DEMO=true bin/vigil seed --demo | grep -v '^  '
"$work/auditdb" -db "$VIGIL_DB" -events "$EVENTS"

echo "== serve on $ADDR"
bin/vigil serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
	if curl -fsS -o /dev/null "http://$ADDR/readyz" 2>/dev/null; then
		break
	fi
	sleep 0.1
done
curl -fsS -o /dev/null "http://$ADDR/readyz"

half=$((EVENTS / 2))
for conns in $CONNS; do
	echo "== load: $conns connections, $(nproc) CPUs"
	"$work/load" -base "http://$ADDR" -email auditor@example.com -password vigil-demo-pass \
		-conns "$conns" -duration "$DURATION" -rounds "$ROUNDS" -p99-target 50ms -ratio-target 0 \
		-paths "/healthz,/audit,/audit?before=$half,/audit?actor=person7@example.com"
done
