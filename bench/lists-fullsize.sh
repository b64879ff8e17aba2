#!/usr/bin/env bash
# Full-size EU and UK lists: generates made-up FSF 1.1 and FCDO XML files of
# ENTRIES entries (bench/listgen), prints the parse time of each beside the
# real OFAC SDN and UN files (the Go benchmarks of internal/watchlist,
# median of COUNT runs), then imports each list with `vigil lists import`
# into a fresh SQLite database, RUNS times, and prints the median peak
# resident memory (/usr/bin/time -v), also for the real UN and OFAC SDN
# files, with each run's wall time. Target: at most 200 MB for EU and UK.
#
#   bash bench/lists-fullsize.sh        # ENTRIES=5000 COUNT=5 RUNS=3 DATA=../shared/data/sanctions
#
# Everything is written to a temporary directory that is removed afterwards.
set -euo pipefail

cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/sanctions}
ENTRIES=${ENTRIES:-5000}
COUNT=${COUNT:-5}
RUNS=${RUNS:-3}
PORT=${PORT:-0} # no server here: server.sh gives the work directory and the build tags
# shellcheck source=bench/server.sh
source bench/server.sh

mkdir -p bin
go build "${GO_TAGS[@]}" -o bin/vigil ./cmd/vigil
go run ./bench/listgen -out "$work/lists" -n "$ENTRIES"

echo "== parse time (Go benchmarks, median of $COUNT; EU and UK generated with $ENTRIES entries)"
go test "${GO_TAGS[@]}" -run '^$' -bench 'Parse(OFACFull|UN|EUFull|UKFull)$' -count "$COUNT" ./internal/watchlist/ >"$work/bench.txt"
python3 - "$work/bench.txt" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"Benchmark(\S+?)(-\d+)?\s+\d+\s+(\d+) ns/op\s+([\d.]+) MB/s\s+(\d+) B/op\s+(\d+) allocs/op", line)
    if m:
        runs.setdefault(m[1], []).append((int(m[3]), float(m[4]), int(m[5]), int(m[6])))
for name, r in runs.items():
    ns = statistics.median(x[0] for x in r)
    mbs = statistics.median(x[1] for x in r)
    print(f"{name:14} {ns / 1e6:8.0f} ms/op  {mbs:6.1f} MB/s  {r[0][2] / 1e6:7.0f} MB allocated/op  {r[0][3]:>9} allocs/op  ({len(r)} runs)")
PY

# import SOURCE FILE...: RUNS imports, each into a fresh database; prints
# the median peak RSS, with each run's figure and wall time.
import() {
	local source=$1 rss=() wall=()
	shift
	for i in $(seq 1 "$RUNS"); do
		export VIGIL_DATA_DIR=$work/data-$source-$i VIGIL_DB=$work/data-$source-$i/vigil.db VIGIL_DEMO=false
		bin/vigil migrate >/dev/null
		/usr/bin/time -v bin/vigil lists import --source "$source" "$@" >"$work/import.out" 2>"$work/time.txt"
		rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")")
		wall+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")")
		rm -rf "$work/data-$source-$i"
	done
	printf '%-12s peak RSS %s MiB (runs: %s kB), wall %s  — %s\n' "$source" \
		"$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}')" \
		"${rss[*]}" "${wall[*]}" "$(cat "$work/import.out")"
}

echo "== import into a fresh SQLite database (median of $RUNS)"
import eu "$work/lists/eu-fsf-synthetic.xml"
import uk "$work/lists/uk-sanctions-synthetic.xml"
import un "$DATA"/un/consolidated.xml
import us-ofac-sdn "$DATA"/ofac/2024-05-03/sdn.csv "$DATA"/ofac/2025-02-satellites/{add,alt,sdn_comments}.csv
