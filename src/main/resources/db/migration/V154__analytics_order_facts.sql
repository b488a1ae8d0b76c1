-- Order analytics (issue 16): the payment and cancellation of each order as it happened, written by the analytics
-- module when the order module publishes them (never at intake), so hesitation reports read one small table instead
-- of every order's timeline. Owned by the analytics module.
create table analytics_order_facts (
    tenant_id  uuid        not null,
    order_id   uuid        not null,
    kind       text        not null check (kind in ('paid', 'cancelled')),
    at         timestamptz not null,
    placed_at  timestamptz not null,
    channel    text        not null,
    customer   text,
    stage      text check (stage in ('before_payment', 'before_shipping', 'after_shipping')),
    reason     text,
    skus       text[]      not null,
    primary key (tenant_id, order_id, kind, at)
);
create index analytics_order_facts_by_time on analytics_order_facts (tenant_id, kind, at);
alter table analytics_order_facts enable row level security;
create policy tenant_isolation on analytics_order_facts using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
