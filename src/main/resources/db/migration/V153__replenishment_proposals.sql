-- Replenishment proposals (issue 16), owned by the demand module's replenishment. Listing proposals recomputes the
-- open ones from the latest forecast and stock (one open proposal per location and SKU, keeping its id while it stays
-- due); approving one keeps it as it was and expects its units as inbound stock.
create table replenishment_proposals (
    tenant_id    uuid        not null,
    id           uuid        not null,
    location_id  text        not null,
    sku          text        not null,
    status       text        not null check (status in ('open', 'approved')),
    quantity     int         not null check (quantity > 0),
    expected_on  date        not null,
    explanation  jsonb       not null,
    computed_at  timestamptz not null,
    approved_at  timestamptz,
    approved_by  text,
    inbound_id   uuid,
    primary key (tenant_id, id)
);
create unique index replenishment_proposals_one_open on replenishment_proposals (tenant_id, location_id, sku)
    where status = 'open';
alter table replenishment_proposals enable row level security;
create policy tenant_isolation on replenishment_proposals using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
