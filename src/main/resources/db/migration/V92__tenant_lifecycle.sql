-- Tenants created and suspended by a platform admin (ADR 0092): a unique slug, a status, and lookups that run before
-- (or across) tenants, past row-level security, returning only what they are for.

alter table tenants
    add column slug              text,
    add column status            text not null default 'active' check (status in ('active', 'suspended')),
    add column status_changed_at timestamptz;
update tenants set slug = 'default' where tenant_id = '00000000-0000-0000-0000-000000000001';
create unique index tenants_slug_key on tenants (slug);

-- Whether a tenant may act: every authenticated request asks (through a short cache) before it is let in.
create function fulcrum_tenant_status(p_tenant uuid)
    returns text
    language sql stable security definer set search_path = public
as $$ select status from tenants where tenant_id = p_tenant $$;

-- The platform admin's list of every tenant; the application checks who may call it.
create function fulcrum_list_tenants()
    returns table (tenant_id uuid, slug text, name text, status text, created_at timestamptz,
                   status_changed_at timestamptz)
    language sql stable security definer set search_path = public
as $$ select tenant_id, slug, name, status, created_at, status_changed_at from tenants order by created_at, tenant_id $$;

grant execute on function fulcrum_tenant_status(uuid), fulcrum_list_tenants() to fulcrum_app;
