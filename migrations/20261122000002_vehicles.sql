-- The vehicle registry (issue 3): one row per vehicle of a tenant.
--
-- Plates are stored in their canonical form (see app/src/fleet/vehicles/plate.rs); `plate_key`
-- drops case, spaces and dashes so "123abc01" and "123 ABC 01" collide in the unique index.
-- `search_text` feeds the trigram index behind the list's search box (partial plate, VIN,
-- brand or model).

create extension if not exists pg_trgm;

create type vehicle_body_type as enum ('sedan', 'suv', 'truck', 'van', 'bus', 'minivan', 'pickup');
create type vehicle_fuel_type as enum ('gasoline', 'diesel', 'gas', 'electric', 'hybrid');
create type vehicle_transmission as enum ('manual', 'automatic', 'cvt', 'robot');
create type vehicle_status as enum ('active', 'in_maintenance', 'reserved', 'decommissioned');

create table vehicles (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    plate text not null,
    plate_key text generated always as (upper(regexp_replace(plate, '[[:space:]-]', '', 'g'))) stored,
    vin text,
    brand text not null,
    model text not null,
    year integer not null,
    color text,
    body_type vehicle_body_type not null,
    fuel_type vehicle_fuel_type not null,
    engine_volume numeric(4, 1),
    transmission vehicle_transmission,
    seats integer,
    purchase_date date,
    purchase_price numeric(14, 2),
    purchase_currency text,
    -- Kept by the mileage module from the latest reading; read-only for the registry.
    current_mileage bigint not null default 0,
    status vehicle_status not null default 'active',
    -- Filled by the drivers module (the foreign key arrives with the drivers table).
    assigned_driver_id uuid,
    department text,
    notes text,
    search_text text generated always as (
        lower(plate || ' ' || regexp_replace(plate, '[[:space:]-]', '', 'g') || ' ' || coalesce(vin, '') || ' ' || brand || ' ' || model)
    ) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint vehicles_tenant_id_id_key unique (tenant_id, id),
    constraint vehicles_tenant_plate_key unique (tenant_id, plate_key),
    constraint vehicles_tenant_vin_key unique (tenant_id, vin),
    constraint vehicles_year_check check (year between 1900 and 2100),
    constraint vehicles_seats_check check (seats between 1 and 100),
    constraint vehicles_price_check check (purchase_price > 0),
    constraint vehicles_price_currency_check check ((purchase_price is null) = (purchase_currency is null)),
    constraint vehicles_mileage_check check (current_mileage >= 0)
);

-- Every column the list filters or sorts by, led by tenant_id.
create index vehicles_tenant_plate_idx on vehicles (tenant_id, plate);
create index vehicles_tenant_brand_idx on vehicles (tenant_id, brand, model);
create index vehicles_tenant_model_idx on vehicles (tenant_id, model);
create index vehicles_tenant_year_idx on vehicles (tenant_id, year);
create index vehicles_tenant_status_idx on vehicles (tenant_id, status);
create index vehicles_tenant_body_idx on vehicles (tenant_id, body_type);
create index vehicles_tenant_fuel_idx on vehicles (tenant_id, fuel_type);
create index vehicles_tenant_department_idx on vehicles (tenant_id, department);
create index vehicles_tenant_mileage_idx on vehicles (tenant_id, current_mileage);
create index vehicles_tenant_created_idx on vehicles (tenant_id, created_at);
create index vehicles_search_idx on vehicles using gin (search_text gin_trgm_ops);

create trigger vehicles_touch before update on vehicles for each row execute function touch_updated_at();

alter table vehicles enable row level security;
alter table vehicles force row level security;
create policy tenant_isolation on vehicles
    using (tenant_id = current_tenant_id()) with check (tenant_id = current_tenant_id());

grant select, insert, update on vehicles to fleetcore_app;

-- The audit log page filters by these.
create index audit_log_tenant_entity_idx on audit_log (tenant_id, entity_type, entity_id, at desc);
create index audit_log_tenant_actor_idx on audit_log (tenant_id, actor_user_id, at desc);
create index audit_log_tenant_action_idx on audit_log (tenant_id, action, at desc);
