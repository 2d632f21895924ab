-- Inspections (issue 5): pre- and post-trip checklists. A template lists what to check, for one
-- body type or for every vehicle; an inspection answers each item pass, fail or not
-- applicable (with a note) at an odometer value, which goes through the mileage rules as a
-- reading. Every failed item opens a defect: open → acknowledged → resolved, which a manager
-- turns into a work order in one step (the defect keeps the work order; the work order finds
-- its defect through it).

create type inspection_result as enum ('pass', 'fail', 'na');
create type defect_status as enum ('open', 'acknowledged', 'resolved');

create table inspection_templates (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    name text not null,
    -- The body type it is for; null for every vehicle.
    body_type vehicle_body_type,
    items text[] not null,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint inspection_templates_tenant_id_key unique (tenant_id, id),
    constraint inspection_templates_name_key unique (tenant_id, name),
    constraint inspection_templates_name_check check (length(name) between 1 and 200),
    constraint inspection_templates_items_check check (cardinality(items) between 1 and 100)
);

create table inspections (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    template_id uuid not null,
    -- The template's name then, so later renames do not rewrite history.
    template_name text not null,
    mileage_km bigint not null,
    reading_id uuid not null,
    notes text,
    performed_by uuid not null,
    performed_at timestamptz not null default now(),
    constraint inspections_tenant_id_key unique (tenant_id, id),
    constraint inspections_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint inspections_template_fkey foreign key (tenant_id, template_id) references inspection_templates (tenant_id, id),
    constraint inspections_reading_fkey foreign key (tenant_id, reading_id) references mileage_readings (tenant_id, id)
);

create table inspection_items (
    tenant_id uuid not null references tenants (id),
    inspection_id uuid not null,
    position integer not null,
    label text not null,
    result inspection_result not null,
    note text,
    primary key (tenant_id, inspection_id, position),
    constraint inspection_items_inspection_fkey foreign key (tenant_id, inspection_id) references inspections (tenant_id, id)
);

-- Work orders are pointed at with a key that carries the tenant, like everything else.
alter table maintenance_records add constraint maintenance_records_tenant_id_key unique (tenant_id, id);

create table defects (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    inspection_id uuid not null,
    position integer not null,
    status defect_status not null default 'open',
    work_order_id uuid,
    created_at timestamptz not null default now(),
    acknowledged_at timestamptz,
    resolved_at timestamptz,
    updated_by uuid,
    updated_at timestamptz not null default now(),
    constraint defects_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint defects_item_fkey foreign key (tenant_id, inspection_id, position) references inspection_items (tenant_id, inspection_id, position),
    constraint defects_work_order_fkey foreign key (tenant_id, work_order_id) references maintenance_records (tenant_id, id),
    constraint defects_item_key unique (tenant_id, inspection_id, position),
    constraint defects_work_order_key unique (tenant_id, work_order_id)
);

create index inspections_vehicle_idx on inspections (tenant_id, vehicle_id, performed_at desc);
create index inspections_performed_idx on inspections (tenant_id, performed_at desc);
create index defects_status_idx on defects (tenant_id, status, created_at desc);
create trigger inspection_templates_touch before update on inspection_templates
    for each row execute function touch_updated_at();
create trigger defects_touch before update on defects
    for each row execute function touch_updated_at();

alter table inspection_templates enable row level security;
alter table inspection_templates force row level security;
create policy tenant_isolation on inspection_templates
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
alter table inspections enable row level security;
alter table inspections force row level security;
create policy tenant_isolation on inspections
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
alter table inspection_items enable row level security;
alter table inspection_items force row level security;
create policy tenant_isolation on inspection_items
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
alter table defects enable row level security;
alter table defects force row level security;
create policy tenant_isolation on defects
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));

grant select, insert, update on inspection_templates to fleetcore_app;
grant select, insert on inspections, inspection_items to fleetcore_app;
grant select, insert, update on defects to fleetcore_app;

-- Default roles of tenants provisioned before this migration gain what the new defaults give
-- (see DefaultRole::permissions).
update roles set permissions = array(select distinct unnest(permissions || '{inspection_read,inspection_perform}'::text[]) order by 1)
    where is_builtin and key in ('admin', 'fleet_manager', 'mechanic');
update roles set permissions = array(select distinct unnest(permissions || '{inspection_read}'::text[]) order by 1)
    where is_builtin and key in ('dispatcher', 'viewer');
update roles set permissions = array(select distinct unnest(permissions || '{inspection_perform_own}'::text[]) order by 1)
    where is_builtin and key in ('admin', 'driver');
