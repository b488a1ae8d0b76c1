-- The console's saved filters of the order list: per user, named, the filter as the list's query string. Owned by the
-- console module (it reads and writes no other module's tables, and no other module reads this one).
create table console_saved_filters (
    tenant_id  uuid        not null,
    id         uuid        not null,
    username   text        not null,
    name       text        not null check (length(name) between 1 and 80),
    query      text        not null check (length(query) <= 2000),
    created_at timestamptz not null,
    primary key (tenant_id, id)
);
create unique index console_saved_filters_name on console_saved_filters (tenant_id, lower(username), lower(name));

-- The console's audit log page searches the newest entries first, often only by time.
create index audit_log_by_time on audit_log (tenant_id, at desc);

alter table console_saved_filters enable row level security;
create policy tenant_isolation on console_saved_filters using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
