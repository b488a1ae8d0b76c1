#!/usr/bin/env bash
# B1, order intake: Fulcrum's orders/s, p50/p99/max, errors and CPU per order at 1, 16 and 64 clients, next to the
# PostgreSQL limit (pgbench, same writes per order, same client count, same server, same run), plus the bulk import rate.
#
#   bench/b1.sh                       # full run: 10 s warm-up + 30 s per client count, 10,000-order import
#   bench/b1.sh --quick               # 3 s warm-up + 10 s per client count, 2,000-order import
#   options: --clients "1 16 64" --seconds 30 --warmup 10 --import 10000 --batch N (extra pgbench at N orders per
#            transaction) --jfr 16 (JFR recording during the run at 16 clients) --port 18080 --out DIR --java-opts "..."
#            --driver wrk|java (default wrk when installed, else java) --wrk-threads 1
#
# Load drivers. wrk (Debian package wrk 4.1: 'apt-get install -y wrk') runs bench/orders.lua: the same orders as the
# Java generator, about 0.1 ms of CPU per order against 1.5-4 ms for bench/LoadGenerator.java (Java HttpClient),
# which matters on two cores shared with Fulcrum and PostgreSQL. One wrk thread (-t1) drives all the connections;
# each client count gets a warm-up run and a measured run, and the CPU of Fulcrum, PostgreSQL (postmaster and
# backends, /proc/<pid>/stat) and wrk itself (the shell's `times`) is read around the measured run. wrk's latency
# percentiles come from its own histogram of every answer, which wrk corrects for coordinated omission (a slow answer
# also counts for the requests it held back), so its p99 is usually above the raw one the Java generator reports.
# After each client count the orders acknowledged with 2xx (warm-up + measured) are compared with the orders created
# in the database (psql); the table is followed by that check.
#
# Builds the jar if missing, starts `java -jar` on a fresh data directory (embedded PostgreSQL, demo off, a known
# bootstrap API key), seeds 2,000 SKUs and 30 locations with stock through the API, runs, prints a markdown table and
# JSON (also written to DIR/b1.json), then stops what it started (by PID).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

clients="1 16 64" seconds=30 warmup=10 import=10000 batch="" jfr="" port=18080 out="" java_opts="" skus=2000 locations=30
driver="" wrk_threads=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) seconds=10 warmup=3 import=2000; shift; continue ;;
        --clients) clients=$2 ;; --seconds) seconds=$2 ;; --warmup) warmup=$2 ;; --import) import=$2 ;;
        --batch) batch=$2 ;; --jfr) jfr=$2 ;; --port) port=$2 ;; --out) out=$2 ;; --java-opts) java_opts=$2 ;;
        --skus) skus=$2 ;; --locations) locations=$2 ;; --driver) driver=$2 ;; --wrk-threads) wrk_threads=$2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
if ! command -v pgbench >/dev/null || ! command -v psql >/dev/null; then
    echo "pgbench/psql not found. The reference needs them: on Debian/Ubuntu 'apt-get install -y postgresql-contrib'" \
        "(or 'postgresql', which brings pgbench and psql)." >&2
    exit 3
fi
if [[ -z "$driver" ]]; then
    if command -v wrk >/dev/null; then
        driver=wrk
    else
        driver=java
        echo "wrk not found, so the Java load generator drives the load; it costs 1.5-4 ms of CPU per order on the" \
            "cores Fulcrum uses (wrk about 0.1 ms): 'apt-get install -y wrk' for the light driver." >&2
    fi
fi
case "$driver" in
    java) ;;
    wrk)
        if ! command -v wrk >/dev/null; then
            echo "wrk not found: on Debian/Ubuntu 'apt-get install -y wrk' (4.1), or run with --driver java." >&2
            exit 3
        fi ;;
    *) echo "--driver is java or wrk, not $driver" >&2; exit 2 ;;
esac
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

