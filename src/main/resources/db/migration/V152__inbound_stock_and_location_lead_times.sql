-- Expected inbound stock (issue 16): purchase-order lines with an expected date at a location. Open lines count
-- towards availability by date from their expected date; receiving one puts its units on hand through the stock
-- ledger (a 'receive' movement). Owned by the inventory module.
create table inbound_lines (
    tenant_id      uuid        not null,
    id             uuid        not null,
    location_id    text        not null,
    sku            text        not null,
    quantity       int         not null check (quantity > 0),
    expected_on    date        not null,
    status         text        not null check (status in ('open', 'received', 'cancelled')),
    purchase_order text        not null,
    reference      text,
    created_at     timestamptz not null,
    created_by     text        not null,
    received_at    timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, location_id) references locations (tenant_id, id)
);
create index inbound_lines_open_by_sku on inbound_lines (tenant_id, sku, location_id, expected_on) where status = 'open';
create index inbound_lines_by_expected on inbound_lines (tenant_id, expected_on, id);
alter table inbound_lines enable row level security;
create policy tenant_isolation on inbound_lines using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- Replenishment plans with each location's lead time (order to receipt) and review period (how often it orders).
alter table locations add column lead_time_days int not null default 7 check (lead_time_days between 0 and 365);
alter table locations add column review_period_days int not null default 7 check (review_period_days between 1 and 365);
