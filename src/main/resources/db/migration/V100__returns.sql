-- Returns (issue 12). A return belongs to an order; its lines, decision and timeline are small documents kept with it.
-- Owned by the returns module: no other module reads these tables.
create table returns (
    tenant_id      uuid        not null,
    id             uuid        not null,
    order_id       uuid        not null,
    customer_id    text,
    status         text        not null check (status in ('requested', 'approved', 'rejected', 'received', 'refunded',
                                                          'closed')),
    resolution     text        not null check (resolution in ('refund', 'exchange', 'store_credit', 'keep_it')),
    method         text        not null check (method in ('pickup', 'drop_off', 'none')),
    note           text,
    currency       text        not null,
    lines          jsonb       not null,
    refund_status  text        not null check (refund_status in ('none', 'held', 'due', 'refunded')),
    refund_amount  numeric(20, 4),
    refund_timing  text        not null check (refund_timing in ('none', 'after_inspection', 'at_pickup_scan',
                                                                  'immediately')),
    refunded_at    timestamptz,
    return_location text,
    decision       jsonb       not null,
    review_reason  text,
    policy_version int         not null,
    timeline       jsonb       not null default '[]',
    requested_at   timestamptz not null,
    updated_at     timestamptz not null,
    primary key (tenant_id, id)
);
create index returns_newest_first on returns (tenant_id, requested_at desc, id desc);
create index returns_by_order on returns (tenant_id, order_id);
create index returns_by_customer on returns (tenant_id, customer_id, requested_at);

-- The return policy of each tenant, versioned: a new version replaces the active one; returns keep the version
-- that decided them.
create table return_policies (
    tenant_id  uuid        not null,
    version    int         not null,
    policy     jsonb       not null,
    created_at timestamptz not null,
    created_by text        not null,
    primary key (tenant_id, version)
);

do $$
declare
    t text;
begin
    foreach t in array array['returns', 'return_policies']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;

-- Returned units: sellable ones go back on hand through a 'return' movement; damaged ones into a quantity of their
-- own that available-to-promise never counts. Both are movements, so a position still equals the sums of its ledger.
alter table stock_positions add column damaged int not null default 0 check (damaged >= 0);
alter table stock_movements add column damaged_delta int not null default 0;
alter table stock_movements drop constraint stock_movements_kind_check;
alter table stock_movements add constraint stock_movements_kind_check
    check (kind in ('receive', 'adjust', 'snapshot', 'reserve', 'release', 'ship', 'restock', 'return'));
