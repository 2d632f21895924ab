-- The fleet's fuel consumption, kept as it is measured instead of recomputed from every fill on
-- each request (22 s and 170 MB for 1.2 million fills at --scale 20).
--
-- `fuel_stretches` holds one row per measured stretch, by the full-to-full rule of
-- `expenses::consumption` (which still measures one vehicle's fills for its own tab): the fuel
-- put in after one full tank up to and including the next, over the distance between their
-- odometers. A stretch belongs to the day of the full fill that closes it.
--
-- A change to a vehicle's fuel fills marks the vehicle in `fuel_stretches_stale` (a statement
-- trigger, in the writing transaction); a deferred trigger measures each marked vehicle again
-- from its fills once, when the transaction commits. A 20,000-row fuel statement so measures each
-- of its vehicles once instead of once per row, and a rolled-back preview measures nothing.
create table fuel_stretches (
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid not null,
    -- The full fill that closes the stretch.
    expense_id uuid primary key,
    closed_on date not null,
    distance_km bigint not null,
    quantity numeric(14, 3) not null,
    constraint fuel_stretches_vehicle_fkey foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
    constraint fuel_stretches_distance_check check (distance_km > 0)
);

-- The fleet's figures over a period read this index alone.
create index fuel_stretches_closed_idx on fuel_stretches (tenant_id, closed_on)
    include (vehicle_id, distance_km, quantity);
create index fuel_stretches_vehicle_idx on fuel_stretches (tenant_id, vehicle_id);

create table fuel_stretches_stale (
    tenant_id uuid not null references tenants (id),
    vehicle_id uuid primary key
);

do $$
declare
    t text;
begin
    foreach t in array array['fuel_stretches', 'fuel_stretches_stale'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I using (tenant_id = (select current_tenant_id())) with check (tenant_id = (select current_tenant_id()))',
            t);
        execute format('grant select, insert, delete on %I to fleetcore_app', t);
    end loop;
end;
$$;

-- One vehicle's stretches from its fuel fills, in the order they were made (by day, then as
-- entered), as `expenses::consumption` measures them: a fill's stretch is the number of full
-- fills before it; a stretch is closed by its full fill and measured from the odometer of the
-- full fill closing the stretch before (none, or one without an odometer, measures nothing).
-- The tenant leads every index on these tables, and the migration (which bypasses row-level
-- security) measures the vehicles already there: both are named so the indexes serve.
create function measure_fuel_stretches(tenant uuid, vehicle uuid) returns void
language sql as $$
    delete from fuel_stretches where tenant_id = tenant and vehicle_id = vehicle;
    insert into fuel_stretches (tenant_id, vehicle_id, expense_id, closed_on, distance_km, quantity)
    select tenant_id, vehicle_id, closing_id, closed_on, closing_km - mark_km, quantity
    from (
        select tenant_id, vehicle_id, closing_id, closed_on, closing_km, quantity,
               lag(closing_km) over (order by stretch) as mark_km
        from (
            select tenant_id, vehicle_id, stretch, sum(quantity) as quantity,
                   (array_agg(id) filter (where full_tank))[1] as closing_id,
                   max(spent_on) filter (where full_tank) as closed_on,
                   max(odometer_km) filter (where full_tank) as closing_km
            from (
                select tenant_id, vehicle_id, id, spent_on, fuel_quantity as quantity, full_tank, odometer_km,
                       count(*) filter (where full_tank) over (
                           order by spent_on, created_at, id rows between unbounded preceding and 1 preceding
                       ) as stretch
                from expenses
                where tenant_id = tenant and vehicle_id = vehicle and category = 'fuel'
            ) fills
            group by tenant_id, vehicle_id, stretch
        ) stretches
    ) measured
    where closing_km > mark_km;
    delete from fuel_stretches_stale where vehicle_id = vehicle;
$$;

create function mark_fuel_stretches_stale() returns trigger
language plpgsql as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        insert into fuel_stretches_stale (tenant_id, vehicle_id)
        select distinct tenant_id, vehicle_id from new_rows where category = 'fuel'
        on conflict do nothing;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        insert into fuel_stretches_stale (tenant_id, vehicle_id)
        select distinct tenant_id, vehicle_id from old_rows where category = 'fuel'
        on conflict do nothing;
    end if;
    return null;
end;
$$;

create trigger expenses_fuel_inserted after insert on expenses
    referencing new table as new_rows for each statement execute function mark_fuel_stretches_stale();
create trigger expenses_fuel_updated after update on expenses
    referencing old table as old_rows new table as new_rows for each statement execute function mark_fuel_stretches_stale();
create trigger expenses_fuel_deleted after delete on expenses
    referencing old table as old_rows for each statement execute function mark_fuel_stretches_stale();

create function measure_stale_fuel_stretches() returns trigger
language plpgsql as $$
begin
    perform measure_fuel_stretches(new.tenant_id, new.vehicle_id);
    return null;
end;
$$;

-- At commit, once per vehicle marked (the mark is inserted once; later marks find it there).
create constraint trigger fuel_stretches_stale_measured after insert on fuel_stretches_stale
    deferrable initially deferred for each row execute function measure_stale_fuel_stretches();

-- The fills already recorded.
select measure_fuel_stretches(tenant_id, id) from vehicles;
