-- Maintenance work orders (issue 5): every service, repair and inspection of a vehicle, planned
-- or done. Work orders are cancelled, never deleted.
--
-- The maintenance slice moves a work order between statuses and makes the vehicle follow
-- (in_maintenance while one is in progress, active again when the last one leaves), with the
-- vehicle row locked so that two moves on one vehicle see each other.

create type maintenance_kind as enum ('scheduled_service', 'repair', 'inspection', 'tire_change', 'body_repair', 'recall');
create type maintenance_status as enum ('scheduled', 'in_progress', 'completed', 'cancelled');
create type maintenance_priority as enum ('low', 'normal', 'high', 'critical');

-- Lets work orders point at a reading with a key that carries the tenant, like every other.
alter table mileage_readings add constraint mileage_readings_tenant_id_key unique (tenant_id, id);

create table maintenance_records (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    kind maintenance_kind not null,
    title text not null,
    description text,
    status maintenance_status not null default 'scheduled',
    priority maintenance_priority not null default 'normal',
    scheduled_on date,
    -- The odometer value at which the work falls due (programs set it; a plain order may).
    due_km bigint,
    started_at timestamptz,
    completed_on date,
    mileage_at_service bigint,
    -- The odometer reading the completion recorded, through the mileage rules.
    reading_id uuid,
    next_service_km bigint,
    next_service_on date,
    cost numeric(14, 2),
    currency text,
    service_provider text,
    performed_by text,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint maintenance_records_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint maintenance_records_reading_fkey foreign key (tenant_id, reading_id) references mileage_readings (tenant_id, id),
    constraint maintenance_records_title_check check (length(title) between 1 and 200),
    constraint maintenance_records_completed_check
        check (status <> 'completed' or (completed_on is not null and mileage_at_service is not null)),
    constraint maintenance_records_cost_check check (cost is null or (cost >= 0 and currency is not null)),
    constraint maintenance_records_km_check check (
        coalesce(due_km, 0) between 0 and 10000000
        and coalesce(mileage_at_service, 0) between 0 and 10000000
        and coalesce(next_service_km, 0) between 0 and 10000000)
);

create index maintenance_records_vehicle_idx on maintenance_records (tenant_id, vehicle_id, scheduled_on desc);
create index maintenance_records_status_idx on maintenance_records (tenant_id, status, scheduled_on);
create trigger maintenance_records_touch before update on maintenance_records
    for each row execute function touch_updated_at();

alter table maintenance_records enable row level security;
alter table maintenance_records force row level security;
create policy tenant_isolation on maintenance_records
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));

grant select, insert, update on maintenance_records to fleetcore_app;

-- Default roles of tenants provisioned before this migration gain what the new defaults give
-- (see DefaultRole::permissions).
update roles set permissions = array(select distinct unnest(permissions || '{maintenance_read,maintenance_write}'::text[]) order by 1)
    where is_builtin and key in ('admin', 'fleet_manager', 'mechanic');
update roles set permissions = array(select distinct unnest(permissions || '{maintenance_read}'::text[]) order by 1)
    where is_builtin and key in ('dispatcher', 'viewer');
