-- Risk at intake (issue 13). Owned by the risk module: no other module reads these tables.

-- Velocity counters kept incrementally: one row per (kind, value, bucket), upserted once per placed batch. Minute
-- buckets serve the one-hour windows, hour buckets the 24-hour windows. Values are normalised (lower-case e-mail,
-- digits of a phone, a hash of the address) before they are counted.
create table risk_counters (
    tenant_id    uuid          not null,
    kind         text          not null,
    value        text          not null,
    bucket       char(1)       not null check (bucket in ('m', 'h')),
    bucket_start timestamptz   not null,
    orders       int           not null,
    amount       numeric(20, 4) not null,
    primary key (tenant_id, kind, value, bucket, bucket_start)
);

-- Which customers were seen on a device, an IP address or a shipping address: distinct customers per value.
create table risk_links (
    tenant_id  uuid        not null,
    kind       text        not null,
    value      text        not null,
    customer   text        not null,
    first_seen timestamptz not null,
    primary key (tenant_id, kind, value, customer)
);

-- A customer's own history, for "amount against the customer's history" and "first order".
create table risk_customers (
    tenant_id      uuid           not null,
    customer       text           not null,
    orders         int            not null,
    amount         numeric(20, 4) not null,
    first_order_at timestamptz    not null,
    primary key (tenant_id, customer)
);

-- One assessment per order: score 0-100, decision, the features it was computed from and its explanation.
create table risk_assessments (
    tenant_id      uuid        not null,
    order_id       uuid        not null,
    assessed_at    timestamptz not null,
    score          int         not null check (score between 0 and 100),
    decision       text        not null check (decision in ('accept', 'review', 'reject')),
    model_version  text        not null,
    policy_version int         not null,
    features       jsonb       not null,
    explanation    jsonb       not null,
    -- The order's normalised values, for the review page's related orders (same customer, device, IP, address).
    customer       text,
    device         text,
    ip             text,
    address        text,
    primary key (tenant_id, order_id)
);
create index risk_assessments_newest_first on risk_assessments (tenant_id, assessed_at desc);
create index risk_assessments_by_customer on risk_assessments (tenant_id, customer, assessed_at desc);
create index risk_assessments_by_device on risk_assessments (tenant_id, device, assessed_at desc);
create index risk_assessments_by_ip on risk_assessments (tenant_id, ip, assessed_at desc);
create index risk_assessments_by_address on risk_assessments (tenant_id, address, assessed_at desc);

-- Allow and deny lists. A value of kind ip may be a CIDR block.
create table risk_lists (
    tenant_id  uuid        not null,
    kind       text        not null check (kind in ('email', 'email-domain', 'phone', 'device', 'ip', 'address',
                                                    'customer', 'card-bin')),
    value      text        not null,
    list       text        not null check (list in ('allow', 'deny')),
    reason     text        not null,
    expires_at timestamptz,
    created_at timestamptz not null,
    created_by text        not null,
    primary key (tenant_id, kind, value)
);

-- Versioned risk policies: drafts, the active one, and the ones it replaced.
create table risk_policies (
    tenant_id    uuid        not null,
    version      int         not null check (version > 0),
    status       text        not null check (status in ('draft', 'active', 'retired')),
    policy       jsonb       not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    activated_at timestamptz,
    primary key (tenant_id, version)
);
create unique index risk_policies_one_active on risk_policies (tenant_id) where status = 'active';

-- Review cases: one per order sent to review; decided by a person or, past its SLA, by the policy.
create table risk_reviews (
    tenant_id     uuid        not null,
    id            uuid        not null,
    order_id      uuid        not null,
    status        text        not null check (status in ('open', 'approved', 'rejected')),
    score         int         not null,
    opened_at     timestamptz not null,
    due_at        timestamptz not null,
    escalated_at  timestamptz,
    claimed_until timestamptz,
    decided_at    timestamptz,
    decided_by    text,
    reason        text,
    primary key (tenant_id, id)
);
create unique index risk_reviews_by_order on risk_reviews (tenant_id, order_id);
create index risk_reviews_open_by_due on risk_reviews (tenant_id, due_at) where status = 'open';

-- Outcomes learned after the fact (fraud, chargeback, legitimate): what a learned score is trained on.
create table risk_outcomes (
    tenant_id   uuid        not null,
    order_id    uuid        not null,
    outcome     text        not null check (outcome in ('fraud', 'chargeback', 'legitimate')),
    recorded_at timestamptz not null,
    recorded_by text        not null,
    primary key (tenant_id, order_id)
);

do $$
declare
    t text;
begin
    foreach t in array array['risk_counters', 'risk_links', 'risk_customers', 'risk_assessments', 'risk_lists',
                             'risk_policies', 'risk_reviews', 'risk_outcomes']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;

-- The SLA job runs for every tenant at once, past row-level security: claims up to p_limit open cases past their due
-- time that nobody holds (or whose claim lapsed) for p_lease. SKIP LOCKED lets several instances claim side by side.
create function fulcrum_claim_due_risk_reviews(p_now timestamptz, p_lease interval, p_limit int)
    returns table (tenant_id uuid, id uuid, order_id uuid)
    language sql volatile security definer set search_path = public
as $$ update risk_reviews r set claimed_until = p_now + p_lease
      from (select v.tenant_id, v.id from risk_reviews v
            where v.status = 'open' and v.due_at <= p_now and v.escalated_at is null
              and (v.claimed_until is null or v.claimed_until <= p_now)
            order by v.due_at limit p_limit for update skip locked) due
      where r.tenant_id = due.tenant_id and r.id = due.id
      returning r.tenant_id, r.id, r.order_id $$;
grant execute on function fulcrum_claim_due_risk_reviews(timestamptz, interval, int) to fulcrum_app;
