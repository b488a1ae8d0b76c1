-- The public event log in commit order (issue 17, ADR 0148). Readers used to return only events of transactions older
-- than every transaction still running (pg_snapshot_xmin), so one long transaction of any tenant (an import chunk, the
-- demo loader) held back every reader of every tenant until it ended. Now an event gets its place in the log when its
-- transaction has committed: a sequencer numbers the events that became visible since its last run, in one global
-- order, and readers follow that number. Appending is unchanged (no extra statement at intake).

-- The numbers: one row per event, narrow, so that numbering does not rewrite the (large) event rows.
create sequence public_event_seq as bigint;
create table public_event_sequence (
    tenant_id uuid   not null,
    seq       bigint not null,
    position  bigint not null,
    primary key (tenant_id, seq),
    unique (tenant_id, position)
);
-- The Kafka relay reads every tenant's events in order.
create index public_event_sequence_all on public_event_sequence (seq);
alter table public_event_sequence enable row level security;
create policy tenant_isolation on public_event_sequence using (tenant_id = fulcrum_current_tenant())
    with check (tenant_id = fulcrum_current_tenant());

-- The snapshot of the sequencer's last run: every event of a transaction visible in it has its number; the next run
-- looks only at transactions that were still running then (its xip list) or started since (from its xmax).
create table public_event_sequencer (
    name     text        not null primary key,
    snapshot pg_snapshot not null
);

-- Numbers the events that became visible since the last run, oldest position first, and returns how many. Runs one
-- at a time (advisory transaction lock); call it in a transaction of its own, before reading the log. A caller may
-- commit a run that numbered nothing without waiting for the disk: losing that state in a crash only means looking
-- at the same transactions again (the setting is made by the caller, as the function's own SET would undo it). The snapshot it
-- records is taken after the lock, before the numbering statement, and that statement numbers only events of
-- transactions visible in it: an event committed in between is numbered by the next run, never skipped, never twice.
create function fulcrum_sequence_public_events() returns int
    language plpgsql volatile security definer set search_path = public
as $$
declare
    previous pg_snapshot;
    current_snapshot pg_snapshot;
    finished xid8[];
    numbered int;
begin
    perform pg_advisory_xact_lock(hashtext('fulcrum.public_event_sequencer'));
    select snapshot into previous from public_event_sequencer where name = 'log';
    current_snapshot := pg_current_snapshot();
    finished := array(select x from pg_snapshot_xip(previous) x where pg_visible_in_snapshot(x, current_snapshot));
    insert into public_event_sequence (tenant_id, seq, position)
    select e.tenant_id, nextval('public_event_seq'), e.position
    from (select tenant_id, position from public_events
          where (tx_id = any (finished) or tx_id >= pg_snapshot_xmax(previous))
            and pg_visible_in_snapshot(tx_id, current_snapshot)
          order by position) e;
    get diagnostics numbered = row_count;
    update public_event_sequencer set snapshot = current_snapshot where name = 'log';
    return numbered;
end
$$;

-- The Kafka relay's read: every tenant's numbered events after a number. Runs as the owner, past row-level security:
-- the relay is the one reader that serves every tenant.
create function fulcrum_relay_read_numbered(p_after bigint, p_limit int)
    returns table (tenant_id uuid, seq bigint, id uuid, type text, order_id uuid, order_seq bigint,
                   occurred_at timestamptz, data jsonb)
    language sql stable security definer set search_path = public
as $$
    select e.tenant_id, s.seq, e.id, e.type, e.order_id, e.order_seq, e.occurred_at, e.data
    from public_event_sequence s
    join public_events e on e.tenant_id = s.tenant_id and e.position = s.position
    where s.seq > p_after
    order by s.seq
    limit p_limit
$$;

grant execute on function fulcrum_sequence_public_events(), fulcrum_relay_read_numbered(bigint, int) to fulcrum_app;

-- Existing events keep the order readers saw them in, (tx_id, position), so that a cursor of the old form maps to
-- the number of its event. Events of transactions still running now are numbered by the first run.
insert into public_event_sequencer (name, snapshot) values ('log', pg_current_snapshot());
insert into public_event_sequence (tenant_id, seq, position)
select e.tenant_id, nextval('public_event_seq'), e.position
from (select tenant_id, position from public_events
      where pg_visible_in_snapshot(tx_id, (select snapshot from public_event_sequencer where name = 'log'))
      order by tx_id, position) e;

-- The relay's position becomes a number: that of the last event it acknowledged.
alter table event_relay_positions add column seq bigint not null default 0;
update event_relay_positions r
set seq = coalesce((select s.seq from public_events e
                    join public_event_sequence s on s.tenant_id = e.tenant_id and s.position = e.position
                    where (e.tx_id, e.position) <= (r.tx_id, r.position)
                    order by e.tx_id desc, e.position desc limit 1), 0);
