-- Drivers, their papers and fines, and who drives which vehicle when (issue 4).
--
-- Assignment overlaps are refused by the database itself (exclusion constraints), so that no
-- interleaving of concurrent requests can put two drivers in one vehicle at the same time.

create extension if not exists btree_gist;

-- Whether one driver may hold several vehicles at the same time (tours: yes; a corporate fleet
-- with personal cars: no).
alter table tenants add column drivers_share_vehicles boolean not null default false;

create type driver_status as enum ('active', 'on_leave', 'terminated');

create table drivers (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    full_name text not null,
    employee_number text not null,
    phone text,
    email text,
    -- The driver's own sign-in, if they have one (a user with the driver role).
    user_id uuid,
    licence_number text,
    licence_categories text[] not null default '{}',
    licence_expiry date,
    medical_expiry date,
    hire_date date,
    department text,
    status driver_status not null default 'active',
    languages text[] not null default '{}',
    notes text,
    search_text text generated always as (
        lower(full_name || ' ' || employee_number || ' ' || coalesce(phone, '') || ' ' || coalesce(licence_number, ''))
    ) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint drivers_tenant_id_id_key unique (tenant_id, id),
    constraint drivers_tenant_employee_number_key unique (tenant_id, employee_number),
    constraint drivers_tenant_user_key unique (tenant_id, user_id),
    constraint drivers_user_fkey foreign key (tenant_id, user_id) references users (tenant_id, id)
);

create index drivers_tenant_name_idx on drivers (tenant_id, full_name);
create index drivers_tenant_status_idx on drivers (tenant_id, status);
create index drivers_tenant_department_idx on drivers (tenant_id, department);
create index drivers_tenant_licence_expiry_idx on drivers (tenant_id, licence_expiry);
create index drivers_tenant_medical_expiry_idx on drivers (tenant_id, medical_expiry);
create index drivers_search_idx on drivers using gin (search_text gin_trgm_ops);
create trigger drivers_touch before update on drivers for each row execute function touch_updated_at();

-- Certificates and training: dangerous goods, first aid, tachograph, defensive driving, ...
create table driver_certifications (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    driver_id uuid not null,
    kind text not null,
    issued_on date,
    expires_on date,
    issuer text,
    created_at timestamptz not null default now(),
    constraint driver_certifications_driver_fkey foreign key (tenant_id, driver_id) references drivers (tenant_id, id),
    constraint driver_certifications_dates_check check (expires_on is null or issued_on is null or expires_on >= issued_on)
);
create index driver_certifications_driver_idx on driver_certifications (tenant_id, driver_id, expires_on);

create table driver_fines (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    driver_id uuid not null,
    vehicle_id uuid,
    occurred_on date not null,
    kind text not null,
    amount numeric(14, 2) not null,
    currency text not null,
    paid boolean not null default false,
    reference text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint driver_fines_driver_fkey foreign key (tenant_id, driver_id) references drivers (tenant_id, id),
    constraint driver_fines_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint driver_fines_amount_check check (amount > 0)
);
create index driver_fines_driver_idx on driver_fines (tenant_id, driver_id, occurred_on desc);
create trigger driver_fines_touch before update on driver_fines for each row execute function touch_updated_at();

-- Who drives which vehicle from when to when. Rows are never deleted: ending an assignment
-- sets the end of its period, so the history stays. The vehicle's current driver is derived
-- from here (the registry's placeholder column goes).
create table vehicle_assignments (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    driver_id uuid not null,
    period tstzrange not null,
    -- The tenant's rule when the row was written: true if the driver may hold no other vehicle
    -- during the period.
    driver_exclusive boolean not null,
    -- How the driver exclusion below tells the two kinds apart: an exclusive assignment takes
    -- the whole range, so it overlaps every other assignment of the driver; a shared one takes
    -- a range of its own (from `seq`), so shared ones never overlap each other.
    seq bigint generated always as identity,
    driver_slot int8range generated always as (
        case when driver_exclusive then '(,)'::int8range else int8range(seq, seq, '[]') end
    ) stored,
    notes text,
    created_by uuid,
    created_at timestamptz not null default now(),
    constraint vehicle_assignments_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint vehicle_assignments_driver_fkey foreign key (tenant_id, driver_id) references drivers (tenant_id, id),
    constraint vehicle_assignments_period_check check (not isempty(period) and not lower_inf(period)),
    -- One driver per vehicle at any moment.
    constraint vehicle_assignments_vehicle_excl exclude using gist (tenant_id with =, vehicle_id with =, period with &&),
    -- One vehicle per driver at any moment, where the tenant's rule says so.
    constraint vehicle_assignments_driver_excl exclude using gist (tenant_id with =, driver_id with =, period with &&, driver_slot with &&)
);
create index vehicle_assignments_driver_idx on vehicle_assignments (tenant_id, driver_id, lower(period) desc);
create index vehicle_assignments_vehicle_idx on vehicle_assignments (tenant_id, vehicle_id, lower(period) desc);

-- The current driver comes from vehicle_assignments now.
alter table vehicles drop column assigned_driver_id;

do $$
declare
    t text;
begin
    foreach t in array array['drivers', 'driver_certifications', 'driver_fines', 'vehicle_assignments'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()))',
            t);
    end loop;
end;
$$;

grant select, insert, update on drivers, driver_fines, vehicle_assignments to fleetcore_app;
grant select, insert, update, delete on driver_certifications to fleetcore_app;

-- Tenants provisioned before this migration: their default roles gain what the new defaults
-- give (see DefaultRole::permissions); custom roles are left to their admins.
update roles set permissions = array(select distinct unnest(permissions || '{driver_read,driver_write}'::text[]) order by 1)
    where is_builtin and key in ('admin', 'fleet_manager', 'dispatcher');
update roles set permissions = array(select distinct unnest(permissions || '{driver_read}'::text[]) order by 1)
    where is_builtin and key = 'viewer';
