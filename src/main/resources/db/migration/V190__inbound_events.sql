-- Inbound events (issue 17, ADR 0146): documents from warehouses, carriers and payment systems, applied as ordinary
-- order and inventory actions. A document is applied exactly once per (tenant, source, CloudEvents id): its row here
-- is written in the same transaction as the action, so a second delivery finds it and does nothing. A document that
-- could not be applied is recorded here too (outcome dead_lettered), so a redelivery of it is not dead-lettered twice;
-- a retry that applies it turns the row into applied in the retry's own transaction.
create table inbound_processed (
    tenant_id    uuid        not null,
    source       text        not null,
    event_id     text        not null,
    type         text        not null,
    subject      text,
    outcome      text        not null check (outcome in ('applied', 'dead_lettered')),
    transport    text        not null check (transport in ('kafka', 'rest', 'retry')),
    processed_at timestamptz not null,
    primary key (tenant_id, source, event_id)
);
alter table inbound_processed enable row level security;
create policy tenant_isolation on inbound_processed using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- Documents that could not be applied, with the reason, the document as received and where it came from; retried
-- (optionally with a corrected document) or discarded with a reason from the console or the API.
create table inbound_dead_letters (
    tenant_id         uuid        not null,
    id                uuid        not null,
    source            text,
    event_id          text,
    type              text,
    subject           text,
    transport         text        not null check (transport in ('kafka', 'rest')),
    topic             text,
    kafka_partition   int,
    kafka_offset      bigint,
    kafka_key         text,
    document          text        not null,
    reason            text        not null,
    problems          jsonb       not null default '[]',
    status            text        not null check (status in ('open', 'retried', 'discarded')),
    attempts          int         not null default 1,
    received_at       timestamptz not null,
    last_attempt_at   timestamptz not null,
    resolved_at       timestamptz,
    resolved_by       text,
    resolution_reason text,
    primary key (tenant_id, id)
);
create index inbound_dead_letters_by_status on inbound_dead_letters (tenant_id, status, received_at desc, id);
alter table inbound_dead_letters enable row level security;
create policy tenant_isolation on inbound_dead_letters using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());
