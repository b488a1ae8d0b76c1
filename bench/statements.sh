#!/usr/bin/env bash
# The SQL statements Fulcrum runs per order: starts the jar with JdbcTemplate's statement log on, seeds a small
# catalogue, warms up with two wrk clients, then logs what one client's orders run for 4 s and prints each distinct
# statement (first 110 characters) with its count and the number of orders placed. Compare two builds with
# FULCRUM_JAR=<jar> bench/statements.sh <out dir> for each.
#
#   bench/statements.sh /tmp/statements-head
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out=${1:?"usage: bench/statements.sh <out dir>"}
port=${PORT:-18181}
command -v wrk >/dev/null || { echo "wrk not found: 'apt-get install -y wrk'" >&2; exit 3; }
rm -rf "$out"
mkdir -p "$out"
export FULCRUM_PORT=$port
start_fulcrum "$out/data" "$port" "$out/fulcrum.log" -Dlogging.level.org.springframework.jdbc.core=DEBUG
trap stop_fulcrum EXIT
seed_catalogue 200 3
wrk -t1 -c2 -d6s -s "$BENCH_ROOT/bench/orders.lua" "http://localhost:$port" -- "$BENCH_KEY" warm 4 2 200 >/dev/null
sleep 1
start=$(wc -l <"$out/fulcrum.log")
wrk -t1 -c1 -d4s -s "$BENCH_ROOT/bench/orders.lua" "http://localhost:$port" -- "$BENCH_KEY" measured 2 1 200 \
    >"$out/wrk.out"
sleep 2
tail -n +"$start" "$out/fulcrum.log" >"$out/measured.log"
orders=$(grep -oE '[0-9]+ requests in' "$out/wrk.out" | cut -d' ' -f1)
statements=$(grep -c 'Executing prepared SQL statement\|Executing SQL batch update' "$out/measured.log" || true)
echo "orders placed: $orders; statements logged: $statements ($(awk -v s="$statements" -v o="$orders" \
    'BEGIN { printf "%.1f", s / o }') per order; a JDBC batch logs twice)"
grep -oE 'Executing (prepared SQL statement|SQL batch update) \[[^]]{0,110}' "$out/measured.log" |
    sed 's/Executing //' | sort | uniq -c | sort -rn
