#!/usr/bin/env bash
# B1, order intake: Fulcrum's orders/s, p50/p99/max, errors and CPU per order at 1, 16 and 64 clients, next to the
# PostgreSQL limit (pgbench, same writes per order, same client count, same server, same run), plus the bulk import rate.
#
#   bench/b1.sh                       # full run: 10 s warm-up + 30 s per client count, 10,000-order import
#   bench/b1.sh --quick               # 3 s warm-up + 10 s per client count, 2,000-order import
#   options: --clients "1 16 64" --seconds 30 --warmup 10 --import 10000 --batch N (extra pgbench at N orders per
#            transaction) --jfr 16 (JFR recording during the run at 16 clients) --port 18080 --out DIR --java-opts "..."
#
# Builds the jar if missing, starts `java -jar` on a fresh data directory (embedded PostgreSQL, demo off, a known
# bootstrap API key), seeds 2,000 SKUs and 30 locations with stock through the API, runs, prints a markdown table and
# JSON (also written to DIR/b1.json), then stops what it started (by PID).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

clients="1 16 64" seconds=30 warmup=10 import=10000 batch="" jfr="" port=18080 out="" java_opts="" skus=2000 locations=30
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) seconds=10 warmup=3 import=2000; shift; continue ;;
        --clients) clients=$2 ;; --seconds) seconds=$2 ;; --warmup) warmup=$2 ;; --import) import=$2 ;;
        --batch) batch=$2 ;; --jfr) jfr=$2 ;; --port) port=$2 ;; --out) out=$2 ;; --java-opts) java_opts=$2 ;;
        --skus) skus=$2 ;; --locations) locations=$2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
if ! command -v pgbench >/dev/null || ! command -v psql >/dev/null; then
    echo "pgbench/psql not found. The reference needs them: on Debian/Ubuntu 'apt-get install -y postgresql-contrib'" \
        "(or 'postgresql', which brings pgbench and psql)." >&2
    exit 3
fi
out=${out:-$(mktemp -d /tmp/fulcrum-b1.XXXXXX)}
mkdir -p "$out"
data="$out/data"
rm -rf "$data"
export FULCRUM_PORT=$port
trap stop_fulcrum EXIT

echo "B1 on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(date -u +%FT%TZ)," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg); output in $out" >&2
# shellcheck disable=SC2086
start_fulcrum "$data" "$port" "$out/fulcrum.log" $java_opts
echo "ready in ${READY_SECONDS}s (fresh database); Fulcrum pid $FULCRUM_PID, PostgreSQL pid $PG_PID port $PG_PORT" >&2
seed_catalogue "$skus" "$locations"
echo "seeded $skus SKUs x $locations locations" >&2

rows=() json_rows=()
for c in $clients; do
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    ref=$("$BENCH_ROOT/bench/pgbench-reference.sh" --port "$PG_PORT" --clients "$c" --seconds "$seconds" --batch 1)
    tps=$(sed 's/.*tps=\([0-9.]*\).*/\1/' <<<"$ref")
    ref_batch="" tps_batch=""
    if [[ -n "$batch" ]]; then
        ref_batch=$("$BENCH_ROOT/bench/pgbench-reference.sh" --port "$PG_PORT" --clients "$c" --seconds "$seconds" --batch "$batch")
        tps_batch=$(sed 's/.*orders_per_second=\([0-9.]*\).*/\1/' <<<"$ref_batch")
    fi
    jfr_opts=()
    if [[ "$c" == "$jfr" ]]; then
        jcmd "$FULCRUM_PID" JFR.start name=b1 settings=profile "filename=$out/b1-$c.jfr" >/dev/null
    fi
    "$JAVA" "$BENCH_ROOT/bench/LoadGenerator.java" --url "http://localhost:$port" --key "$BENCH_KEY" --clients "$c" \
        --seconds "$seconds" --warmup "$warmup" --skus "$skus" --fulcrum-pid "$FULCRUM_PID" --postgres-pids "$PG_PID" \
        --json "$out/load-$c.json" >/dev/null 2>"$out/load-$c.err"
    if [[ "$c" == "$jfr" ]]; then
        jcmd "$FULCRUM_PID" JFR.stop name=b1 >/dev/null
    fi
    load=$(cat "$out/load-$c.json")
    field() { sed "s/.*\"$1\":\([0-9.]*\).*/\1/" <<<"$load"; }
    ratio=$(awk -v f="$(field ordersPerSecond)" -v t="$tps" 'BEGIN { printf "%.3f", (t > 0 ? f / t : 0) }')
    rows+=("| $c | $(field ordersPerSecond) | $(field p50Millis) | $(field p99Millis) | $(field maxMillis) | $(field errors) | $(field fulcrumCpuMillisPerOrder) | $(field postgresCpuMillisPerOrder) | $tps | ${tps_batch:-—} | $ratio | $load_before |")
    json_rows+=("{\"clients\":$c,\"fulcrum\":$load,\"pgbenchTps\":$tps${tps_batch:+,\"pgbenchBatch\":$batch,\"pgbenchBatchOrdersPerSecond\":$tps_batch},\"efficiency\":$ratio,\"loadAverage\":$load_before}")
    echo "clients=$c done: $(field ordersPerSecond) orders/s vs pgbench $tps tps" >&2
done

# Bulk path: a generic connection and a JSON Lines import of $import orders of the same shape.
import_json=null import_rate=""
if ((import > 0)); then
    connection=$(api POST /api/v1/channels/connections --data '{"type":"generic","name":"bench import"}' |
        sed 's/^{"id":"\([^"]*\)".*/\1/')
    "$JAVA" "$BENCH_ROOT/bench/LoadGenerator.java" --write-jsonl "$import" --out "$out/import.jsonl" --skus "$skus"
    started=$(api POST "/api/v1/imports?connectionId=$connection&format=jsonl" -H 'Content-Type: application/x-ndjson' \
        --data-binary @"$out/import.jsonl")
    id=$(sed 's/^{"id":"\([^"]*\)".*/\1/' <<<"$started")
    while sleep 1; do
        progress=$(api GET "/api/v1/imports/$id")
        grep -q '"status":"running"' <<<"$progress" || break
    done
    import_rate=$(python3 -c '
import json, sys, datetime
p = json.loads(sys.argv[1])
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print(round(p["ordersPlaced"] / (t(p["finishedAt"]) - t(p["startedAt"])).total_seconds(), 1))' "$progress")
    import_json="{\"orders\":$import,\"ordersPerSecond\":$import_rate,\"progress\":$progress}"
fi

echo
echo "| clients | orders/s | p50 ms | p99 ms | max ms | errors | Fulcrum CPU ms/order | PostgreSQL CPU ms/order | pgbench tps (1 order/tx) | pgbench orders/s (batch ${batch:-—}) | Fulcrum / pgbench | load avg |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
[[ -n "$import_rate" ]] && echo && echo "Bulk import (JSON Lines, $import orders): $import_rate orders/s"
json="{\"date\":\"$(date -u +%FT%TZ)\",\"cores\":$(nproc),\"readySeconds\":$READY_SECONDS,\"runs\":[$(IFS=,; echo "${json_rows[*]}")],\"import\":$import_json}"
echo
echo "$json" | tee "$out/b1.json"
