-- A retention offer (issue 12, "Parallel flows"): a partial refund for the customer to keep the units, a state of the
-- refund flow (returns/refund-flow.json) while it is open, kept with the return.
alter table returns add column retention jsonb;
alter table returns drop constraint returns_refund_status_check;
alter table returns add constraint returns_refund_status_check
    check (refund_status in ('none', 'held', 'retention_offered', 'due', 'refunded'));
