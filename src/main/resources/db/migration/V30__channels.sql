-- Channel intake: connections, the channel orders they produced (dedupe identity and raw payloads), webhook delivery
-- dedupe, quarantine, bulk imports, merge groups, shipment groups and outbound status deliveries.

create table channel_connections (
    tenant_id            uuid        not null,
    id                   uuid        not null,
    type                 text        not null check (type in ('shopify', 'woocommerce', 'amazon', 'generic')),
    name                 text        not null,
    channel              text        not null,
    secret               text,
    signature_header     text,
    mapping              text,
    default_currency     char(3),
    default_tags         text[]      not null default '{}',
    merge_window_minutes int,
    outbound_base_url    text,
    outbound_token       text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    primary key (tenant_id, id)
);
create unique index channel_connections_channel_key on channel_connections (tenant_id, channel);

-- Webhooks arrive before a tenant is known: this lookup runs as the owner, past row-level security, and returns only
-- what verifying the signature needs.
create function fulcrum_find_channel_connection(p_id uuid)
    returns table (tenant_id uuid, type text, name text, secret text, signature_header text)
    language sql stable security definer set search_path = public
as $$ select tenant_id, type, name, secret, signature_header from channel_connections where id = p_id $$;
grant execute on function fulcrum_find_channel_connection(uuid) to fulcrum_app;

-- One row per channel order: the dedupe identity (tenant, connection, external id) and what intake knows about it.
create table channel_orders (
    tenant_id      uuid        not null,
    connection_id  uuid        not null,
    external_id    text        not null,
    order_id       uuid        not null,
    content_hash   text        not null,
    customer_key   text,
    address_key    text,
    line_refs      jsonb       not null default '[]',
    received_at    timestamptz not null,
    updated_at     timestamptz not null,
    primary key (tenant_id, connection_id, external_id)
);
create unique index channel_orders_by_order on channel_orders (tenant_id, order_id);
create index channel_orders_for_merge on channel_orders (tenant_id, customer_key, address_key, received_at);

-- Every payload a channel sent about an order, as received, oldest first.
create table channel_payloads (
    tenant_id     uuid        not null,
    order_id      uuid        not null,
    seq           int         not null,
    connection_id uuid        not null,
    topic         text        not null,
    content_type  text,
    body          text        not null,
    received_at   timestamptz not null,
    primary key (tenant_id, order_id, seq)
);

create table channel_deliveries (
    tenant_id     uuid        not null,
    connection_id uuid        not null,
    delivery_id   text        not null,
    topic         text        not null,
    received_at   timestamptz not null,
    primary key (tenant_id, connection_id, delivery_id)
);

create table quarantine (
    tenant_id         uuid        not null,
    id                uuid        not null,
    connection_id     uuid        not null,
    source            text        not null,
    topic             text        not null,
    external_id       text,
    content_type      text,
    body              text        not null,
    reasons           jsonb       not null,
    status            text        not null check (status in ('open', 'reprocessed', 'discarded')),
    received_at       timestamptz not null,
    resolved_at       timestamptz,
    resolved_by       text,
    resolution_reason text,
    order_id          uuid,
    primary key (tenant_id, id)
);
create index quarantine_open on quarantine (tenant_id, status, received_at desc);

create table channel_imports (
    tenant_id     uuid        not null,
    id            uuid        not null,
    connection_id uuid        not null,
    format        text        not null,
    status        text        not null check (status in ('running', 'completed', 'failed')),
    rows_read     bigint      not null default 0,
    orders_read   bigint      not null default 0,
    orders_placed bigint      not null default 0,
    duplicates    bigint      not null default 0,
    updated       bigint      not null default 0,
    quarantined   bigint      not null default 0,
    error         text,
    created_by    text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    primary key (tenant_id, id)
);

create table merge_groups (
    tenant_id    uuid        not null,
    id           uuid        not null,
    customer_key text        not null,
    address_key  text        not null,
    created_at   timestamptz not null,
    undone_at    timestamptz,
    undone_by    text,
    primary key (tenant_id, id)
);

create table merge_group_members (
    tenant_id uuid        not null,
    group_id  uuid        not null,
    order_id  uuid        not null,
    added_at  timestamptz not null,
    primary key (tenant_id, group_id, order_id)
);
create index merge_group_members_by_order on merge_group_members (tenant_id, order_id);

create table shipment_groups (
    tenant_id uuid   not null,
    order_id  uuid   not null,
    group_no  int    not null,
    group_key text   not null,
    line_nos  int[]  not null,
    primary key (tenant_id, order_id, group_no)
);

create table outbound_deliveries (
    tenant_id       uuid        not null,
    id              uuid        not null,
    connection_id   uuid        not null,
    order_id        uuid        not null,
    kind            text        not null,
    method          text        not null,
    url             text        not null,
    body            text        not null,
    status          text        not null check (status in ('pending', 'delivered', 'dead')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    primary key (tenant_id, id)
);
create index outbound_deliveries_due on outbound_deliveries (next_attempt_at) where status = 'pending';

-- The relay serves every tenant: it finds due deliveries past row-level security, then works on each inside its tenant.
create function fulcrum_due_outbound_deliveries(p_now timestamptz, p_limit int)
    returns table (tenant_id uuid, id uuid)
    language sql stable security definer set search_path = public
as $$ select tenant_id, id from outbound_deliveries where status = 'pending' and next_attempt_at <= p_now
      order by next_attempt_at limit p_limit $$;
grant execute on function fulcrum_due_outbound_deliveries(timestamptz, int) to fulcrum_app;

do $$
declare
    t text;
begin
    foreach t in array array['channel_connections', 'channel_orders', 'channel_payloads', 'channel_deliveries',
        'quarantine', 'channel_imports', 'merge_groups', 'merge_group_members', 'shipment_groups', 'outbound_deliveries']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;
