-- The order pulse (issue 15, ADR 0143): per tenant, metric, dimension (a channel, or '' for the whole tenant) and
-- minute, what happened in that minute; windows are aggregated on read. Latency figures keep a histogram over fixed
-- bounds (PulseHistogram) so that percentiles of any window can be read from the sum of its minutes. Written only by
-- the pulse job, never at intake; rows older than 90 days are pruned. Owned by the pulse module.
create table pulse_minutes (
    tenant_id uuid             not null,
    metric    text             not null,
    dimension text             not null,
    minute    timestamptz      not null,
    count     bigint           not null,
    total     double precision not null default 0,
    buckets   bigint[],
    primary key (tenant_id, metric, dimension, minute)
);
create index pulse_minutes_by_minute on pulse_minutes (tenant_id, minute);
alter table pulse_minutes enable row level security;
create policy tenant_isolation on pulse_minutes using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- Which instance computes a tenant's pulse: the claim is a lease (claimed_until), taken with SKIP LOCKED, so exactly
-- one instance computes a tenant's minutes at a time; computed_through says where the next computation starts.
create table pulse_progress (
    tenant_id        uuid        not null primary key,
    claimed_until    timestamptz not null,
    claimed_by       text,
    computed_through timestamptz
);
alter table pulse_progress enable row level security;
create policy tenant_isolation on pulse_progress using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- What a downstream system says an order's status is (POST /api/v1/orders/{id}/acknowledgements): the latest report
-- per system and order. A status that differs from Fulcrum's counts against consistency.
create table pulse_acknowledgements (
    tenant_id   uuid        not null,
    order_id    uuid        not null,
    system      text        not null,
    status      text        not null,
    at          timestamptz not null,
    received_at timestamptz not null,
    primary key (tenant_id, order_id, system)
);
create index pulse_acknowledgements_by_received on pulse_acknowledgements (tenant_id, received_at);
alter table pulse_acknowledgements enable row level security;
create policy tenant_isolation on pulse_acknowledgements using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- A tenant's alert rules as one document (absent: the shipped defaults), and the alerts they raised and cleared.
create table pulse_alert_rules (
    tenant_id  uuid        not null primary key,
    rules      jsonb       not null,
    updated_at timestamptz not null,
    updated_by text        not null
);
alter table pulse_alert_rules enable row level security;
create policy tenant_isolation on pulse_alert_rules using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

create table pulse_alerts (
    tenant_id    uuid             not null,
    id           uuid             not null,
    rule_id      text             not null,
    metric       text             not null,
    channel      text,
    comparison   text             not null check (comparison in ('above', 'below')),
    threshold    double precision not null,
    window_text  text             not null,
    status       text             not null check (status in ('raised', 'cleared')),
    raised_value double precision not null,
    last_value   double precision,
    raised_at    timestamptz      not null,
    cleared_at   timestamptz,
    primary key (tenant_id, id)
);
create unique index pulse_alerts_one_raised on pulse_alerts (tenant_id, rule_id) where status = 'raised';
create index pulse_alerts_by_time on pulse_alerts (tenant_id, raised_at desc);
alter table pulse_alerts enable row level security;
create policy tenant_isolation on pulse_alerts using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- The pulse reads recent rows of tables other modules write, through query methods of those modules. BRIN indexes
-- on their append-ordered timestamps cost intake next to nothing (no per-row index entry); partial indexes cover
-- only rows a dispatcher later marks delivered or dead, which intake inserts without.
create index orders_created_brin on orders using brin (created_at);
create index order_changes_at_brin on order_changes using brin (at);
create index sourcing_decisions_created_brin on sourcing_decisions using brin (created_at);
create index webhook_deliveries_delivered on webhook_deliveries (tenant_id, delivered_at) where delivered_at is not null;
create index webhook_deliveries_dead on webhook_deliveries (tenant_id, dead_at) where dead_at is not null;

-- The tenants whose orders changed since p_since, past row-level security: which tenants the pulse job computes.
-- Owned by the order module (OrderFigures).
create function fulcrum_tenants_with_order_changes_since(p_since timestamptz) returns setof uuid
    language sql stable security definer set search_path = public
as $$ select distinct tenant_id from order_changes where at >= p_since $$;
grant execute on function fulcrum_tenants_with_order_changes_since(timestamptz) to fulcrum_app;

-- Claims for p_lease those of p_candidates (and of the tenants with a raised alert) that no instance holds, creating
-- their progress rows; returns each claimed tenant with where its last computation ended.
create function fulcrum_claim_pulse_tenants(p_candidates uuid[], p_now timestamptz, p_lease interval, p_by text)
    returns table (tenant_id uuid, computed_through timestamptz)
    language sql volatile security definer set search_path = public
as $$
    insert into pulse_progress (tenant_id, claimed_until)
    select t.c, '-infinity'::timestamptz
    from (select unnest(p_candidates) as c
          union select a.tenant_id from pulse_alerts a where a.status = 'raised') t
    on conflict do nothing;
    update pulse_progress p set claimed_until = p_now + p_lease, claimed_by = p_by
    from (select q.tenant_id from pulse_progress q
          where (q.tenant_id = any(p_candidates)
                 or exists (select 1 from pulse_alerts a where a.tenant_id = q.tenant_id and a.status = 'raised'))
            and q.claimed_until <= p_now
          for update skip locked) due
    where p.tenant_id = due.tenant_id
    returning p.tenant_id, p.computed_through;
$$;
grant execute on function fulcrum_claim_pulse_tenants(uuid[], timestamptz, interval, text) to fulcrum_app;
