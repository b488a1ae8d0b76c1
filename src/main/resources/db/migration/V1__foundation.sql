-- Foundation: tenants and access, the order core, the public event log and the internal event publication registry.
-- Every table leads its primary key with tenant_id, and row-level security compares it with the transaction-local
-- setting fulcrum.tenant_id that the application sets at the start of every transaction.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'fulcrum_app') then
        create role fulcrum_app nologin nosuperuser nobypassrls;
    end if;
end
$$;
grant fulcrum_app to current_user;
grant usage on schema public to fulcrum_app;
alter default privileges in schema public grant select, insert, update, delete on tables to fulcrum_app;
alter default privileges in schema public grant usage, select on sequences to fulcrum_app;

create function fulcrum_current_tenant() returns uuid
    language sql stable
as $$ select nullif(current_setting('fulcrum.tenant_id', true), '')::uuid $$;

-- Tenants and access --------------------------------------------------------------------------------------------

create table tenants (
    tenant_id  uuid        not null,
    name       text        not null,
    created_at timestamptz not null,
    primary key (tenant_id)
);

create table users (
    tenant_id     uuid        not null,
    id            uuid        not null,
    username      text        not null,
    display_name  text        not null,
    password_hash text        not null,
    role          text        not null check (role in ('admin', 'operator', 'viewer')),
    created_at    timestamptz not null,
    primary key (tenant_id, id)
);
create unique index users_username_key on users (lower(username));

create table api_keys (
    tenant_id    uuid        not null,
    id           uuid        not null,
    name         text        not null,
    prefix       text        not null,
    secret_hash  text        not null,
    scopes       text[]      not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    revoked_at   timestamptz,
    primary key (tenant_id, id)
);
create unique index api_keys_prefix_key on api_keys (prefix);

create table audit_log (
    tenant_id   uuid        not null,
    id          uuid        not null,
    at          timestamptz not null,
    actor       text        not null,
    action      text        not null,
    target_type text        not null,
    target_id   text        not null,
    request_id  text        not null,
    details     jsonb       not null default '{}',
    primary key (tenant_id, id)
);
create index audit_log_by_target on audit_log (tenant_id, target_type, target_id, at);

create table idempotency_keys (
    tenant_id       uuid        not null,
    scope           text        not null,
    key             text        not null,
    request_hash    text        not null,
    response_status int         not null,
    response_body   jsonb       not null,
    created_at      timestamptz not null,
    primary key (tenant_id, scope, key)
);

-- Authentication happens before a tenant is known: these two lookups run as the owner, past row-level security,
-- and return only what authentication needs.
create function fulcrum_find_api_key(p_prefix text)
    returns table (tenant_id uuid, id uuid, name text, secret_hash text, scopes text[], revoked boolean)
    language sql stable security definer set search_path = public
as $$ select tenant_id, id, name, secret_hash, scopes, revoked_at is not null from api_keys where prefix = p_prefix $$;

create function fulcrum_find_user(p_username text)
    returns table (tenant_id uuid, id uuid, username text, display_name text, password_hash text, role text)
    language sql stable security definer set search_path = public
as $$ select tenant_id, id, username, display_name, password_hash, role from users where lower(username) = lower(p_username) $$;

grant execute on function fulcrum_find_api_key(text), fulcrum_find_user(text), fulcrum_current_tenant() to fulcrum_app;

-- Orders ----------------------------------------------------------------------------------------------------------

create table flows (
    tenant_id  uuid        not null,
    name       text        not null,
    version    int         not null,
    definition jsonb       not null,
    active     boolean     not null default false,
    created_at timestamptz not null,
    primary key (tenant_id, name, version)
);

create table orders (
    tenant_id        uuid          not null,
    id               uuid          not null,
    channel          text          not null,
    external_id      text          not null,
    currency         char(3)       not null,
    customer         jsonb         not null,
    customer_id      text,
    shipping_address jsonb         not null,
    billing_address  jsonb,
    payment          jsonb,
    notes            text,
    tags             text[]        not null default '{}',
    attributes       jsonb         not null default '{}',
    placed_at        timestamptz   not null,
    status           text          not null,
    status_code      smallint      not null,
    flow_name        text          not null,
    flow_version     int           not null,
    total_amount     numeric(19,4) not null,
    search_text      text          not null,
    event_seq        bigint        not null default 0,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    primary key (tenant_id, id)
);
create unique index orders_channel_external_key on orders (tenant_id, channel, external_id);
create index orders_by_placed on orders (tenant_id, placed_at desc, id desc);
create index orders_by_status on orders (tenant_id, status, placed_at desc);
create index orders_by_customer on orders (tenant_id, customer_id);
create index orders_by_tag on orders using gin (tags);

create table order_lines (
    tenant_id        uuid          not null,
    order_id         uuid          not null,
    line_no          int           not null,
    sku              text          not null,
    quantity         int           not null check (quantity > 0),
    unit_price       numeric(19,4) not null,
    discount         numeric(19,4) not null,
    tax              numeric(19,4) not null,
    allocated        int           not null default 0,
    shipped          int           not null default 0,
    delivered        int           not null default 0,
    cancelled        int           not null default 0,
    return_requested int           not null default 0,
    returned         int           not null default 0,
    primary key (tenant_id, order_id, line_no),
    check (shipped + cancelled <= quantity and delivered <= shipped and returned <= delivered)
);

create table order_holds (
    tenant_id uuid        not null,
    order_id  uuid        not null,
    hold_type text        not null,
    reason    text        not null,
    held_by   text        not null,
    held_at   timestamptz not null,
    primary key (tenant_id, order_id, hold_type)
);

-- Events ----------------------------------------------------------------------------------------------------------

-- The public event log. tx_id is the writing transaction's id: readers only return events of transactions older
-- than every transaction still running (pg_snapshot_xmin), so a reader following the cursor (tx_id, position) never
-- skips an event that commits after a later-numbered one.
create table public_events (
    tenant_id   uuid        not null,
    position    bigint      generated always as identity,
    id          uuid        not null,
    type        text        not null,
    order_id    uuid,
    order_seq   bigint,
    occurred_at timestamptz not null,
    data        jsonb       not null,
    tx_id       xid8        not null default pg_current_xact_id(),
    primary key (tenant_id, position)
);
create index public_events_by_commit on public_events (tenant_id, tx_id, position);
create index public_events_by_order on public_events (tenant_id, order_id, order_seq);

-- Spring Modulith's event publication registry (schema v2), with the tenant of the publishing transaction.
-- Infrastructure shared by all tenants: the registry resubmits incomplete publications across tenants at start-up,
-- so this table carries tenant_id but no row-level security.
create table event_publication (
    tenant_id              uuid        not null default coalesce(fulcrum_current_tenant(), '00000000-0000-0000-0000-000000000000'),
    id                     uuid        not null,
    listener_id            text        not null,
    event_type             text        not null,
    serialized_event       text        not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamptz,
    primary key (tenant_id, id)
);
create unique index event_publication_id_key on event_publication (id);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);

-- Row-level security ----------------------------------------------------------------------------------------------

do $$
declare
    t text;
begin
    foreach t in array array['tenants', 'users', 'api_keys', 'audit_log', 'idempotency_keys', 'flows', 'orders',
                             'order_lines', 'order_holds', 'public_events']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
                       'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;
