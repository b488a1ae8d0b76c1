-- Digital-twin scenarios (issue 16): a what-if request and its simulated answer, kept to be read again and applied.
-- Owned by the twin module: no other module reads this table, and simulating writes nowhere else.
create table twin_scenarios (
    tenant_id  uuid        not null,
    id         uuid        not null,
    name       text,
    request    jsonb       not null,
    result     jsonb       not null,
    applied    jsonb       not null default '[]',
    created_at timestamptz not null,
    created_by text        not null,
    primary key (tenant_id, id)
);
create index twin_scenarios_newest_first on twin_scenarios (tenant_id, created_at desc);

alter table twin_scenarios enable row level security;
create policy tenant_isolation on twin_scenarios using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
