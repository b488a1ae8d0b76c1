-- Imports know how many rows their file has (for a progress bar) and beat a heart while they run, so that an import
-- whose instance stopped (a restart, a crash) can be told apart from one that is still working on another instance.
alter table channel_imports add column rows_total bigint;
alter table channel_imports add column heartbeat_at timestamptz;
update channel_imports set heartbeat_at = coalesce(finished_at, started_at);
alter table channel_imports alter column heartbeat_at set not null;
create index channel_imports_running on channel_imports (heartbeat_at) where status = 'running';

-- Runs for every tenant at once (the import jobs of a stopped instance may belong to any tenant), past row-level
-- security: marks failed every running import whose heartbeat is older than p_stale_before, and says which.
create function fulcrum_fail_stalled_imports(p_stale_before timestamptz, p_now timestamptz)
    returns table (tenant_id uuid, id uuid, rows_read bigint)
    language sql volatile security definer set search_path = public
as $$ update channel_imports
      set status = 'failed', finished_at = p_now,
          error = 'interrupted: Fulcrum stopped while importing, after ' || rows_read || ' rows. Import the file again: '
              || 'orders already placed are recognised as duplicates and not placed twice.'
      where status = 'running' and heartbeat_at < p_stale_before
      returning tenant_id, id, rows_read $$;
grant execute on function fulcrum_fail_stalled_imports(timestamptz, timestamptz) to fulcrum_app;
