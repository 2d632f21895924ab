-- Contracts (issue 6): a vehicle's leasing, rental, insurance, warranty and service contracts,
-- with their dates, what they cost per payment, and the renewal that links one to the next.
--
-- The status is not stored: `contract_status` reads it off the dates (and a cancellation or a
-- renewal) on the tenant's day, so nobody edits it and it is never stale.

create type contract_type as enum ('leasing', 'rental', 'insurance_casco', 'insurance_osago', 'warranty', 'service_contract');
create type payment_frequency as enum ('one_time', 'monthly', 'quarterly', 'annual');
create type contract_status as enum ('active', 'expired', 'cancelled', 'pending_renewal');

create table contracts (
    id uuid primary key,
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    contract_type contract_type not null,
    contractor text not null,
    number text,
    starts_on date not null,
    ends_on date not null,
    -- What one payment costs (the whole contract for `one_time`).
    amount numeric(14, 2) not null,
    currency text not null,
    payment_frequency payment_frequency not null,
    auto_renew boolean not null default false,
    -- What an insurance covers (other types leave it empty).
    coverage text,
    notes text,
    -- The contract this one renews, and the one that renewed it.
    renewal_of uuid,
    renewed_by uuid,
    cancelled_at timestamptz,
    cancelled_by uuid,
    created_by uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint contracts_tenant_id_key unique (tenant_id, id),
    constraint contracts_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint contracts_renewal_of_fkey foreign key (tenant_id, renewal_of) references contracts (tenant_id, id),
    constraint contracts_renewed_by_fkey foreign key (tenant_id, renewed_by) references contracts (tenant_id, id),
    constraint contracts_renewal_of_key unique (renewal_of),
    constraint contracts_dates_check check (ends_on >= starts_on),
    constraint contracts_amount_check check (amount >= 0),
    constraint contracts_currency_check check (currency ~ '^[A-Z]{3}$')
);

-- Lists run by end date; "expiring soon" reads the open ones (neither cancelled nor renewed)
-- off the second index.
create index contracts_ends_idx on contracts (tenant_id, ends_on, id);
create index contracts_open_ends_idx on contracts (tenant_id, ends_on, id) where cancelled_at is null and renewed_by is null;
create index contracts_vehicle_idx on contracts (tenant_id, vehicle_id, ends_on desc);

create trigger contracts_touch before update on contracts
    for each row execute function touch_updated_at();

alter table contracts enable row level security;
alter table contracts force row level security;
create policy tenant_isolation on contracts
    using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()));
grant select, insert, update, delete on contracts to fleetcore_app;

-- A contract payment turned into an expense names its contract and the day the payment fell
-- due, once.
alter table expenses add column contract_id uuid,
    add column contract_due_on date,
    add constraint expenses_contract_fkey foreign key (tenant_id, contract_id) references contracts (tenant_id, id),
    add constraint expenses_contract_due_key unique (contract_id, contract_due_on),
    add constraint expenses_contract_check check ((contract_id is null) = (contract_due_on is null));
-- The payments recorded in a window (the contracts page's "payments due").
create index expenses_contract_due_idx on expenses (tenant_id, contract_due_on) where contract_id is not null;

-- The status on `today` (the tenant's day), stated once for every query: cancelled is
-- cancelled; past its end it has expired; renewed, its successor carries on and it asks for
-- nothing; within 30 days of its end it awaits renewal; otherwise active (also before it
-- starts: it is signed).
create function contract_status(ends_on date, cancelled_at timestamptz, renewed_by uuid, today date) returns contract_status
    language sql immutable
    return case when cancelled_at is not null then 'cancelled'
                when ends_on < today then 'expired'
                when renewed_by is not null then 'active'
                when ends_on <= today + 30 then 'pending_renewal'
                else 'active' end::contract_status;

update roles set permissions = array(select distinct unnest(permissions || '{contract_read,contract_write}'::text[]) order by 1)
    where is_builtin and key in ('admin', 'fleet_manager');
update roles set permissions = array(select distinct unnest(permissions || '{contract_read}'::text[]) order by 1)
    where is_builtin and key in ('dispatcher', 'viewer');
