-- Orders a batch could not serve, with the reason and a fingerprint of what the decision depended on (their SKUs'
-- stock, the capacity left on the ship days, the active profile). A later batch skips an order while its fingerprint
-- is unchanged, so repeated batches progress through the backlog (ADR 0089). Numbered in this branch's ADR range.
create table sourcing_batch_unserved (
    tenant_id   uuid        not null,
    order_id    uuid        not null,
    reason      text        not null,
    detail      text        not null,
    fingerprint bigint      not null,
    marked_at   timestamptz not null,
    primary key (tenant_id, order_id)
);

alter table sourcing_batch_unserved enable row level security;
create policy tenant_isolation on sourcing_batch_unserved using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
