-- Event backbone: the Kafka relay's position, webhook subscriptions and their delivery queue, API usage per day.

-- The relay reads the public event log of every tenant in commit order. Its position is infrastructure shared by all
-- tenants (like event_publication), so this table has no tenant and no row-level security; see ADR 0031.
create table event_relay_positions (
    name        text        not null,
    tx_id       xid8        not null default '0',
    position    bigint      not null default 0,
    relayed_by  text,
    updated_at  timestamptz,
    primary key (name)
);

create index public_events_by_commit_all on public_events (tx_id, position);
create index public_events_by_type_time on public_events (tenant_id, type, occurred_at);
create index public_events_by_time on public_events (tenant_id, occurred_at);
create unique index public_events_by_id on public_events (tenant_id, id);

-- Reads the public event log of all tenants after (tx, position), only from transactions older than every running
-- one. Runs as the owner, past row-level security: the relay is the one reader that serves every tenant.
create function fulcrum_relay_read(p_tx xid8, p_position bigint, p_limit int)
    returns table (tenant_id uuid, "position" bigint, id uuid, type text, order_id uuid, order_seq bigint,
                   occurred_at timestamptz, data jsonb, tx_id xid8)
    language sql stable security definer set search_path = public
as $$
    select e.tenant_id, e.position, e.id, e.type, e.order_id, e.order_seq, e.occurred_at, e.data, e.tx_id
    from public_events e
    where (e.tx_id, e.position) > (p_tx, p_position) and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
    order by e.tx_id, e.position
    limit p_limit
$$;

create table webhook_subscriptions (
    tenant_id             uuid        not null,
    id                    uuid        not null,
    url                   text        not null,
    event_types           text[]      not null,
    filter                text,
    fields                text[]      not null default '{}',
    personal_data         text[]      not null default '{}',
    secret                text        not null,
    previous_secret       text,
    previous_secret_until timestamptz,
    status                text        not null default 'active' check (status in ('active', 'paused')),
    failing_since         timestamptz,
    paused_at             timestamptz,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    primary key (tenant_id, id)
);

-- One row per (subscription, event): the queue the dispatcher works through. seq keeps the order events were
-- enqueued in; a pending delivery waits while an earlier one with the same ordering_key (the order id) is pending.
create table webhook_deliveries (
    tenant_id       uuid        not null,
    id              uuid        not null,
    seq             bigint      generated always as identity,
    subscription_id uuid        not null,
    event_position  bigint      not null,
    event_id        uuid        not null,
    event_type      text        not null,
    ordering_key    text        not null,
    status          text        not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
    attempts        int         not null default 0,
    first_attempt_at timestamptz,
    next_attempt_at timestamptz not null,
    last_status     int,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    dead_at         timestamptz,
    primary key (tenant_id, id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_key on webhook_deliveries (tenant_id, subscription_id, ordering_key, seq)
    where status = 'pending';
create index webhook_deliveries_by_subscription on webhook_deliveries (tenant_id, subscription_id, seq desc);
create index webhook_deliveries_by_delivered on webhook_deliveries (tenant_id, delivered_at) where status = 'delivered';

create table webhook_attempts (
    tenant_id        uuid        not null,
    delivery_id      uuid        not null,
    attempt          int         not null,
    attempted_at     timestamptz not null,
    succeeded        boolean     not null,
    status_code      int,
    latency_ms       int         not null,
    response_excerpt text,
    error            text,
    primary key (tenant_id, delivery_id, attempt)
);
create index webhook_attempts_by_time on webhook_attempts (tenant_id, attempted_at) where not succeeded;

-- The dispatcher works tenant by tenant inside each tenant's row-level security; this lists the tenants with work due.
create function fulcrum_tenants_with_due_deliveries(p_now timestamptz)
    returns setof uuid
    language sql stable security definer set search_path = public
as $$ select distinct tenant_id from webhook_deliveries where status = 'pending' and next_attempt_at <= p_now $$;

create function fulcrum_next_due_delivery() returns timestamptz
    language sql stable security definer set search_path = public
as $$ select min(next_attempt_at) from webhook_deliveries where status = 'pending' $$;

grant execute on function fulcrum_relay_read(xid8, bigint, int), fulcrum_tenants_with_due_deliveries(timestamptz),
    fulcrum_next_due_delivery() to fulcrum_app;

-- API calls per tenant, day, key and endpoint (the usage meter flushes its in-memory counts here).
create table api_usage_daily (
    tenant_id uuid   not null,
    day       date   not null,
    api_key   text   not null,
    endpoint  text   not null,
    calls     bigint not null,
    primary key (tenant_id, day, api_key, endpoint)
);

do $$
declare
    t text;
begin
    foreach t in array array['webhook_subscriptions', 'webhook_deliveries', 'webhook_attempts', 'api_usage_daily']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
                       'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;
