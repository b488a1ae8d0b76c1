-- Carriers, rate cards, sourcing profiles (versioned), note tagger rules, customer delivery preferences, decisions.

create table carrier_services (
    tenant_id              uuid    not null,
    code                   text    not null,
    carrier                text    not null,
    service_level          text    not null,
    mode                   text    not null check (mode in ('road', 'rail', 'air', 'sea', 'courier')),
    temperature_controlled boolean not null default false,
    updated_at             timestamptz not null,
    primary key (tenant_id, code)
);

-- One row per lane and weight band. origin is a location id or '*'; destination matches by country, then region,
-- then postal prefix (null matches everything).
create table rate_cards (
    tenant_id            uuid           not null,
    id                   uuid           not null,
    carrier_code         text           not null,
    origin               text           not null,
    dest_country         text           not null,
    dest_region          text,
    dest_postal_prefix   text,
    min_kg               numeric(10, 3) not null,
    max_kg               numeric(10, 3) not null,
    rate_per_kg          numeric(12, 4) not null,
    minimum_charge       numeric(12, 4) not null,
    transit_days_typical int            not null,
    transit_days_p90     int            not null,
    emission_factor      double precision,
    primary key (tenant_id, id)
);
create index rate_cards_by_carrier on rate_cards (tenant_id, carrier_code);

create table sourcing_profiles (
    tenant_id    uuid        not null,
    name         text        not null,
    version      int         not null,
    status       text        not null check (status in ('draft', 'active', 'retired')),
    definition   jsonb       not null,
    created_at   timestamptz not null,
    activated_at timestamptz,
    primary key (tenant_id, name, version)
);
create unique index sourcing_profiles_one_active on sourcing_profiles (tenant_id) where status = 'active';

create table note_tag_rules (
    tenant_id uuid   not null,
    tag       text   not null,
    keywords  text[] not null,
    primary key (tenant_id, tag)
);

create table customer_delivery_preferences (
    tenant_id            uuid    not null,
    customer_id          text    not null,
    preferred_carrier    text,
    no_weekend_delivery  boolean not null default false,
    updated_at           timestamptz not null,
    primary key (tenant_id, customer_id)
);

-- The latest decision per order; earlier ones stay with superseded = true.
create table sourcing_decisions (
    tenant_id       uuid        not null,
    id              uuid        not null,
    order_id        uuid        not null,
    status          text        not null,
    profile_name    text        not null,
    profile_version int         not null,
    decision        jsonb       not null,
    superseded      boolean     not null default false,
    created_at      timestamptz not null,
    primary key (tenant_id, id)
);
create index sourcing_decisions_by_order on sourcing_decisions (tenant_id, order_id, created_at);

alter table carrier_services enable row level security;
create policy tenant_isolation on carrier_services using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table rate_cards enable row level security;
create policy tenant_isolation on rate_cards using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table sourcing_profiles enable row level security;
create policy tenant_isolation on sourcing_profiles using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table note_tag_rules enable row level security;
create policy tenant_isolation on note_tag_rules using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table customer_delivery_preferences enable row level security;
create policy tenant_isolation on customer_delivery_preferences using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
alter table sourcing_decisions enable row level security;
create policy tenant_isolation on sourcing_decisions using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
