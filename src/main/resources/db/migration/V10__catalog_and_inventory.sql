-- Catalogue items, locations, stock positions and the append-only stock movement ledger.
-- Positions are derived: on_hand and reserved of a position always equal the sums of its movements' deltas.

create table items (
    tenant_id            uuid        not null,
    sku                  text        not null,
    name                 text        not null,
    weight_grams         int         not null default 0,
    length_mm            int,
    width_mm             int,
    height_mm            int,
    temperature          text        not null default 'ambient' check (temperature in ('ambient', 'chilled', 'frozen')),
    hazardous            boolean     not null default false,
    restricted_countries text[]      not null default '{}',
    category             text,
    returnable           boolean     not null default true,
    updated_at           timestamptz not null,
    primary key (tenant_id, sku)
);

create table locations (
    tenant_id                 uuid        not null,
    id                        text        not null,
    name                      text        not null,
    type                      text        not null check (type in ('warehouse', 'store', 'supplier')),
    latitude                  double precision not null,
    longitude                 double precision not null,
    country                   text        not null,
    region                    text,
    postal_code               text,
    time_zone                 text        not null,
    capabilities              text[]      not null default '{}',
    daily_order_capacity      int,
    handling_cost_per_order   numeric(12, 4) not null default 0,
    handling_cost_per_unit    numeric(12, 4) not null default 0,
    processing_hours          int         not null default 0,
    cutoff_time               time        not null default '16:00',
    working_days              text[]      not null default '{MON,TUE,WED,THU,FRI}',
    holidays                  date[]      not null default '{}',
    assortment                text[],
    attributes                jsonb       not null default '{}',
    active                    boolean     not null default true,
    stock_as_of               timestamptz,
    updated_at                timestamptz not null,
    primary key (tenant_id, id)
);

create table stock_positions (
    tenant_id    uuid        not null,
    location_id  text        not null,
    sku          text        not null,
    on_hand      int         not null default 0,
    reserved     int         not null default 0,
    safety_stock int         not null default 0,
    updated_at   timestamptz not null,
    primary key (tenant_id, location_id, sku),
    check (reserved >= 0)
);
create index stock_positions_by_sku on stock_positions (tenant_id, sku);

create table stock_movements (
    tenant_id      uuid        not null,
    id             uuid        not null,
    location_id    text        not null,
    sku            text        not null,
    kind           text        not null check (kind in ('receive', 'adjust', 'snapshot', 'reserve', 'release', 'ship', 'restock')),
    on_hand_delta  int         not null,
    reserved_delta int         not null,
    reason         text,
    order_id       uuid,
    at             timestamptz not null,
    actor          text        not null,
    primary key (tenant_id, id)
);
create index stock_movements_by_position on stock_movements (tenant_id, location_id, sku, at);
create index stock_movements_by_order on stock_movements (tenant_id, order_id) where order_id is not null;

-- What each order holds at each location; expires_at is set while the order waits for payment.
create table reservations (
    tenant_id   uuid        not null,
    order_id    uuid        not null,
    location_id text        not null,
    sku         text        not null,
    quantity    int         not null check (quantity > 0),
    expires_at  timestamptz,
    created_at  timestamptz not null,
    primary key (tenant_id, order_id, location_id, sku)
);
create index reservations_expiring on reservations (expires_at) where expires_at is not null;

-- Orders (shipments) a location has taken on one local day, against its daily order capacity.
create table location_daily_load (
    tenant_id   uuid not null,
    location_id text not null,
    day         date not null,
    orders      int  not null default 0,
    primary key (tenant_id, location_id, day)
);

-- The expiry job must find work across tenants without seeing their rows.
create function fulcrum_tenants_with_expired_reservations(now timestamptz) returns setof uuid
    language sql stable security definer set search_path = public
as $$ select distinct tenant_id from reservations where expires_at is not null and expires_at <= now $$;
grant execute on function fulcrum_tenants_with_expired_reservations(timestamptz) to fulcrum_app;

alter table items enable row level security;
create policy tenant_isolation on items using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table locations enable row level security;
create policy tenant_isolation on locations using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table stock_positions enable row level security;
create policy tenant_isolation on stock_positions using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table stock_movements enable row level security;
create policy tenant_isolation on stock_movements using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table reservations enable row level security;
create policy tenant_isolation on reservations using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table location_daily_load enable row level security;
create policy tenant_isolation on location_daily_load using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
