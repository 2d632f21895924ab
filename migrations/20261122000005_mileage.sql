-- Odometer readings (issue 4): every reading ever entered, voided ones included.
--
-- `vehicles.current_mileage` is the value of the latest non-void reading; the mileage slice
-- keeps it in the transaction that records or voids a reading, with the vehicle row locked so
-- that concurrent readings of one vehicle are checked against each other in turn.

-- Above this many kilometres per day since the previous reading, a reading is abnormal and must
-- be confirmed before it is accepted.
alter table tenants add column mileage_daily_limit_km integer not null default 1000
    constraint tenants_mileage_daily_limit_check check (mileage_daily_limit_km between 1 and 100000);

create type mileage_source as enum ('manual', 'obd', 'gps', 'fuel');

create table mileage_readings (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    value_km bigint not null,
    recorded_at timestamptz not null,
    source mileage_source not null default 'manual',
    -- Who typed it (no one for imported and demo readings), and as which driver if a driver did.
    recorded_by uuid,
    driver_id uuid,
    notes text,
    -- Above the tenant's daily limit, accepted after a confirmation.
    abnormal boolean not null default false,
    -- Far above the vehicle's usual daily distance (three standard deviations).
    unusual boolean not null default false,
    voided_at timestamptz,
    voided_by uuid,
    void_reason text,
    created_at timestamptz not null default now(),
    constraint mileage_readings_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint mileage_readings_driver_fkey foreign key (tenant_id, driver_id) references drivers (tenant_id, id),
    constraint mileage_readings_value_check check (value_km between 0 and 10000000),
    constraint mileage_readings_void_check check ((voided_at is null) = (void_reason is null))
);

-- Two live readings of one vehicle at the same instant would have no order.
create unique index mileage_readings_vehicle_time_key on mileage_readings (tenant_id, vehicle_id, recorded_at)
    where voided_at is null;
create index mileage_readings_vehicle_idx on mileage_readings (tenant_id, vehicle_id, recorded_at desc);
create index mileage_readings_driver_idx on mileage_readings (tenant_id, driver_id, recorded_at desc)
    where driver_id is not null;

alter table mileage_readings enable row level security;
alter table mileage_readings force row level security;
create policy tenant_isolation on mileage_readings
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));

-- Readings are voided, never deleted or rewritten (the update grant is for voiding).
grant select, insert, update on mileage_readings to fleetcore_app;

-- Default roles of tenants provisioned before this migration gain what the new defaults give
-- (see DefaultRole::permissions).
update roles set permissions = array(select distinct unnest(permissions || '{mileage_read,mileage_record,mileage_record_own,mileage_void}'::text[]) order by 1)
    where is_builtin and key in ('admin', 'fleet_manager');
update roles set permissions = array(select distinct unnest(permissions || '{mileage_read,mileage_record}'::text[]) order by 1)
    where is_builtin and key in ('dispatcher', 'mechanic');
update roles set permissions = array(select distinct unnest(permissions || '{mileage_record_own}'::text[]) order by 1)
    where is_builtin and key = 'driver';
update roles set permissions = array(select distinct unnest(permissions || '{mileage_read}'::text[]) order by 1)
    where is_builtin and key = 'viewer';
