-- Fuel-card statements (issue 6): a statement pasted as CSV is kept as a staged import until
-- someone imports it, so its preview can be looked at, its columns mapped and the import made
-- in a later request (with JavaScript off too) and at most once. How the tenant's statements
-- map onto expense fields is kept as its template, so the next statement maps itself.
--
-- Vehicles gain the size of their tank (litres, or kWh of battery), so that a fill larger than
-- the tank can be flagged.

create table fuel_imports (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    csv text not null,
    -- Rows under the header line.
    rows integer not null,
    -- Which column holds which expense field (see `expenses::fuel_import::FuelMapping`).
    mapping jsonb not null,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- Set once the statement is imported; how many fills it wrote.
    imported_at timestamptz,
    written integer,
    constraint fuel_imports_imported_check check ((imported_at is null) = (written is null))
);

create index fuel_imports_created_idx on fuel_imports (tenant_id, created_at desc);

create table fuel_import_templates (
    tenant_id uuid primary key references tenants (id),
    mapping jsonb not null,
    updated_by uuid,
    updated_at timestamptz not null default now()
);

create trigger fuel_imports_touch before update on fuel_imports
    for each row execute function touch_updated_at();
create trigger fuel_import_templates_touch before update on fuel_import_templates
    for each row execute function touch_updated_at();

alter table fuel_imports enable row level security;
alter table fuel_imports force row level security;
create policy tenant_isolation on fuel_imports
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
alter table fuel_import_templates enable row level security;
alter table fuel_import_templates force row level security;
create policy tenant_isolation on fuel_import_templates
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
grant select, insert, update, delete on fuel_imports to fleetcore_app;
grant select, insert, update, delete on fuel_import_templates to fleetcore_app;

alter table vehicles add column tank_capacity numeric(7, 1)
    constraint vehicles_tank_capacity_check check (tank_capacity is null or tank_capacity > 0);
