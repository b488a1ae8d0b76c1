-- The promise dates of an order's current allocation, on the order itself (issue 11): ship_by is when the last
-- shipment must leave its location, deliver_by the date the customer was promised. Null while nothing is allocated.
alter table orders add column ship_by timestamptz;
alter table orders add column deliver_by date;

-- The typed record of every change to an order (issue 10), numbered by the order's event sequence: the action, the
-- units of each line it moved, what else it said, who and when. The order's timeline is read from here; the audit log
-- keeps its own record for security and compliance.
create table order_changes (
    tenant_id  uuid        not null,
    order_id   uuid        not null,
    seq        bigint      not null,
    action     text        not null,
    lines      jsonb       not null default '[]',
    details    jsonb       not null default '{}',
    actor      text        not null,
    request_id text        not null,
    at         timestamptz not null,
    primary key (tenant_id, order_id, seq)
);
alter table order_changes enable row level security;
create policy tenant_isolation on order_changes using (tenant_id = fulcrum_current_tenant()) with check (tenant_id = fulcrum_current_tenant());
