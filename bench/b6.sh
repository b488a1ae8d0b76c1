#!/usr/bin/env bash
# B6, footprint: time from `java -jar` to ready (readiness probe answers 200) on an existing database, median of
# several starts; resident memory of the JVM (VmRSS) at idle (ready + 10 s) and the peak under B1 load (16 clients);
# PostgreSQL's processes separately (sum of Pss, so shared buffers count once; RSS sum also shown).
#
#   bench/b6.sh [--runs 3] [--load-seconds 30] [--port 18086] [--out DIR] [--java-opts "-XX:... -Xss..."] [--cds|--aot]
#
# --aot: the documented production start (docs/guide/running.md): `bin/aot-cache.sh` extracts the jar and records
# the JDK's ahead-of-time cache in a training start (until ready, a few requests) on a throw-away database; the
# starts measured here use the command it prints (`java -XX:AOTCache=.../fulcrum.aot -Xms64m -jar .../fulcrum.jar`).
#
# --cds: extracts the jar (`java -Djarmode=tools -jar fulcrum.jar extract`), records a class data sharing archive in a
# training start (`-XX:ArchiveClassesAtExit`, `-Dspring.context.exit=onRefresh`), and measures starts that use it
# (`-XX:SharedArchiveFile`).
#
# Goals: ready <= 5 s, JVM <= 400 MiB resident at idle.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

runs=3 load_seconds=30 port=18086 out="" java_opts="" cds=0 aot=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --cds) cds=1; shift; continue ;;
        --aot) aot=1; shift; continue ;;
        --runs) runs=$2 ;; --load-seconds) load_seconds=$2 ;; --port) port=$2 ;; --out) out=$2 ;; --java-opts) java_opts=$2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
out=${out:-$(mktemp -d /tmp/fulcrum-b6.XXXXXX)}
mkdir -p "$out"
data="$out/data"
export FULCRUM_PORT=$port
trap stop_fulcrum EXIT

pss_tree_kib() {
    local total=0 pid
    for pid in $1 $(pgrep -P "$1" 2>/dev/null); do
        total=$((total + $(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

if [[ ! -d "$data/postgres" ]]; then
    echo "creating the database (first start, migrations, 2,000 SKUs x 30 locations)..." >&2
    start_fulcrum "$data" "$port" "$out/first.log"
    seed_catalogue 2000 30
    stop_fulcrum
fi

if ((cds == 1)); then
    rm -rf "$out/extracted"
    "$JAVA" -Djarmode=tools -jar "$(fulcrum_jar)" extract --destination "$out/extracted" >/dev/null
    export FULCRUM_JAR
    FULCRUM_JAR=$(ls "$out"/extracted/*.jar | head -n 1)
    echo "training the CDS archive..." >&2
    FULCRUM_DATA_DIR="$data" FULCRUM_DEMO_ENABLED=false PORT="$port" "$JAVA" -XX:ArchiveClassesAtExit="$out/fulcrum.jsa" \
        -Dspring.context.exit=onRefresh -jar "$FULCRUM_JAR" >"$out/cds-training.log" 2>&1 || true
    java_opts="-XX:SharedArchiveFile=$out/fulcrum.jsa $java_opts"
fi
if ((aot == 1)); then
    # the options of the start command the script prints: java <options> -jar <dir>/fulcrum.jar
    start_command=$("$BENCH_ROOT/bin/aot-cache.sh" "$(fulcrum_jar)" "$out/app")
    export FULCRUM_JAR=$out/app/fulcrum.jar
    start_options=${start_command#java }
    java_opts="${start_options% -jar *} $java_opts"
fi
times=() loads=()
for ((i = 1; i <= runs; i++)); do
    # shellcheck disable=SC2086
    start_fulcrum "$data" "$port" "$out/start-$i.log" $java_opts
    spring=$(sed -n 's/.*Started FulcrumApplication in \([0-9.]*\) seconds.*/\1/p' "$out/start-$i.log" | head -n 1)
    times+=("$READY_SECONDS")
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    echo "start $i: ready after ${READY_SECONDS}s (Spring: ${spring}s), load average ${loads[-1]}" >&2
    if ((i < runs)); then stop_fulcrum; fi
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')

sleep 10
idle_jvm=$(rss_kib "$FULCRUM_PID") idle_pg_pss=$(pss_tree_kib "$PG_PID") idle_pg_rss=$(rss_tree_kib "$PG_PID")
"$JAVA" "$BENCH_ROOT/bench/LoadGenerator.java" --url "http://localhost:$port" --key "$BENCH_KEY" --clients 16 \
    --seconds "$load_seconds" --warmup 5 --fulcrum-pid "$FULCRUM_PID" --postgres-pids "$PG_PID" \
    --json "$out/load.json" >/dev/null 2>&1 &
load_pid=$!
peak_jvm=0 peak_pg_pss=0 peak_pg_rss=0
while kill -0 "$load_pid" 2>/dev/null; do
    v=$(rss_kib "$FULCRUM_PID"); ((v > peak_jvm)) && peak_jvm=$v
    v=$(pss_tree_kib "$PG_PID"); ((v > peak_pg_pss)) && peak_pg_pss=$v
    v=$(rss_tree_kib "$PG_PID"); ((v > peak_pg_rss)) && peak_pg_rss=$v
    sleep 1
done
wait "$load_pid" || true
rate=$(sed 's/.*"ordersPerSecond":\([0-9.]*\).*/\1/' "$out/load.json")

echo
echo "| measure | value | goal |"
echo "|---|---:|---|"
echo "| ready after \`java -jar\` ${java_opts:+($java_opts) }on an existing database, median of $runs (${times[*]}) | ${median} s | ≤ 5 s |"
echo "| JVM resident at idle (ready + 10 s) | $(mib "$idle_jvm") MiB | ≤ 400 MiB |"
echo "| JVM resident, peak under B1 load (16 clients, $rate orders/s) | $(mib "$peak_jvm") MiB | — |"
echo "| PostgreSQL at idle: Pss sum (RSS sum) | $(mib "$idle_pg_pss") MiB ($(mib "$idle_pg_rss") MiB) | — |"
echo "| PostgreSQL under load, peak: Pss sum (RSS sum) | $(mib "$peak_pg_pss") MiB ($(mib "$peak_pg_rss") MiB) | — |"
echo "{\"readySecondsMedian\":$median,\"readySeconds\":[$(IFS=,; echo "${times[*]}")],\"loadAverages\":[$(IFS=,; echo "${loads[*]}")],\"idleJvmMiB\":$(mib "$idle_jvm"),\"loadJvmMiB\":$(mib "$peak_jvm"),\"idlePostgresPssMiB\":$(mib "$idle_pg_pss"),\"loadPostgresPssMiB\":$(mib "$peak_pg_pss"),\"loadOrdersPerSecond\":$rate,\"javaOpts\":\"$java_opts\"}" | tee "$out/b6.json"
