-- Learned risk scores (issue 13): every training run of a tenant is a version; at most one done version is active.
-- Owned by the risk module's learned score (dev.fulcrum.risk.model): no other module reads this table.
create table risk_models (
    tenant_id           uuid             not null,
    version             int              not null,
    status              text             not null check (status in ('training', 'done', 'failed')),
    phase               text             not null,
    progress            double precision not null check (progress between 0 and 1),
    created_at          timestamptz      not null,
    created_by          text             not null,
    updated_at          timestamptz      not null,
    trained_at          timestamptz,
    -- labelled examples of the run: all, the oldest that trained it, the latest held back to backtest it
    examples            int              not null,
    training_examples   int              not null,
    held_back_examples  int              not null,
    held_back_percent   int              not null,
    fraud_examples      int              not null,
    -- the backtest on the held-back slice; precision is null when no example reached the threshold
    threshold           double precision not null,
    auc                 double precision,
    precision           double precision,
    recall              double precision,
    held_back_fraud     int,
    flagged             int,
    active              boolean          not null default false,
    -- the fitted model: bias, and per feature its training mean, scale and weight (LogisticModel.Parameters)
    parameters          jsonb,
    error               text,
    primary key (tenant_id, version),
    check (not active or status = 'done')
);
create unique index risk_models_one_active on risk_models (tenant_id) where active;

alter table risk_models enable row level security;
create policy tenant_isolation on risk_models using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
