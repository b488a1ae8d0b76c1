-- Operator-written rules (issue 14, ADR 0133): every version of a rule is kept; one version of a name is active at a
-- time. A version is a draft until activated and retired when another version of its name is activated.
create table rule_versions (
    tenant_id    uuid        not null,
    name         text        not null,
    version      int         not null,
    status       text        not null check (status in ('draft', 'active', 'retired')),
    definition   jsonb       not null,
    trigger_type text        not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    activated_at timestamptz,
    activated_by text,
    -- The version also handles the trigger events since this instant that occurred before it was activated.
    catch_up_from   timestamptz,
    catch_up_cursor text,
    primary key (tenant_id, name, version)
);
create unique index rule_versions_one_active on rule_versions (tenant_id, name) where status = 'active';

-- Where each tenant's rules have read the public event log up to.
create table rule_cursors (
    tenant_id  uuid        not null primary key,
    cursor     text        not null,
    updated_at timestamptz not null
);

-- One run per (rule version, triggering event): the unique key is what makes a rule run exactly once for an event.
create table rule_runs (
    tenant_id       uuid        not null,
    id              uuid        not null,
    rule_name       text        not null,
    version         int         not null,
    event_id        uuid        not null,
    event_type      text        not null,
    event_cursor    text        not null,
    order_id        uuid,
    status          text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    claimed_until   timestamptz,
    last_error      text,
    actions         jsonb       not null default '[]',
    created_at      timestamptz not null,
    finished_at     timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, rule_name, version, event_id)
);
create index rule_runs_due on rule_runs (next_attempt_at) where status = 'pending';
create index rule_runs_by_rule on rule_runs (tenant_id, rule_name, created_at desc);

-- The public events a rule run caused: a rule version is never triggered by an event it caused itself.
create table rule_caused_events (
    tenant_id uuid not null,
    event_id  uuid not null,
    rule_name text not null,
    version   int  not null,
    primary key (tenant_id, event_id, rule_name, version)
);

-- Time rules: a timer per (rule version, order) when the start event is seen; fired once by the job when due, unless
-- one of the rule's "unless" events happened to the order first.
create table rule_timers (
    tenant_id      uuid        not null,
    rule_name      text        not null,
    version        int         not null,
    order_id       uuid        not null,
    event_id       uuid        not null,
    event_type     text        not null,
    event_cursor   text        not null,
    fire_at        timestamptz not null,
    claimed_until  timestamptz,
    status         text        not null default 'pending' check (status in ('pending', 'fired', 'cancelled', 'skipped')),
    done_at        timestamptz,
    primary key (tenant_id, rule_name, version, order_id)
);
create index rule_timers_due on rule_timers (fire_at) where status = 'pending';

-- Tasks a rule created for a team.
create table rule_tasks (
    tenant_id  uuid        not null,
    id         uuid        not null,
    team       text        not null,
    title      text        not null,
    order_id   uuid,
    rule_name  text        not null,
    version    int         not null,
    status     text        not null default 'open' check (status in ('open', 'done')),
    due_at     timestamptz,
    created_at timestamptz not null,
    primary key (tenant_id, id)
);
create index rule_tasks_by_team on rule_tasks (tenant_id, team, status, created_at);

do $$
declare
    t text;
begin
    foreach t in array array['rule_versions', 'rule_cursors', 'rule_runs', 'rule_caused_events', 'rule_timers',
                             'rule_tasks']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;

-- The rule job runs for every tenant, past row-level security, only to learn which tenants have work: active rules
-- (events to read), due runs or due timers. Everything else it does under the tenant's own row-level security.
create function fulcrum_tenants_with_rule_work(p_now timestamptz)
    returns table (tenant_id uuid)
    language sql stable security definer set search_path = public
as $$ select tenant_id from rule_versions where status = 'active' or catch_up_cursor is not null
      union select tenant_id from rule_runs where status = 'pending' and next_attempt_at <= p_now
      union select tenant_id from rule_timers where status = 'pending' and fire_at <= p_now $$;
grant execute on function fulcrum_tenants_with_rule_work(timestamptz) to fulcrum_app;
