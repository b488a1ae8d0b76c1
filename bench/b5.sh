#!/usr/bin/env bash
# B5, crash drill: under load, kill -9 Fulcrum, start it again on the same data directory, and check that nothing
# acknowledged was lost, every event of those orders reached BOTH a webhook subscriber and Kafka at least once, no
# stock was reserved twice and the stock ledger sums equal the positions. Prints PASS/FAIL with counts; exit status 0
# on PASS.
#
#   bench/b5.sh [--clients 16] [--seconds 90] [--kill-after 30] [--port 18085] [--hook-port 18195]
#               [--kafka-port 19092] [--kafka-stall 3] [--out DIR]
#
# Processes, each started and stopped by its PID: a real single-node Kafka broker (KRaft, broker and controller in one
# JVM: `kafka.Kafka` from the kafka_2.13 jar on the Maven test classpath, storage formatted with
# `kafka.tools.StorageTool`, listener on --kafka-port, controller on --kafka-port + 1, 320 MiB heap);
# bench/KafkaRecorder.java (creates the topic fulcrum.events, 3 partitions, and follows it); bench/WebhookRecorder.java
# (a webhook subscriber to "*"); Fulcrum (`java -jar`, FULCRUM_KAFKA_BOOTSTRAP_SERVERS pointing at the broker); the
# load generator. Only Fulcrum is killed; the broker and the subscribers live on. After the restart and the catch-up,
# the topic is read again from offset 0 (KafkaRecorder dump) and the event ids found there are compared with the
# public_events rows of the acknowledged orders, as are the ids the webhook subscriber received.
#
# --kafka-stall S (default 3, 0 turns it off): the broker is stopped with SIGSTOP S seconds before the kill and resumed
# (SIGCONT) right after it, so Fulcrum dies with records sent to Kafka but not acknowledged and the relay's position
# behind them; the restarted relay must send them again (duplicates in the topic are expected, losses are not).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

clients=16 seconds=90 kill_after=30 port=18085 hook_port=18195 kafka_port=19092 kafka_stall=3 out="" skus=500
locations=10
topic=fulcrum.events
while [[ $# -gt 0 ]]; do
    case "$1" in
        --clients) clients=$2 ;; --seconds) seconds=$2 ;; --kill-after) kill_after=$2 ;; --port) port=$2 ;;
        --hook-port) hook_port=$2 ;; --kafka-port) kafka_port=$2 ;; --kafka-stall) kafka_stall=$2 ;;
        --out) out=$2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
