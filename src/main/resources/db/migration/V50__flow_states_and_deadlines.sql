-- Custom flow states: an order in a state its flow declares for itself (balance_due, awaiting_approval) keeps the
-- state's name here; null means the order's state follows its line ledger and payment, as in the standard flow.
alter table orders add column flow_state text;

-- Each instance checks the tenant's active flow versions with this cheap read instead of trusting a local map.
create index flows_active on flows (tenant_id) include (name, version) where active;

-- Deadlines of flow states: entering a state with a deadline schedules its action; leaving the state first cancels
-- it. A deadline fires once: the job claims due rows for a while (claimed_until) and marks them fired in the same
-- transaction as the action it runs.
create table flow_deadlines (
    tenant_id     uuid        not null,
    order_id      uuid        not null,
    state         text        not null,
    action        text        not null,
    due_at        timestamptz not null,
    claimed_until timestamptz,
    fired_at      timestamptz,
    outcome       text,
    primary key (tenant_id, order_id, state, action)
);
create index flow_deadlines_due on flow_deadlines (due_at) where fired_at is null;

alter table flow_deadlines enable row level security;
create policy tenant_isolation on flow_deadlines using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- The deadline job runs for every tenant at once, past row-level security: claims up to p_limit due deadlines that
-- nobody holds (or whose claim lapsed) for p_lease, in one statement. SKIP LOCKED lets several instances claim side by
-- side without waiting for each other or claiming the same row.
create function fulcrum_claim_due_flow_deadlines(p_now timestamptz, p_lease interval, p_limit int)
    returns table (tenant_id uuid, order_id uuid, state text, action text, due_at timestamptz)
    language sql volatile security definer set search_path = public
as $$ update flow_deadlines d set claimed_until = p_now + p_lease
      from (select f.tenant_id, f.order_id, f.state, f.action from flow_deadlines f
            where f.fired_at is null and f.due_at <= p_now and (f.claimed_until is null or f.claimed_until <= p_now)
            order by f.due_at limit p_limit for update skip locked) due
      where d.tenant_id = due.tenant_id and d.order_id = due.order_id and d.state = due.state
        and d.action = due.action
      returning d.tenant_id, d.order_id, d.state, d.action, d.due_at $$;
grant execute on function fulcrum_claim_due_flow_deadlines(timestamptz, interval, int) to fulcrum_app;
