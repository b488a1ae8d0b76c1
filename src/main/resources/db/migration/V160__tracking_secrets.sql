-- The key each tenant signs its customer tracking links with (issue 15, ADR 0132). A link carries the tenant, the
-- order and its expiry, signed with HMAC-SHA256 under this key: nothing is stored per link, and a link cannot be
-- turned into another order's. Rotating the key (deleting the row) invalidates every link of the tenant.
create table tracking_secrets (
    tenant_id  uuid        not null primary key,
    secret     bytea       not null,
    created_at timestamptz not null default now()
);
alter table tracking_secrets enable row level security;
create policy tenant_isolation on tracking_secrets using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
