#!/usr/bin/env bash
# B5, crash drill: under load, kill -9 Fulcrum, start it again on the same data directory, and check that nothing
# acknowledged was lost, every event of those orders reached the webhook subscriber at least once, no stock was
# reserved twice and the stock ledger sums equal the positions. Prints PASS/FAIL with counts; exit status 0 on PASS.
#
#   bench/b5.sh [--clients 16] [--seconds 90] [--kill-after 30] [--port 18085] [--out DIR]
#
# Kafka: no broker is started here; the relay's delivery to Kafka is measured by B2 (bench/b2.sh, in-JVM KRaft) and
# covered by the relay's tests. This drill checks the webhook path, which reads the same event log with the same
# at-least-once cursor.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

clients=16 seconds=90 kill_after=30 port=18085 hook_port=18195 out="" skus=500 locations=10
while [[ $# -gt 0 ]]; do
    case "$1" in
        --clients) clients=$2 ;; --seconds) seconds=$2 ;; --kill-after) kill_after=$2 ;; --port) port=$2 ;;
        --hook-port) hook_port=$2 ;; --out) out=$2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
command -v psql >/dev/null || { echo "psql not found: apt-get install -y postgresql-client" >&2; exit 3; }
out=${out:-$(mktemp -d /tmp/fulcrum-b5.XXXXXX)}
mkdir -p "$out"
data="$out/data"
rm -rf "$data" "$out/acked.txt" "$out/received.txt"
touch "$out/acked.txt" "$out/received.txt"
export FULCRUM_PORT=$port FULCRUM_WEBHOOKS_ALLOWLIST=127.0.0.1,localhost
HOOK_PID="" LOAD_PID=""
cleanup() {
    [[ -n "$LOAD_PID" ]] && kill "$LOAD_PID" 2>/dev/null || true
    stop_fulcrum
    [[ -n "$HOOK_PID" ]] && kill "$HOOK_PID" 2>/dev/null || true
}
trap cleanup EXIT

"$JAVA" "$BENCH_ROOT/bench/WebhookRecorder.java" "$hook_port" "$out/received.txt" 2>"$out/hook.log" &
HOOK_PID=$!
start_fulcrum "$data" "$port" "$out/fulcrum-1.log"
seed_catalogue "$skus" "$locations"
api POST /api/v1/subscriptions --data "{\"url\":\"http://127.0.0.1:$hook_port/hook\",\"eventTypes\":[\"*\"]}" >/dev/null
echo "Fulcrum pid $FULCRUM_PID, PostgreSQL pid $PG_PID; load: $clients clients for ${seconds}s, kill -9 after ${kill_after}s" >&2

"$JAVA" "$BENCH_ROOT/bench/LoadGenerator.java" --url "http://localhost:$port" --key "$BENCH_KEY" --clients "$clients" \
    --seconds "$seconds" --warmup 0 --skus "$skus" --acked "$out/acked.txt" >"$out/load.out" 2>&1 &
LOAD_PID=$!
sleep "$kill_after"
acked_at_kill=$(wc -l <"$out/acked.txt")
if ((acked_at_kill == 0)); then
    # Nothing acknowledged yet: keep the evidence of what the JVM is doing before it is killed.
    jcmd "$FULCRUM_PID" Thread.dump_to_file -format=text "$out/threads-before-kill.txt" >/dev/null 2>&1 || true
    echo "no order acknowledged before the kill: thread dump in $out/threads-before-kill.txt" >&2
fi
kill -9 "$FULCRUM_PID"
orphan=$PG_PID
wait "$FULCRUM_PID" 2>/dev/null || true
orphan_alive_after_kill=$(kill -0 "$orphan" 2>/dev/null && echo yes || echo no)
echo "killed Fulcrum (kill -9) with $acked_at_kill orders acknowledged; its PostgreSQL (pid $orphan) still running: $orphan_alive_after_kill" >&2
start_fulcrum "$data" "$port" "$out/fulcrum-2.log"
orphan_alive_after_restart=$(kill -0 "$orphan" 2>/dev/null && echo yes || echo no)
echo "restarted in ${READY_SECONDS}s: Fulcrum pid $FULCRUM_PID, PostgreSQL pid $PG_PID; old PostgreSQL still running: $orphan_alive_after_restart" >&2
wait "$LOAD_PID" || true
LOAD_PID=""
acked=$(wc -l <"$out/acked.txt")

psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -t -A -h localhost -p "$PG_PORT" -U postgres -d fulcrum -v ON_ERROR_STOP=1 "$@"; }
load_files() {
    cat <<SQL
create temp table acked (order_id uuid, external_id text);
\\copy acked from '$out/acked.txt' with (format text, delimiter ' ')
create temp table received (event_id uuid);
\\copy received from '$out/received.txt'
SQL
}
undelivered() {
    { load_files; echo "select count(*) from public_events e join acked a on a.order_id = e.order_id
        where not exists (select 1 from received r where r.event_id = e.id);"; } | psql_ | tail -n 1
}
# Wait for the subscriber to catch up (the dispatcher retries with back-off after the restart).
for _ in $(seq 1 120); do
    [[ "$(undelivered)" == 0 ]] && break
    sleep 2
done

results=$({ load_files; cat <<'SQL'
select 'acked_missing', count(*) from acked a where not exists (select 1 from orders o where o.id = a.order_id);
select 'acked_distinct', count(distinct order_id) from acked;
select 'orders_total', count(*) from orders;
select 'events_of_acked', count(*) from public_events e join acked a on a.order_id = e.order_id;
select 'events_undelivered', count(*) from public_events e join acked a on a.order_id = e.order_id
    where not exists (select 1 from received r where r.event_id = e.id);
select 'events_delivered_more_than_once', count(*) from (select event_id from received group by 1 having count(*) > 1) d;
select 'orders_over_reserved', count(*) from (
    select r.order_id, r.sku from reservations r group by 1, 2
    having sum(r.quantity) > (select coalesce(sum(l.quantity), 0) from order_lines l where l.order_id = r.order_id and l.sku = r.sku)) o;
select 'duplicate_reserve_movements', count(*) from (
    select order_id, location_id, sku from stock_movements where kind = 'reserve' group by 1, 2, 3 having count(*) > 1) d;
select 'positions_not_matching_ledger', count(*) from stock_positions p
    left join (select tenant_id, location_id, sku, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
               from stock_movements group by 1, 2, 3) m using (tenant_id, location_id, sku)
    where p.on_hand <> coalesce(m.on_hand, 0) or p.reserved <> coalesce(m.reserved, 0);
select 'positions_not_matching_reservations', count(*) from stock_positions p
    left join (select tenant_id, location_id, sku, sum(quantity) as q from reservations group by 1, 2, 3) r
    using (tenant_id, location_id, sku) where p.reserved <> coalesce(r.q, 0);
select 'orders_without_reservation', count(*) from orders o where not exists (select 1 from reservations r where r.order_id = o.id);
SQL
} | psql_ -F ' ')
value() { awk -v k="$1" '$1 == k { print $2 }' <<<"$results"; }
orphan_stopped=$([[ "$orphan_alive_after_restart" == no ]] && echo 0 || echo 1)

echo
echo "| check | count | expected |"
echo "|---|---:|---|"
echo "| orders acknowledged (2xx), $acked_at_kill before the kill | $acked | — |"
echo "| acknowledged orders missing after restart | $(value acked_missing) | 0 |"
echo "| events of acknowledged orders | $(value events_of_acked) | — |"
echo "| of those, never delivered to the webhook | $(value events_undelivered) | 0 |"
echo "| events delivered more than once (allowed) | $(value events_delivered_more_than_once) | — |"
echo "| order/SKU reserved more than ordered | $(value orders_over_reserved) | 0 |"
echo "| reserve movements repeated for one order, location and SKU | $(value duplicate_reserve_movements) | 0 |"
echo "| positions whose on hand / reserved differ from the ledger sums | $(value positions_not_matching_ledger) | 0 |"
echo "| positions whose reserved differs from the reservations | $(value positions_not_matching_reservations) | 0 |"
echo "| orders without a reservation (informational) | $(value orders_without_reservation) | — |"
echo "| embedded PostgreSQL of the killed JVM still running after restart | $orphan_stopped | 0 |"
echo "(restart: ready in ${READY_SECONDS}s; load generator: $(grep -o '"errors":[0-9]*' "$out/load.out" | head -n 1) during the outage)"

fail=0
for k in acked_missing events_undelivered orders_over_reserved duplicate_reserve_movements positions_not_matching_ledger \
    positions_not_matching_reservations; do
    [[ "$(value "$k")" == 0 ]] || fail=1
done
((orphan_stopped == 0)) || fail=1
((acked > 0)) || fail=1
if ((fail == 0)); then echo "B5 PASS"; else echo "B5 FAIL (details in $out)"; exit 1; fi
