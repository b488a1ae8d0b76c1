-- Canary rollouts of versioned rules, flows and sourcing profiles (issue 14, ADR 0138). One row per rollout, kept
-- after it ends as the subject's history: the candidate version, its share, its guard, and how it ended (completed,
-- rolled-back by the guard with the breach, or rolled back by hand). At most one rollout of a subject runs at once.
create table rollouts (
    tenant_id        uuid        not null,
    id               uuid        not null,
    kind             text        not null check (kind in ('rule', 'flow', 'sourcing-profile')),
    name             text        not null,
    version          int         not null,
    previous_version int         not null,
    percent          int         not null check (percent between 1 and 100),
    guard            jsonb,
    started_at       timestamptz not null,
    started_by       text        not null,
    ended_at         timestamptz,
    ended_by         text,
    outcome          text check (outcome in ('completed', 'rolled-back', 'rolled-back-by-hand', 'superseded')),
    breach           jsonb,
    guard_due_at     timestamptz,
    primary key (tenant_id, id)
);
create unique index rollouts_one_running on rollouts (tenant_id, kind, name) where ended_at is null;
create index rollouts_by_subject on rollouts (tenant_id, kind, name, started_at desc);
create index rollouts_guard_due on rollouts (guard_due_at) where ended_at is null;

-- One guard evaluation: the metric over the canary share and over the rest, for the console's chart.
create table rollout_guard_points (
    tenant_id     uuid             not null,
    rollout_id    uuid             not null,
    at            timestamptz      not null,
    canary        double precision,
    rest          double precision,
    canary_orders bigint           not null,
    rest_orders   bigint           not null,
    primary key (tenant_id, rollout_id, at),
    foreign key (tenant_id, rollout_id) references rollouts (tenant_id, id)
);

alter table rollouts enable row level security;
create policy tenant_isolation on rollouts using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
alter table rollout_guard_points enable row level security;
create policy tenant_isolation on rollout_guard_points using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- The guard job of every instance claims the running rollouts whose guard is due, across tenants, and moves their
-- next check one interval on: SKIP LOCKED and the moved due time make one instance evaluate each rollout per interval.
create function fulcrum_claim_due_rollout_guards(p_now timestamptz, p_interval interval, p_limit int)
    returns table (tenant_id uuid, id uuid)
    language sql volatile security definer set search_path = public
as $$ update rollouts r set guard_due_at = p_now + p_interval
      from (select d.tenant_id, d.id from rollouts d
            where d.ended_at is null and d.guard is not null and d.guard_due_at <= p_now
            order by d.guard_due_at limit p_limit for update skip locked) due
      where r.tenant_id = due.tenant_id and r.id = due.id
      returning r.tenant_id, r.id $$;
grant execute on function fulcrum_claim_due_rollout_guards(timestamptz, interval, int) to fulcrum_app;
