#!/usr/bin/env bash
# Screening server memory (acceptance point 3 of screening): imports the full
# official lists of the shared data into a fresh SQLite database, serves it
# on 127.0.0.1, sends 10,000 queries of the development set to the JSON API
# (ten batches of 1,000 names, then 1,000 single requests) and reports the
# server's resident memory (VmRSS, and its peak VmHWM) before and after.
#
#   bash bench/screening-rss.sh            # DATA=../shared/data/sanctions
#
# Everything happens in a temporary directory that is removed afterwards;
# the server is stopped however the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/sanctions}
PORT=${PORT:-18081}
# shellcheck source=bench/server.sh
source bench/server.sh

mkdir -p bin
go build "${GO_TAGS[@]}" -o bin/vigil ./cmd/vigil
export VIGIL_DATA_DIR=$work/data VIGIL_DB=$work/data/vigil.db VIGIL_DEMO=false VIGIL_ADDR=$ADDR

echo "== import the full lists"
bin/vigil migrate >/dev/null
bin/vigil lists import --source us-ofac-sdn "$DATA"/ofac/2024-05-03/sdn.csv "$DATA"/ofac/2025-02-satellites/{add,alt,sdn_comments}.csv
bin/vigil lists import --source us-ofac-cons "$DATA"/ofac/non-sdn-2025/cons_{prim,add,alt,comments}.csv
bin/vigil lists import --source us-csl "$DATA"/us-csl/consolidated.csv
bin/vigil lists import --source un "$DATA"/un/consolidated.xml
token=$(bin/vigil token create --name rss-bench 2>/dev/null)

echo "== queries: the development set (seed 1)"
go run "${GO_TAGS[@]}" ./bench/screening -searcher baseline -out "$work/devset.jsonl" >/dev/null
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
queries = [json.loads(l)["query"] for l in open(work + "/devset.jsonl")]
queries = (queries * 3)[:10000]
for i in range(9):
    json.dump({"names": queries[i * 1000:(i + 1) * 1000]}, open(f"{work}/batch{i}.json", "w"))
with open(work + "/singles.txt", "w") as f:
    for q in queries[9000:]:
        f.write(json.dumps(q) + "\n")
PY

echo "== serve on $ADDR"
GODEBUG=${GODEBUG:-} bin/vigil serve --addr "$ADDR" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
	curl -fsS -o /dev/null "http://$ADDR/readyz" 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
	sleep 0.1
done
rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024} END {print ""}' "/proc/$server_pid/status"; }
echo -n "after start-up:        "; rss

post() { curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
for i in $(seq 0 8); do
	post --data-binary "@$work/batch$i.json" "http://$ADDR/api/v1/screen/batch"
	sleep 1 # the rate limit: a batch of 1,000 costs 20 of the 40-unit burst
done
# 1,000 single requests, over keep-alive connections in groups of 100.
split -l 100 "$work/singles.txt" "$work/single."
for part in "$work"/single.*; do
	args=()
	while IFS= read -r q; do args+=(--next -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$q" -o /dev/null "http://$ADDR/api/v1/screen"); done <"$part"
	curl -fsS "${args[@]:1}"
	sleep 5 # 100 requests exceed the burst of 40 at 20 a second
done
echo -n "after 10,000 queries:  "; rss
