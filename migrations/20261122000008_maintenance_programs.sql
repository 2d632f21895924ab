-- Maintenance programs (issue 5): "every 10,000 km or 6 months, whichever comes first". A
-- program is a template (intervals, a due-soon window, a task list) applied to vehicles; each
-- vehicle it applies to has one open work order from it at a time, and completing that one
-- plans the next from the completion's date and odometer.

create table maintenance_programs (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    name text not null,
    kind maintenance_kind not null default 'scheduled_service',
    interval_km bigint,
    interval_months integer,
    window_km bigint not null default 500,
    window_days integer not null default 14,
    -- What the work consists of, one item per line on the work order.
    tasks text[] not null default '{}',
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint maintenance_programs_tenant_id_key unique (tenant_id, id),
    constraint maintenance_programs_name_check check (length(name) between 1 and 200),
    constraint maintenance_programs_interval_check check (
        (interval_km is not null or interval_months is not null)
        and coalesce(interval_km, 1) between 1 and 1000000
        and coalesce(interval_months, 1) between 1 and 120),
    constraint maintenance_programs_window_check check (window_km between 0 and 100000 and window_days between 0 and 365)
);

-- Which vehicles a program applies to.
create table maintenance_program_vehicles (
    tenant_id uuid not null references tenants (id),
    program_id uuid not null,
    vehicle_id uuid not null,
    applied_at timestamptz not null default now(),
    applied_by uuid,
    primary key (tenant_id, program_id, vehicle_id),
    constraint maintenance_program_vehicles_program_fkey foreign key (tenant_id, program_id) references maintenance_programs (tenant_id, id),
    constraint maintenance_program_vehicles_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id)
);

-- A work order knows its program, and is due soon within its own window (a program's, or the
-- default 500 km / 14 days).
alter table maintenance_records
    add column program_id uuid,
    add column due_window_km bigint not null default 500,
    add column due_window_days integer not null default 14,
    add constraint maintenance_records_program_fkey foreign key (tenant_id, program_id) references maintenance_programs (tenant_id, id);

-- One open work order per program and vehicle: applying a program twice plans nothing twice.
create unique index maintenance_records_open_program_key on maintenance_records (tenant_id, program_id, vehicle_id)
    where program_id is not null and status in ('scheduled', 'in_progress');

create trigger maintenance_programs_touch before update on maintenance_programs
    for each row execute function touch_updated_at();

alter table maintenance_programs enable row level security;
alter table maintenance_programs force row level security;
create policy tenant_isolation on maintenance_programs
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
alter table maintenance_program_vehicles enable row level security;
alter table maintenance_program_vehicles force row level security;
create policy tenant_isolation on maintenance_program_vehicles
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));

grant select, insert, update on maintenance_programs to fleetcore_app;
grant select, insert on maintenance_program_vehicles to fleetcore_app;