# Orders placed by the load drivers so far (externalId B-...; the import's are I-...), read from the embedded database.
bench_orders() {
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -t -A -h localhost -p "$PG_PORT" -U postgres -d fulcrum \
        -c "select count(*) from orders where external_id like 'B-%'"
}
# User + system CPU clock ticks of the processes (fields 14 and 15 of /proc/<pid>/stat, after the command name),
# as LoadGenerator.cpuSeconds reads them; a process that ended is not counted.
cpu_ticks() {
    local pid
    for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null || true; done |
        awk '{ sub(/^.*\) /, ""); total += $12 + $13 } END { print total + 0 }'
}
postgres_pids() { # the postmaster and its descendants (the backends)
    local pid child
    for pid in "$@"; do
        echo "$pid"
        for child in $(pgrep -P "$pid" 2>/dev/null || true); do postgres_pids "$child"; done
    done
}
# wrk_run <clients> <seconds> <output file>: one wrk run of bench/orders.lua that sends orders for <seconds> and
# then waits 2 s for the answers in flight; sets WRK_RESULT (the script's JSON line) and WRK_CPU_SECONDS (wrk's own
# user + system time, from the subshell's `times`).
wrk_run() {
    local c=$1 s=$2 file=$3 run t=$((wrk_threads < $1 ? wrk_threads : $1))
    run=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
    (wrk "-t$t" "-c$c" "-d$((s + 2))s" --latency --timeout 10s -s "$BENCH_ROOT/bench/orders.lua" \
        "http://localhost:$port" -- "$BENCH_KEY" "$run" "$s" "$c" "$skus" SKU- >"$file" 2>&1; times) |
        tail -n 1 >"$file.times"
    WRK_RESULT=$(grep '^{"driver":"wrk"' "$file") || { echo "wrk failed, see $file:" >&2; cat "$file" >&2; return 1; }
    WRK_CPU_SECONDS=$(awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] } } END { print total }' "$file.times")
}
# wrk_load <clients>: warm-up, then the measured run with the CPU of Fulcrum, PostgreSQL and wrk around it; prints
# the JSON the Java generator prints (same fields, plus the wrk ones) and sets WRK_ACKNOWLEDGED (2xx of both runs).
wrk_load() {
    local c=$1 warm_ok=0 ticks fulcrum_before postgres_before orders
    ticks=$(getconf CLK_TCK)
    if ((warmup > 0)); then
        wrk_run "$c" "$warmup" "$out/wrk-warmup-$c.out"
        warm_ok=$(sed 's/.*"orders":\([0-9]*\).*/\1/' <<<"$WRK_RESULT")
        echo "warm-up: $warm_ok orders, $(sed 's/.*"errors":\([0-9]*\).*/\1/' <<<"$WRK_RESULT") errors" >&2
    fi
    fulcrum_before=$(cpu_ticks "$FULCRUM_PID")
    # shellcheck disable=SC2046
    postgres_before=$(cpu_ticks $(postgres_pids "$PG_PID"))
    wrk_run "$c" "$seconds" "$out/wrk-$c.out"
    local fulcrum_cpu=$(($(cpu_ticks "$FULCRUM_PID") - fulcrum_before))
    # shellcheck disable=SC2046
    local postgres_cpu=$(($(cpu_ticks $(postgres_pids "$PG_PID")) - postgres_before))
    orders=$(sed 's/.*"orders":\([0-9]*\).*/\1/' <<<"$WRK_RESULT")
    WRK_ACKNOWLEDGED=$((warm_ok + orders))
    awk -v j="$WRK_RESULT" -v n="$orders" -v f="$fulcrum_cpu" -v p="$postgres_cpu" -v g="$WRK_CPU_SECONDS" -v hz="$ticks" 'BEGIN {
        if (n > 0) { f = f * 1000 / hz / n; p = p * 1000 / hz / n; g = g * 1000 / n } else { f = p = g = 0 }
        sub(/,"firstErrors"/, sprintf(",\"fulcrumCpuMillisPerOrder\":%.2f,\"postgresCpuMillisPerOrder\":%.2f,\"generatorCpuMillisPerOrder\":%.2f,\"firstErrors\"", f, p, g), j)
        print j }'
}

rows=() json_rows=() checks=()
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
    created_before=$(bench_orders)
    if [[ "$driver" == wrk ]]; then
        wrk_load "$c" >"$out/load-$c.json" 2>"$out/load-$c.err"
        acknowledged=$WRK_ACKNOWLEDGED
    else
        "$JAVA" "$BENCH_ROOT/bench/LoadGenerator.java" --url "http://localhost:$port" --key "$BENCH_KEY" --clients "$c" \
            --seconds "$seconds" --warmup "$warmup" --skus "$skus" --fulcrum-pid "$FULCRUM_PID" --postgres-pids "$PG_PID" \
            --json "$out/load-$c.json" >/dev/null 2>"$out/load-$c.err"
        acknowledged=$(($(sed -n 's/^warm-up: \([0-9]*\) orders.*/\1/p' "$out/load-$c.err") + $(sed 's/.*"orders":\([0-9]*\).*/\1/' "$out/load-$c.json")))
    fi
    created=$(($(bench_orders) - created_before))
    if [[ "$c" == "$jfr" ]]; then
        jcmd "$FULCRUM_PID" JFR.stop name=b1 >/dev/null
    fi
    load=$(cat "$out/load-$c.json")
    field() { sed "s/.*\"$1\":\([0-9.]*\).*/\1/" <<<"$load"; }
    ratio=$(awk -v f="$(field ordersPerSecond)" -v t="$tps" 'BEGIN { printf "%.3f", (t > 0 ? f / t : 0) }')
    rows+=("| $c | $(field ordersPerSecond) | $(field p50Millis) | $(field p99Millis) | $(field maxMillis) | $(field errors) | $(field fulcrumCpuMillisPerOrder) | $(field postgresCpuMillisPerOrder) | $tps | ${tps_batch:-—} | $ratio | $load_before |")
    checks+=("clients=$c: $acknowledged orders acknowledged with 2xx (warm-up and measured), $created created in the database$([[ $acknowledged == "$created" ]] && echo ", equal" || echo " - MISMATCH")")
    json_rows+=("{\"clients\":$c,\"fulcrum\":$load,\"ordersAcknowledged\":$acknowledged,\"ordersCreated\":$created,\"pgbenchTps\":$tps${tps_batch:+,\"pgbenchBatch\":$batch,\"pgbenchBatchOrdersPerSecond\":$tps_batch},\"efficiency\":$ratio,\"loadAverage\":$load_before}")
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
echo
echo "Load driver: $driver$([[ $driver == wrk ]] && echo " ($(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), -t$wrk_threads)"). Orders check:"
printf '  %s\n' "${checks[@]}"
json="{\"date\":\"$(date -u +%FT%TZ)\",\"cores\":$(nproc),\"driver\":\"$driver\",\"readySeconds\":$READY_SECONDS,\"runs\":[$(IFS=,; echo "${json_rows[*]}")],\"import\":$import_json}"
echo
echo "$json" | tee "$out/b1.json"
