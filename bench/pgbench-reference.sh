#!/usr/bin/env bash
# The PostgreSQL limit for B1, measured on the same server as Fulcrum: a pgbench custom script performing the writes
# one order needs (insert the order, its lines, update the stock rows in a consistent order, append ledger, event and
# outbox rows) with a durable commit. With --batch N, N orders share one transaction, as Fulcrum's group commit does.
#
#   bench/pgbench-reference.sh --port 5432 --clients 16 --seconds 30 [--batch 1] [--user postgres] [--db fulcrum]
#
# Prints one line: "pgbench clients=16 batch=1 tps=2300.5 orders_per_second=2300.5".
set -euo pipefail

port=5432 clients=16 seconds=30 batch=1 user=postgres db=fulcrum host=localhost
while [[ $# -gt 0 ]]; do
    case "$1" in
        --port) port=$2 ;; --clients) clients=$2 ;; --seconds) seconds=$2 ;; --batch) batch=$2 ;;
        --user) user=$2 ;; --db) db=$2 ;; --host) host=$2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
if ! command -v pgbench >/dev/null; then
    echo "pgbench not found: install Debian's postgresql-contrib (or postgresql) package: apt-get install -y postgresql-contrib" >&2
    exit 3
fi
export PGPASSWORD=${PGPASSWORD:-} PGOPTIONS="-c client_min_messages=warning"
psql_() { psql -q -h "$host" -p "$port" -U "$user" -d "$db" -v ON_ERROR_STOP=1 "$@"; }

psql_ <<'SQL'
create schema if not exists bench_reference;
create table if not exists bench_reference.orders (tenant_id uuid not null, id uuid not null, channel text, external_id text,
    customer jsonb, shipping_address jsonb, total numeric(19,4), status text, created_at timestamptz default now(),
    primary key (tenant_id, id));
create table if not exists bench_reference.order_lines (tenant_id uuid not null, order_id uuid not null, line_no int not null,
    sku text, quantity int, unit_price numeric(19,4), primary key (tenant_id, order_id, line_no));
create table if not exists bench_reference.stock (tenant_id uuid not null, location_id text not null, sku text not null,
    on_hand int not null, reserved int not null, primary key (tenant_id, location_id, sku));
create table if not exists bench_reference.ledger (tenant_id uuid not null, id bigserial, location_id text, sku text,
    quantity int, order_id uuid, primary key (tenant_id, id));
create table if not exists bench_reference.events (tenant_id uuid not null, position bigserial, type text, order_id uuid,
    data jsonb, tx_id xid8 default pg_current_xact_id(), primary key (tenant_id, position));
create table if not exists bench_reference.outbox (tenant_id uuid not null, id uuid not null, listener text, event text,
    published timestamptz default now(), primary key (tenant_id, id));
insert into bench_reference.stock
    select '00000000-0000-0000-0000-000000000001', 'WH-1', 'SKU-' || g, 1000000000, 0 from generate_series(1, 50) g
    on conflict do nothing;
SQL

script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
    # Every order draws two SKUs out of 50. The stock rows a transaction touches are locked first, in SKU order, so
    # that concurrent transactions never deadlock (Fulcrum takes its row locks in one consistent order too).
    for ((i = 0; i < batch; i++)); do
        echo "\\set a$i random(1, 50)"
        echo "\\set b$i 1 + (:a$i + random(0, 48)) % 50"
    done
    echo "BEGIN;"
    skus=""
    for ((i = 0; i < batch; i++)); do
        skus+="${skus:+, }'SKU-' || :a$i, 'SKU-' || :b$i"
    done
    echo "SELECT 1 FROM bench_reference.stock WHERE tenant_id = '00000000-0000-0000-0000-000000000001' AND location_id = 'WH-1' AND sku = ANY (ARRAY[$skus]) ORDER BY sku FOR UPDATE;"
    for ((i = 0; i < batch; i++)); do
        cat <<EOS
INSERT INTO bench_reference.orders VALUES ('00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'web', 'B-' || :client_id || '-' || random(), '{"name": "王芳", "email": "wang@example.com"}', '{"city": "上海", "country": "CN"}', 113.00, 'allocated') RETURNING id AS order_id \\gset
INSERT INTO bench_reference.order_lines VALUES ('00000000-0000-0000-0000-000000000001', :order_id, 1, 'SKU-' || :a$i, 2, 59.00), ('00000000-0000-0000-0000-000000000001', :order_id, 2, 'SKU-' || :b$i, 1, 9.00);
UPDATE bench_reference.stock SET reserved = reserved + 2 WHERE tenant_id = '00000000-0000-0000-0000-000000000001' AND location_id = 'WH-1' AND sku = 'SKU-' || :a$i;
UPDATE bench_reference.stock SET reserved = reserved + 1 WHERE tenant_id = '00000000-0000-0000-0000-000000000001' AND location_id = 'WH-1' AND sku = 'SKU-' || :b$i;
INSERT INTO bench_reference.ledger (tenant_id, location_id, sku, quantity, order_id) VALUES ('00000000-0000-0000-0000-000000000001', 'WH-1', 'SKU-' || :a$i, 2, :order_id), ('00000000-0000-0000-0000-000000000001', 'WH-1', 'SKU-' || :b$i, 1, :order_id);
INSERT INTO bench_reference.events (tenant_id, type, order_id, data) VALUES ('00000000-0000-0000-0000-000000000001', 'order.placed', :order_id, '{"order": {}}'), ('00000000-0000-0000-0000-000000000001', 'order.allocated', :order_id, '{"order": {}}');
INSERT INTO bench_reference.outbox VALUES ('00000000-0000-0000-0000-000000000001', gen_random_uuid(), 'listener', '{}');
EOS
    done
    echo "COMMIT;"
} > "$script"

output=$(pgbench -n -M prepared -h "$host" -p "$port" -U "$user" -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" -T "$seconds" -f "$script" "$db" 2>&1)
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<< "$output" | head -n 1)
if [[ -z "$tps" ]]; then
    echo "$output" >&2
    exit 1
fi
orders=$(awk -v t="$tps" -v b="$batch" 'BEGIN { printf "%.1f", t * b }')
echo "pgbench clients=$clients batch=$batch tps=$tps orders_per_second=$orders"
