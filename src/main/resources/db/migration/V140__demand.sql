-- Demand history and forecast runs (issue 16), owned by the demand module: no other module reads these tables.

-- Imported weekly demand: one row per location, SKU and week (the week's first day as the file gives it). Rows of one
-- import for the same key add up (invoice lines become weeks); a later import of the same key replaces it, so loading
-- a file twice does not double its demand.
create table demand_history (
    tenant_id   uuid             not null,
    location_id text             not null,
    sku         text             not null,
    week        date             not null,
    quantity    double precision not null,
    holiday     boolean          not null default false,
    import_id   uuid             not null,
    primary key (tenant_id, location_id, sku, week)
);

-- Fulcrum's own orders: the units sourcing allocated to each location, per order, SKU and ISO week (Monday) of the
-- allocation. Keyed by order so that concurrent intake never updates a shared row.
create table demand_order_units (
    tenant_id   uuid    not null,
    order_id    uuid    not null,
    location_id text    not null,
    sku         text    not null,
    week        date    not null,
    quantity    integer not null,
    primary key (tenant_id, order_id, location_id, sku)
);
create index demand_order_units_by_series on demand_order_units (tenant_id, location_id, sku, week);

create table demand_imports (
    tenant_id     uuid        not null,
    id            uuid        not null,
    status        text        not null check (status in ('running', 'completed', 'failed')),
    mapping       jsonb       not null,
    rows_total    bigint,
    rows_read     bigint      not null default 0,
    rows_loaded   bigint      not null default 0,
    rows_rejected bigint      not null default 0,
    weeks_written bigint      not null default 0,
    problems      jsonb       not null default '[]',
    error         text,
    created_by    text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    primary key (tenant_id, id)
);

create table forecast_runs (
    tenant_id          uuid             not null,
    id                 uuid             not null,
    level              text             not null check (level in ('location', 'sku', 'sku-location')),
    horizon_weeks      int              not null,
    origin             date             not null,
    status             text             not null check (status in ('running', 'done', 'failed')),
    partitions_total   int              not null,
    partitions_done    int              not null default 0,
    series_total       int              not null,
    series_done        int              not null default 0,
    evaluated_weeks    int              not null default 0,
    actual_sum         double precision not null default 0,
    abs_error_naive    double precision not null default 0,
    abs_error_chosen   double precision not null default 0,
    refits             int              not null default 0,
    error              text,
    created_by         text             not null,
    created_at         timestamptz      not null,
    finished_at        timestamptz,
    primary key (tenant_id, id)
);
create index forecast_runs_newest_first on forecast_runs (tenant_id, created_at desc);

-- A run's series split into partitions; each is one job of the job library (scheduled_tasks), claimed by any instance.
create table forecast_partitions (
    tenant_id    uuid  not null,
    run_id       uuid  not null,
    partition_no int   not null,
    series       jsonb not null,
    status       text  not null check (status in ('pending', 'done', 'failed')),
    claimed_by   text,
    primary key (tenant_id, run_id, partition_no)
);

-- One series of a run: '' stands for "all" in location_id or sku at the location and sku levels.
create table forecast_series (
    tenant_id        uuid             not null,
    run_id           uuid             not null,
    location_id      text             not null,
    sku              text             not null,
    origin           date             not null,
    model            text             not null,
    points           jsonb            not null,
    backtests        jsonb            not null,
    error_std_dev    double precision not null,
    evaluated_weeks  int              not null,
    actual_sum       double precision not null,
    abs_error_naive  double precision not null,
    abs_error_chosen double precision not null,
    refits           jsonb            not null default '[]',
    primary key (tenant_id, run_id, location_id, sku)
);
create index forecast_series_latest on forecast_series (tenant_id, sku, location_id);

do $$
declare
    t text;
begin
    foreach t in array array['demand_history', 'demand_order_units', 'demand_imports', 'forecast_runs',
                             'forecast_partitions', 'forecast_series']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;
