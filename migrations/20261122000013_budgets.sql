-- Budgets (issue 6): what a department, or one vehicle, may spend in a month, in the tenant's
-- reporting currency, and the share of it at which the budget warns. The actual spend is not
-- stored: it is the month's expenses, converted like every total.

create table budgets (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    -- The first day of the month.
    month date not null,
    department text,
    vehicle_id uuid,
    amount numeric(14, 2) not null,
    -- Warn once the actual spend reaches this share of the amount.
    alert_percent integer not null default 90,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint budgets_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint budgets_scope_check check ((department is null) <> (vehicle_id is null)),
    constraint budgets_month_check check (extract(day from month) = 1),
    constraint budgets_amount_check check (amount > 0),
    constraint budgets_alert_check check (alert_percent between 1 and 100)
);

create unique index budgets_department_key on budgets (tenant_id, month, department) where department is not null;
create unique index budgets_vehicle_key on budgets (tenant_id, month, vehicle_id) where vehicle_id is not null;

create trigger budgets_touch before update on budgets
    for each row execute function touch_updated_at();

alter table budgets enable row level security;
alter table budgets force row level security;
create policy tenant_isolation on budgets
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
grant select, insert, update, delete on budgets to fleetcore_app;
