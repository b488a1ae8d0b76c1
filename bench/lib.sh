# Shared helpers for the bench/*.sh scripts (sourced, not run). Processes are started and stopped by PID only: other
# people's processes run on the same machine, so nothing here kills by name or pattern.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
BENCH_KEY=${BENCH_KEY:-fk_benchkey_benchbenchbenchbenchbenchbench}

# Builds the jar when it is missing (or when FORCE_BUILD=1) and prints its path.
fulcrum_jar() {
    local jar
    jar=$(ls "$BENCH_ROOT"/target/fulcrum-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
    if [[ -z "$jar" || "${FORCE_BUILD:-0}" == 1 ]]; then
        echo "building the jar (./mvnw -q -DskipTests package)..." >&2
        (cd "$BENCH_ROOT" && ./mvnw -q -B -DskipTests package) >&2
        jar=$(ls "$BENCH_ROOT"/target/fulcrum-*.jar | grep -v plain | head -n 1)
    fi
    echo "$jar"
}

# start_fulcrum <data dir> <port> <log file> [extra JVM options...]: starts `java -jar` in the background, sets
# FULCRUM_PID, waits until /actuator/health/readiness answers 200 (sets READY_SECONDS), then sets PG_PORT and PG_PID
# from the embedded server's postmaster.pid.
start_fulcrum() {
    local data=$1 port=$2 log=$3
    shift 3
    local jar=${FULCRUM_JAR:-}
    [[ -n "$jar" ]] || jar=$(fulcrum_jar)
    local started
    started=$(date +%s.%N)
    FULCRUM_DATA_DIR="$data" FULCRUM_DEMO_ENABLED=false FULCRUM_BOOTSTRAP_API_KEY="$BENCH_KEY" \
        FULCRUM_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-password PORT="$port" \
        FULCRUM_WEBHOOKS_ALLOWLIST="${FULCRUM_WEBHOOKS_ALLOWLIST:-}" \
        FULCRUM_KAFKA_BOOTSTRAP_SERVERS="${FULCRUM_KAFKA_BOOTSTRAP_SERVERS:-}" \
        "$JAVA" "$@" -jar "$jar" >"$log" 2>&1 &
    FULCRUM_PID=$!
    local deadline=$((SECONDS + 180))
    until curl -fs -o /dev/null "http://localhost:$port/actuator/health/readiness"; do
        if ! kill -0 "$FULCRUM_PID" 2>/dev/null; then
            echo "Fulcrum exited during start-up; log: $log" >&2
            tail -n 30 "$log" >&2
            return 1
        fi
        if ((SECONDS > deadline)); then
            echo "Fulcrum not ready after 180 s; log: $log" >&2
            return 1
        fi
        sleep 0.05
    done
    READY_SECONDS=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
    PG_PID=$(head -n 1 "$data/postgres/postmaster.pid")
    PG_PORT=$(sed -n 4p "$data/postgres/postmaster.pid")
}

# stop_fulcrum: SIGTERM to the JVM we started (it stops its embedded PostgreSQL), then waits for both to be gone.
stop_fulcrum() {
    if [[ -n "${FULCRUM_PID:-}" ]] && kill -0 "$FULCRUM_PID" 2>/dev/null; then
        kill "$FULCRUM_PID" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$FULCRUM_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$FULCRUM_PID" 2>/dev/null && kill -9 "$FULCRUM_PID" 2>/dev/null
    fi
    if [[ -n "${PG_PID:-}" ]] && kill -0 "$PG_PID" 2>/dev/null; then
        for _ in $(seq 1 100); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$PG_PID" 2>/dev/null && kill -INT "$PG_PID" 2>/dev/null   # fast shutdown of the postmaster we started
    fi
    FULCRUM_PID=
}

api() { # api <method> <path> [curl args...]
    local method=$1 path=$2
    shift 2
    curl -fsS -X "$method" "http://localhost:$FULCRUM_PORT$path" -H "Authorization: Bearer $BENCH_KEY" \
        -H 'Content-Type: application/json' "$@"
}

# seed_catalogue <skus> <locations>: items SKU-00001.., locations WH-01.. in Chinese cities, stock on every SKU.
seed_catalogue() {
    local skus=$1 locations=$2
    local cities=("上海 SH 31.23 121.47" "北京 BJ 39.90 116.40" "广州 GD 23.13 113.26" "深圳 GD 22.54 114.06"
        "杭州 ZJ 30.27 120.15" "成都 SC 30.57 104.07" "武汉 HB 30.59 114.31" "西安 SN 34.34 108.94"
        "南京 JS 32.06 118.80" "重庆 CQ 29.56 106.55" "天津 TJ 39.08 117.20" "苏州 JS 31.30 120.58"
        "郑州 HA 34.75 113.62" "长沙 HN 28.23 112.94" "沈阳 LN 41.80 123.43")
    api POST /api/v1/items/bulk --data-binary @<(awk -v n="$skus" 'BEGIN {
        printf "{\"items\":["; for (i = 1; i <= n; i++) printf "%s{\"sku\":\"SKU-%05d\",\"name\":\"Bench item %d\",\"weightGrams\":%d}", (i > 1 ? "," : ""), i, i, 100 + i % 900;
        printf "]}" }') >/dev/null
    local positions
    positions=$(awk -v n="$skus" 'BEGIN { printf "["; for (i = 1; i <= n; i++) printf "%s{\"sku\":\"SKU-%05d\",\"onHand\":100000000}", (i > 1 ? "," : ""), i; printf "]" }')
    for ((l = 1; l <= locations; l++)); do
        local city=(${cities[$(((l - 1) % ${#cities[@]}))]})
        local id
        id=$(printf 'WH-%02d' "$l")
        local lat lon
        lat=$(awk -v a="${city[2]}" -v l="$l" 'BEGIN { printf "%.4f", a + (l % 7) * 0.05 }')
        lon=$(awk -v a="${city[3]}" -v l="$l" 'BEGIN { printf "%.4f", a + (l % 5) * 0.05 }')
        api PUT "/api/v1/locations/$id" --data-binary "{\"name\":\"${city[0]} 仓 $l\",\"type\":\"warehouse\",\"latitude\":$lat,\"longitude\":$lon,\"country\":\"CN\",\"region\":\"${city[1]}\",\"timeZone\":\"Asia/Shanghai\",\"workingDays\":[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"]}" >/dev/null
        api PUT "/api/v1/locations/$id/stock" --data-binary "{\"asOf\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"positions\":$positions}" >/dev/null
    done
}

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# Sum of VmRSS of a process and its descendants (PostgreSQL's postmaster and backends).
rss_tree_kib() {
    local total=0 pid
    for pid in $1 $(pgrep -P "$1" 2>/dev/null); do
        total=$((total + $(rss_kib "$pid")))
    done
    echo "$total"
}
