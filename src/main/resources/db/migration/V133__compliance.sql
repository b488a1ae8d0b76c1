-- Compliance (issue 13): versioned intake checks per destination, per-person cross-border totals kept incrementally,
-- and each tenant's data residency (where its personal data lives and where it may go).
-- Owned by the compliance module: no other module reads these tables.
create table compliance_policies (
    tenant_id    uuid        not null,
    version      int         not null check (version > 0),
    policy       jsonb       not null,
    status       text        not null check (status in ('draft', 'active', 'retired')),
    created_at   timestamptz not null,
    created_by   text        not null,
    activated_at timestamptz,
    primary key (tenant_id, version)
);
create unique index compliance_policies_one_active on compliance_policies (tenant_id) where status = 'active';

-- The declared value of a person's orders to a destination in one calendar year (UTC), per currency: added to at
-- intake, set-based per batch, so that the yearly limit never needs a scan of the order history.
create table compliance_person_totals (
    tenant_id   uuid           not null,
    destination text           not null,
    person      text           not null,
    year        int            not null,
    currency    text           not null,
    amount      numeric(20, 4) not null,
    updated_at  timestamptz    not null,
    primary key (tenant_id, destination, person, year, currency)
);

create table compliance_data_residency (
    tenant_id         uuid        not null primary key,
    region            text        not null,
    allowed_transfers text[]      not null default '{}',
    updated_at        timestamptz not null,
    updated_by        text        not null
);

do $$
declare
    t text;
begin
    foreach t in array array['compliance_policies', 'compliance_person_totals', 'compliance_data_residency']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;
