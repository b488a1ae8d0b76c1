-- Approvals of orders (issue 14, ADR 0136): a chain of steps, each decided by a role or named users, asked by a rule
-- (or any caller of ApprovalRequests). The steps are kept as asked, with whether each applied to the order when the
-- approval opened; the current step's role and users are copied out so the inbox filters with an index.
create table approvals (
    tenant_id       uuid        not null,
    id              uuid        not null,
    order_id        uuid        not null,
    requested_by    text        not null,
    on_reject       text        not null,
    step_timeout_s  bigint      not null check (step_timeout_s > 0),
    steps           jsonb       not null,
    current_step    int         not null,
    step_role    text,
    step_users   text[]      not null default '{}',
    status          text        not null check (status in ('pending', 'approved', 'rejected', 'escalated')),
    holds_order     boolean     not null,
    order_total     numeric     not null,
    currency        text        not null,
    requested_at    timestamptz not null,
    step_due_at     timestamptz not null,
    escalated_to    text,
    escalated_at    timestamptz,
    claimed_until   timestamptz,
    decided_at      timestamptz,
    primary key (tenant_id, id)
);
-- One open approval per order and requester: asking again answers the open one.
create unique index approvals_open_per_requester on approvals (tenant_id, order_id, requested_by)
    where status in ('pending', 'escalated');
create index approvals_open_oldest_first on approvals (tenant_id, requested_at, id)
    where status in ('pending', 'escalated');
create index approvals_by_order on approvals (tenant_id, order_id);
create index approvals_pending_by_due on approvals (step_due_at) where status = 'pending';

-- Every decision on a step, in order: who, when, what and why.
create table approval_decisions (
    tenant_id   uuid        not null,
    approval_id uuid        not null,
    seq         int         not null,
    step        int         not null,
    decision    text        not null check (decision in ('approved', 'rejected')),
    decided_by  text        not null,
    decided_at  timestamptz not null,
    comment     text,
    primary key (tenant_id, approval_id, seq),
    foreign key (tenant_id, approval_id) references approvals (tenant_id, id)
);

-- Who holds an approval role: principals as the audit log names them (user:alice, key:finance-bot).
create table approval_role_members (
    tenant_id uuid not null,
    role      text not null,
    principal text not null,
    added_at  timestamptz not null default now(),
    primary key (tenant_id, role, principal)
);
create index approval_role_members_by_principal on approval_role_members (tenant_id, principal);

do $$
declare
    t text;
begin
    foreach t in array array['approvals', 'approval_decisions', 'approval_role_members']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = fulcrum_current_tenant()) '
            || 'with check (tenant_id = fulcrum_current_tenant())', t);
    end loop;
end
$$;

-- The escalation job runs for every tenant at once, past row-level security: claims up to p_limit pending approvals
-- whose current step is past its due time and that nobody holds (or whose claim lapsed) for p_lease. SKIP LOCKED lets
-- several instances claim side by side.
create function fulcrum_claim_due_approvals(p_now timestamptz, p_lease interval, p_limit int)
    returns table (tenant_id uuid, id uuid, order_id uuid)
    language sql volatile security definer set search_path = public
as $$ update approvals a set claimed_until = p_now + p_lease
      from (select v.tenant_id, v.id from approvals v
            where v.status = 'pending' and v.step_due_at <= p_now
              and (v.claimed_until is null or v.claimed_until <= p_now)
            order by v.step_due_at limit p_limit for update skip locked) due
      where a.tenant_id = due.tenant_id and a.id = due.id
      returning a.tenant_id, a.id, a.order_id $$;
grant execute on function fulcrum_claim_due_approvals(timestamptz, interval, int) to fulcrum_app;
