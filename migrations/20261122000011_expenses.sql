-- Expenses (issue 6): what each vehicle costs, in the currency it was paid in, and the daily
-- exchange rates that turn every amount into the tenant's reporting currency at its own date.
--
-- A fuel expense also says how much went into the tank (litres, or kWh for an electric
-- vehicle), whether the tank was filled up, and the odometer then, which the expenses slice
-- records through the mileage rules as a reading with source `fuel`.

create table exchange_rates (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    currency text not null,
    rate_on date not null,
    -- Units of the tenant's reporting currency one unit of `currency` buys on `rate_on`.
    rate numeric(20, 10) not null,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint exchange_rates_day_key unique (tenant_id, currency, rate_on),
    constraint exchange_rates_currency_check check (currency ~ '^[A-Z]{3}$'),
    constraint exchange_rates_rate_check check (rate > 0)
);

create type expense_category as enum ('fuel', 'parts', 'service', 'insurance', 'tax', 'fine', 'parking', 'toll', 'washing', 'other');

create table expenses (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    driver_id uuid,
    category expense_category not null,
    amount numeric(14, 2) not null,
    currency text not null,
    spent_on date not null,
    description text,
    vendor text,
    -- Fuel only: how much (litres or kWh), at what price per unit, of which fuel, whether the
    -- tank was filled up, and the odometer with the reading it made.
    fuel_quantity numeric(10, 3),
    fuel_unit_price numeric(12, 4),
    fuel_type vehicle_fuel_type,
    full_tank boolean,
    odometer_km bigint,
    reading_id uuid,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint expenses_tenant_id_key unique (tenant_id, id),
    constraint expenses_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint expenses_driver_fkey foreign key (tenant_id, driver_id) references drivers (tenant_id, id),
    constraint expenses_reading_fkey foreign key (tenant_id, reading_id) references mileage_readings (tenant_id, id),
    constraint expenses_amount_check check (amount > 0),
    constraint expenses_currency_check check (currency ~ '^[A-Z]{3}$'),
    constraint expenses_fuel_check check (
        (category = 'fuel') = (fuel_quantity is not null and fuel_type is not null and full_tank is not null)
        and (fuel_quantity is null or fuel_quantity > 0)
        and (fuel_unit_price is null or fuel_unit_price > 0)
        and (odometer_km is null or (category = 'fuel' and odometer_km between 0 and 10000000)))
);

create index expenses_spent_idx on expenses (tenant_id, spent_on desc, created_at desc, id);
create index expenses_vehicle_idx on expenses (tenant_id, vehicle_id, spent_on desc);
create index expenses_driver_idx on expenses (tenant_id, driver_id, spent_on desc) where driver_id is not null;

create trigger exchange_rates_touch before update on exchange_rates
    for each row execute function touch_updated_at();
create trigger expenses_touch before update on expenses
    for each row execute function touch_updated_at();

alter table exchange_rates enable row level security;
alter table exchange_rates force row level security;
create policy tenant_isolation on exchange_rates
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
alter table expenses enable row level security;
alter table expenses force row level security;
create policy tenant_isolation on expenses
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));

grant select, insert, update, delete on exchange_rates to fleetcore_app;
grant select, insert, update, delete on expenses to fleetcore_app;

-- Default roles of tenants provisioned before this migration gain what the new defaults give
-- (see DefaultRole::permissions).
update roles set permissions = array(select distinct unnest(permissions || '{expense_read,expense_write}'::text[]) order by 1)
    where is_builtin and key in ('admin', 'fleet_manager');
update roles set permissions = array(select distinct unnest(permissions || '{expense_read}'::text[]) order by 1)
    where is_builtin and key in ('dispatcher', 'viewer');

-- Which rate converts an amount (see `money::model`): its own day's, else the latest before
-- it; the reporting currency converts at 1; null when no rate applies. Stated once here for
-- every query that converts.
create function exchange_rate(amount_currency text, on_day date, reporting text) returns numeric
    language sql stable
    return case when amount_currency = reporting then 1::numeric
                else (select r.rate from exchange_rates r
                      where r.currency = amount_currency and r.rate_on <= on_day
                      order by r.rate_on desc limit 1) end;
