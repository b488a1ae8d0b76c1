-- Data contracts (issue 15, ADR 0141): tenant versions of a contract, the dry runs that gate a stricter version, and
-- the soft-rule flags intake records per order. The shipped versions are resources (classpath:contracts/), not rows.
-- Owned by the contracts module: no other module reads these tables.
create table contract_versions (
    tenant_id    uuid        not null,
    name         text        not null,
    version      int         not null check (version > 1),
    document     jsonb       not null,
    status       text        not null check (status in ('draft', 'active', 'retired')),
    created_at   timestamptz not null,
    created_by   text        not null,
    activated_at timestamptz,
    -- The last dry run of this version against recent input: counts and examples (null: never dry-run).
    dry_run      jsonb,
    dry_run_at   timestamptz,
    primary key (tenant_id, name, version)
);
create unique index contract_versions_one_active on contract_versions (tenant_id, name) where status = 'active';

-- One row per subject (an order) and soft rule it failed at intake, written set-based per batch.
create table contract_flags (
    tenant_id  uuid        not null,
    subject_id uuid        not null,
    contract   text        not null,
    version    int         not null,
    rule       text        not null,
    field      text        not null,
    message    text        not null,
    flagged_at timestamptz not null,
    primary key (tenant_id, subject_id, contract, rule)
);
-- The quality figure counts the distinct flagged subjects of a contract in a recent window.
create index contract_flags_by_time on contract_flags (tenant_id, contract, flagged_at);

do $$
declare
    t text;
begin
    foreach t in array array['contract_versions', 'contract_flags']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;
