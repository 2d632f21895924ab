-- The walking skeleton: tenants, users, roles, sessions, the sign-in throttle and the audit log.
--
-- Runs as the owner role (fleetcore_owner). The application connects as fleetcore_app, which
-- holds no BYPASSRLS; both roles are created by scripts/db.sh (or docker/postgres-init.sql)
-- before the first migration.

-- Keeps updated_at honest on every table that has one.
create function touch_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

-- The tenant a TenantTx is scoped to; null (so no row matches) when none is set.
create function current_tenant_id() returns uuid
language sql stable as $$
    select nullif(current_setting('app.tenant_id', true), '')::uuid
$$;

create table tenants (
    id uuid primary key,
    name text not null,
    slug text not null,
    country text not null,
    time_zone text not null,
    currency text not null,
    default_locale text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint tenants_slug_key unique (slug)
);

create table roles (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    key text not null,
    name text not null,
    is_builtin boolean not null default false,
    permissions text[] not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint roles_tenant_id_id_key unique (tenant_id, id),
    constraint roles_tenant_key_key unique (tenant_id, key)
);

create table users (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    email text not null,
    full_name text not null,
    password_hash text not null,
    locale text not null,
    time_zone text not null,
    is_active boolean not null default true,
    -- Changes whenever the password changes: access tokens carry it and die with it.
    security_stamp uuid not null,
    last_login_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_tenant_id_id_key unique (tenant_id, id)
);
-- Sign-in is by email alone, so an email belongs to one user across all tenants.
create unique index users_email_key on users (lower(email));

create table user_roles (
    tenant_id uuid not null,
    user_id uuid not null,
    role_id uuid not null,
    primary key (user_id, role_id),
    constraint user_roles_user_fkey foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
    constraint user_roles_role_fkey foreign key (tenant_id, role_id) references roles (tenant_id, id) on delete cascade
);
create index user_roles_role_idx on user_roles (tenant_id, role_id);

-- One row per sign-in: the family every refresh token of that sign-in belongs to.
create table sessions (
    id uuid primary key,
    tenant_id uuid not null,
    user_id uuid not null,
    remember boolean not null,
    expires_at timestamptz not null,
    revoked_at timestamptz,
    ip text,
    user_agent text,
    created_at timestamptz not null default now(),
    constraint sessions_tenant_id_id_key unique (tenant_id, id),
    constraint sessions_user_fkey foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);
create index sessions_user_idx on sessions (tenant_id, user_id);

create table refresh_tokens (
    token_hash bytea primary key,
    tenant_id uuid not null,
    session_id uuid not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    constraint refresh_tokens_session_fkey foreign key (tenant_id, session_id) references sessions (tenant_id, id) on delete cascade
);
create index refresh_tokens_session_idx on refresh_tokens (tenant_id, session_id);

-- Failed sign-ins by account and by IP, for the throttle. Platform-wide (the tenant is not
-- known before sign-in), holds no tenant data, so it has no row-level security.
create table login_failures (
    key text not null,
    at timestamptz not null default now()
);
create index login_failures_key_at_idx on login_failures (key, at);

create table audit_log (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    at timestamptz not null default now(),
    actor_user_id uuid,
    action text not null,
    entity_type text not null,
    entity_id uuid,
    before jsonb,
    after jsonb,
    ip text,
    user_agent text
);
create index audit_log_tenant_at_idx on audit_log (tenant_id, at desc);

-- The audit log is append-only, for every role, the owner included.
create function audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
    for each statement execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only();

create trigger tenants_touch before update on tenants for each row execute function touch_updated_at();
create trigger roles_touch before update on roles for each row execute function touch_updated_at();
create trigger users_touch before update on users for each row execute function touch_updated_at();

-- Row-level security, enabled and forced, on every tenant table.
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants
    using (id = current_tenant_id()) with check (id = current_tenant_id());

do $$
declare
    t text;
begin
    foreach t in array array['roles', 'users', 'user_roles', 'sessions', 'refresh_tokens', 'audit_log'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id())',
            t);
    end loop;
end;
$$;

-- Before sign-in the tenant is unknown: these two look-ups (and nothing else) cross tenants.
-- They run with the owner's rights and return only what sign-in and refresh need.
create function auth_find_login(p_email text)
returns table (user_id uuid, tenant_id uuid, password_hash text, is_active boolean)
language sql stable security definer set search_path = public as $$
    select id, tenant_id, password_hash, is_active from users where lower(email) = lower(p_email)
$$;

create function auth_find_refresh_tenant(p_hash bytea) returns uuid
language sql stable security definer set search_path = public as $$
    select tenant_id from refresh_tokens where token_hash = p_hash
$$;

revoke all on function auth_find_login(text) from public;
revoke all on function auth_find_refresh_tenant(bytea) from public;
grant execute on function auth_find_login(text) to fleetcore_app;
grant execute on function auth_find_refresh_tenant(bytea) to fleetcore_app;

grant select, update on tenants to fleetcore_app;
grant select, insert, update, delete on roles, users, user_roles, sessions, refresh_tokens to fleetcore_app;
grant select, insert, delete on login_failures to fleetcore_app;
grant select, insert on audit_log to fleetcore_app;