command -v psql >/dev/null || { echo "psql not found: apt-get install -y postgresql-client" >&2; exit 3; }
out=${out:-$(mktemp -d /tmp/fulcrum-b5.XXXXXX)}
mkdir -p "$out"
data="$out/data"
rm -rf "$data" "$out/kafka" "$out/acked.txt" "$out/received.txt" "$out/kafka-followed.txt" "$out/kafka-topic.txt"
touch "$out/acked.txt" "$out/received.txt" "$out/kafka-followed.txt" "$out/kafka-topic.txt"
bootstrap=127.0.0.1:$kafka_port
export FULCRUM_PORT=$port FULCRUM_WEBHOOKS_ALLOWLIST=127.0.0.1,localhost FULCRUM_KAFKA_BOOTSTRAP_SERVERS=$bootstrap
HOOK_PID="" LOAD_PID="" KAFKA_PID="" FOLLOW_PID=""
stop_pid() { # stop_pid <pid>: SIGTERM, wait up to 20 s, then SIGKILL; only ever a PID this script started
    [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 0
    kill "$1" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}
cleanup() {
    [[ -n "$LOAD_PID" ]] && kill "$LOAD_PID" 2>/dev/null || true
    stop_fulcrum
    [[ -n "$HOOK_PID" ]] && kill "$HOOK_PID" 2>/dev/null || true
    stop_pid "$FOLLOW_PID"
    [[ -n "$KAFKA_PID" ]] && kill -CONT "$KAFKA_PID" 2>/dev/null || true
    stop_pid "$KAFKA_PID"
}
trap cleanup EXIT

# The Kafka broker and the Kafka recorder run from the Maven test classpath (spring-kafka-test brings kafka_2.13 and
# its server modules; kafka-clients and Jackson 2 are there too). Resolved once; again when pom.xml changes.
classpath_file="$BENCH_ROOT/target/test-classpath.txt"
if [[ ! -s "$classpath_file" || "$BENCH_ROOT/pom.xml" -nt "$classpath_file" ]]; then
    echo "resolving the test classpath (./mvnw dependency:build-classpath)..." >&2
    (cd "$BENCH_ROOT" && ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$classpath_file" \
        -Dmdep.includeScope=test) >&2
fi
kafka_cp=$(cat "$classpath_file")
mkdir -p "$out/kafka"
cat >"$out/kafka/logback.xml" <<'XML'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
XML
cat >"$out/kafka/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((kafka_port + 1))
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$((kafka_port + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$out/kafka/data
auto.create.topics.enable=false
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=1
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
PROPERTIES
# Light JVMs: they share two cores with Fulcrum, PostgreSQL and the load generator.
small_jvm=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-Dlogback.configurationFile=$out/kafka/logback.xml")
cluster_id=$("$JAVA" "${small_jvm[@]}" -Xmx64m -cp "$kafka_cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
"$JAVA" "${small_jvm[@]}" -Xmx128m -cp "$kafka_cp" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$out/kafka/server.properties" >"$out/kafka/format.log" 2>&1
"$JAVA" "${small_jvm[@]}" -Xms64m -Xmx320m -cp "$kafka_cp" kafka.Kafka "$out/kafka/server.properties" \
    >"$out/kafka/broker.log" 2>&1 &
KAFKA_PID=$!
deadline=$((SECONDS + 120))
until (exec 3<>"/dev/tcp/127.0.0.1/$kafka_port") 2>/dev/null; do
    kill -0 "$KAFKA_PID" 2>/dev/null || { echo "Kafka broker exited; log: $out/kafka/broker.log" >&2; tail -n 20 "$out/kafka/broker.log" >&2; exit 1; }
    ((SECONDS < deadline)) || { echo "Kafka broker not listening after 120 s" >&2; exit 1; }
    sleep 0.2
done
"$JAVA" "${small_jvm[@]}" -Xmx96m -cp "$kafka_cp" "$BENCH_ROOT/bench/KafkaRecorder.java" follow "$bootstrap" "$topic" \
    "$out/kafka-followed.txt" 2>"$out/kafka-recorder.log" &
FOLLOW_PID=$!
until grep -q '^following' "$out/kafka-recorder.log"; do # the topic exists before Fulcrum relays to it
    kill -0 "$FOLLOW_PID" 2>/dev/null || { echo "Kafka recorder exited; log: $out/kafka-recorder.log" >&2; tail -n 20 "$out/kafka-recorder.log" >&2; exit 1; }
    ((SECONDS < deadline)) || { echo "Kafka recorder not following after 120 s" >&2; exit 1; }
    sleep 0.2
done
echo "Kafka broker pid $KAFKA_PID on $bootstrap (KRaft, one node), topic $topic followed by pid $FOLLOW_PID" >&2

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
kafka_at_kill=$(wc -l <"$out/kafka-followed.txt")
if ((kafka_stall > 0)); then
    # Stall the broker (SIGSTOP) for a few seconds before the kill, so the relay is killed with records sent but not
    # acknowledged: the restarted relay must send them again from its last acknowledged position.
    kill -STOP "$KAFKA_PID"
    sleep "$kafka_stall"
fi
kill -9 "$FULCRUM_PID"
((kafka_stall > 0)) && kill -CONT "$KAFKA_PID"
orphan=$PG_PID
wait "$FULCRUM_PID" 2>/dev/null || true
orphan_alive_after_kill=$(kill -0 "$orphan" 2>/dev/null && echo yes || echo no)
echo "killed Fulcrum (kill -9) with $acked_at_kill orders acknowledged ($(wc -l <"$out/acked.txt") at the kill, after a" \
    "${kafka_stall}s Kafka stall) and $kafka_at_kill records read from Kafka before the stall;" \
    "its PostgreSQL (pid $orphan) still running: $orphan_alive_after_kill;" \
    "Kafka broker still running: $(kill -0 "$KAFKA_PID" 2>/dev/null && echo yes || echo no)" >&2
start_fulcrum "$data" "$port" "$out/fulcrum-2.log"
orphan_alive_after_restart=$(kill -0 "$orphan" 2>/dev/null && echo yes || echo no)
echo "restarted in ${READY_SECONDS}s: Fulcrum pid $FULCRUM_PID, PostgreSQL pid $PG_PID; old PostgreSQL still running: $orphan_alive_after_restart" >&2
wait "$LOAD_PID" || true
LOAD_PID=""
acked=$(wc -l <"$out/acked.txt")

psql_() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -t -A -h localhost -p "$PG_PORT" -U postgres -d fulcrum -v ON_ERROR_STOP=1 "$@"; }
load_files() { # load_files <file of Kafka ids>
    cat <<SQL
create temp table acked (order_id uuid, external_id text);
\\copy acked from '$out/acked.txt' with (format text, delimiter ' ')
create temp table received (event_id uuid);
\\copy received from '$out/received.txt'
create temp table in_kafka (event_id uuid);
\\copy in_kafka from '$1'
SQL
}
undelivered() { # prints "<not at the webhook> <not in Kafka>" for the events of acknowledged orders
    { load_files "$out/kafka-followed.txt"; echo "select
        count(*) filter (where not exists (select 1 from received r where r.event_id = e.id)),
        count(*) filter (where not exists (select 1 from in_kafka k where k.event_id = e.id))
        from public_events e join acked a on a.order_id = e.order_id;"; } | psql_ -F ' ' | tail -n 1
}
# Wait for the webhook subscriber and the Kafka follower to catch up (the dispatcher retries with back-off after the
# restart; the relay resumes from its last acknowledged position once it holds the lock again).
wait_started=$SECONDS caught_up="no (gave up after 240 s)"
while ((SECONDS - wait_started < 240)); do
    if [[ "$(undelivered)" == "0 0" ]]; then caught_up="$((SECONDS - wait_started)) s after the load ended"; break; fi
    sleep 2
done
stop_pid "$FOLLOW_PID"
FOLLOW_PID=""
# What the broker holds, read again from offset 0 of every partition: the Kafka figures below come from this read.
kafka_records=$("$JAVA" "${small_jvm[@]}" -Xmx96m -cp "$kafka_cp" "$BENCH_ROOT/bench/KafkaRecorder.java" dump \
    "$bootstrap" "$topic" "$out/kafka-topic.txt" 2>>"$out/kafka-recorder.log")

results=$({ load_files "$out/kafka-topic.txt"; cat <<'SQL'
select 'acked_distinct', count(distinct order_id) from acked;
select 'acked_found', count(distinct a.order_id) from acked a where exists (select 1 from orders o where o.id = a.order_id);
select 'acked_missing', count(*) from acked a where not exists (select 1 from orders o where o.id = a.order_id);
select 'orders_total', count(*) from orders;
select 'acked_incomplete_events', count(*) from (
    select a.order_id from (select distinct order_id from acked) a left join public_events e on e.order_id = a.order_id
    group by 1
    having count(*) filter (where e.type = 'order.placed') <> 1
        or count(*) filter (where e.type in ('order.allocated', 'order.backordered')) < 1
        or min(e.order_seq) <> 1 or max(e.order_seq) <> count(*) or count(distinct e.order_seq) <> count(*)) x;
select 'events_of_acked', count(*) from public_events e join acked a on a.order_id = e.order_id;
select 'events_webhook', count(*) from public_events e join acked a on a.order_id = e.order_id
    where exists (select 1 from received r where r.event_id = e.id);
select 'events_undelivered', count(*) from public_events e join acked a on a.order_id = e.order_id
    where not exists (select 1 from received r where r.event_id = e.id);
select 'events_delivered_more_than_once', count(*) from (select event_id from received group by 1 having count(*) > 1) d;
select 'events_kafka', count(*) from public_events e join acked a on a.order_id = e.order_id
    where exists (select 1 from in_kafka k where k.event_id = e.id);
select 'events_not_in_kafka', count(*) from public_events e join acked a on a.order_id = e.order_id
    where not exists (select 1 from in_kafka k where k.event_id = e.id);
select 'kafka_ids_repeated', count(*) from (select event_id from in_kafka group by 1 having count(*) > 1) d;
select 'kafka_ids_unknown', count(*) from (select distinct event_id from in_kafka) k
    where not exists (select 1 from public_events e where e.id = k.event_id);
select 'events_total', count(*) from public_events;
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
kafka_gone=$(kill -0 "$KAFKA_PID" 2>/dev/null && echo 0 || echo 1)

echo
echo "| check | count | expected |"
echo "|---|---:|---|"
echo "| orders acknowledged (2xx), $acked_at_kill before the Kafka stall and the kill | $acked | — |"
echo "| acknowledged orders found after restart | $(value acked_found) | $(value acked_distinct) (all) |"
echo "| acknowledged orders missing after restart | $(value acked_missing) | 0 |"
echo "| acknowledged orders whose events are incomplete (no order.placed, no sourcing outcome, a gap in ordersequence) | $(value acked_incomplete_events) | 0 |"
echo "| events of acknowledged orders (expected deliveries) | $(value events_of_acked) | — |"
echo "| of those, delivered to the webhook subscriber | $(value events_webhook) | $(value events_of_acked) (all) |"
echo "| of those, never delivered to the webhook | $(value events_undelivered) | 0 |"
echo "| of those, in Kafka topic $topic (read from offset 0) | $(value events_kafka) | $(value events_of_acked) (all) |"
echo "| of those, never delivered to Kafka | $(value events_not_in_kafka) | 0 |"
echo "| webhook: event ids delivered more than once (allowed: at least once) | $(value events_delivered_more_than_once) | — |"
echo "| Kafka: event ids present more than once (allowed: at least once) | $(value kafka_ids_repeated) | — |"
echo "| Kafka: records in the topic / ids not in the event log | ${kafka_records:-?} / $(value kafka_ids_unknown) | — / 0 |"
echo "| order/SKU reserved more than ordered | $(value orders_over_reserved) | 0 |"
echo "| reserve movements repeated for one order, location and SKU (double reservations) | $(value duplicate_reserve_movements) | 0 |"
echo "| positions whose on hand / reserved differ from the ledger sums | $(value positions_not_matching_ledger) | 0 |"
echo "| positions whose reserved differs from the reservations | $(value positions_not_matching_reservations) | 0 |"
echo "| orders without a reservation (informational) | $(value orders_without_reservation) | — |"
echo "| embedded PostgreSQL of the killed JVM still running after restart | $orphan_stopped | 0 |"
echo "| Kafka broker (pid $KAFKA_PID, separate process) gone after Fulcrum's kill | $kafka_gone | 0 |"
echo "(restart: ready in ${READY_SECONDS}s; webhook and Kafka caught up: $caught_up;" \
    "load generator: $(grep -o '"errors":[0-9]*' "$out/load.out" | head -n 1) during the outage; all events in the log: $(value events_total))"

fail=0
for k in acked_missing acked_incomplete_events events_undelivered events_not_in_kafka kafka_ids_unknown orders_over_reserved \
    duplicate_reserve_movements positions_not_matching_ledger positions_not_matching_reservations; do
    [[ "$(value "$k")" == 0 ]] || fail=1
done
((orphan_stopped == 0 && kafka_gone == 0)) || fail=1
((acked > 0)) || fail=1
if ((fail == 0)); then echo "B5 PASS"; else echo "B5 FAIL (details in $out)"; exit 1; fi
