//! SQL for the `vehicles` table.
//!
//! Everything is checked at compile time by `query!` except the list, whose sort column comes
//! from the address: it is built with `QueryBuilder`, the column taken from the closed
//! [`VehicleColumn`] set and every value bound. The tests at the bottom cover its filters and
//! sorts against a real database, which the macros would otherwise have done.

use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::model::{
    BodyType, FuelType, Transmission, Vehicle, VehicleColumn, VehicleFacets, VehicleId,
    VehicleInput, VehicleQuery, VehicleStatus,
};
use crate::error::{AppError, OnConstraint};
use crate::listing::Paged;
use crate::tenant::{TenantId, TenantTx};

/// A duplicate plate or VIN as a conflict on that field; any other failure as usual.
fn on_duplicate<T>(result: Result<T, sqlx::Error>) -> Result<T, AppError> {
    result.on_constraints(&[
        ("vehicles_tenant_plate_key", AppError::conflict("plate")),
        ("vehicles_tenant_vin_key", AppError::conflict("vin")),
    ])
}

/// Inserts a vehicle (status active, no mileage yet).
pub async fn insert(tx: &mut TenantTx, v: &VehicleInput) -> Result<VehicleId, AppError> {
    let tenant = tx.tenant_id();
    let id = VehicleId(Uuid::now_v7());
    on_duplicate(
        sqlx::query!(
            "insert into vehicles (id, tenant_id, plate, vin, brand, model, year, color, body_type, fuel_type, engine_volume,
                                   transmission, seats, purchase_date, purchase_price, purchase_currency, department, notes, tank_capacity)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
            id as VehicleId,
            tenant as TenantId,
            v.plate,
            v.vin,
            v.brand,
            v.model,
            v.year,
            v.color,
            v.body_type as BodyType,
            v.fuel_type as FuelType,
            v.engine_volume,
            v.transmission as Option<Transmission>,
            v.seats,
            v.purchase_date,
            v.purchase_price,
            v.purchase_currency,
            v.department,
            v.notes,
            v.tank_capacity,
        )
        .execute(&mut **tx)
        .await,
    )?;
    Ok(id)
}

/// Replaces a vehicle's editable fields; `false` when there is no such vehicle.
pub async fn update(tx: &mut TenantTx, id: VehicleId, v: &VehicleInput) -> Result<bool, AppError> {
    let done = on_duplicate(
        sqlx::query!(
            "update vehicles set plate = $2, vin = $3, brand = $4, model = $5, year = $6, color = $7, body_type = $8,
                    fuel_type = $9, engine_volume = $10, transmission = $11, seats = $12, purchase_date = $13,
                    purchase_price = $14, purchase_currency = $15, department = $16, notes = $17, tank_capacity = $18
             where id = $1",
            id as VehicleId,
            v.plate,
            v.vin,
            v.brand,
            v.model,
            v.year,
            v.color,
            v.body_type as BodyType,
            v.fuel_type as FuelType,
            v.engine_volume,
            v.transmission as Option<Transmission>,
            v.seats,
            v.purchase_date,
            v.purchase_price,
            v.purchase_currency,
            v.department,
            v.notes,
            v.tank_capacity,
        )
        .execute(&mut **tx)
        .await,
    )?;
    Ok(done.rows_affected() == 1)
}

/// Locks the vehicle's row until the transaction ends, so that changes that depend on the
/// vehicle's other records (its readings, its work in progress) happen one after the other;
/// `false` if there is no such vehicle.
pub async fn lock(tx: &mut TenantTx, id: VehicleId) -> Result<bool, AppError> {
    let found = sqlx::query_scalar!(
        "select id from vehicles where id = $1 for update",
        id as VehicleId
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

/// Sets a vehicle's status.
pub async fn set_status(
    tx: &mut TenantTx,
    id: VehicleId,
    status: VehicleStatus,
) -> Result<(), AppError> {
    sqlx::query!(
        "update vehicles set status = $2 where id = $1",
        id as VehicleId,
        status as VehicleStatus
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One vehicle of the tenant, or `None`. The current driver is the one whose assignment
/// covers this moment (see the drivers module).
pub async fn get(tx: &mut TenantTx, id: VehicleId) -> Result<Option<Vehicle>, AppError> {
    Ok(sqlx::query_as!(
        Vehicle,
        r#"select id as "id: VehicleId", plate, vin, brand, model, year, color, body_type as "body_type: BodyType",
                  fuel_type as "fuel_type: FuelType", engine_volume, tank_capacity, transmission as "transmission: Transmission",
                  seats, purchase_date, purchase_price, purchase_currency, current_mileage,
                  status as "status: VehicleStatus", driving.driver_id as "driver_id?", driving.driver_name as "driver_name?",
                  department, notes, created_at, updated_at
           from vehicles left join lateral (
               select a.driver_id, d.full_name as driver_name
               from vehicle_assignments a join drivers d on d.id = a.driver_id
               where a.vehicle_id = vehicles.id and a.period @> statement_timestamp()
           ) driving on true
           where id = $1"#,
        id as VehicleId
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The vehicle with this plate (in canonical form, compared as the unique key compares), if any.
pub async fn id_by_plate(tx: &mut TenantTx, plate: &str) -> Result<Option<VehicleId>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select id as "id: VehicleId" from vehicles where plate_key = upper(regexp_replace($1, '[[:space:]-]', '', 'g'))"#,
        plate
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The vehicle's current driver: the assignment that covers this moment (see the drivers
/// module). `offset 0` keeps it a subquery run per vehicle through the assignments' vehicle
/// index: flattened into a join, a generic plan (which sqlx's prepared statements get after
/// five runs) misjudged the tenant's assignments as a dozen rows and scanned all of them for
/// every vehicle, 2.1 s for page 150 of 208.
const CURRENT_DRIVER: &str = " left join lateral (
         select a.driver_id, d.full_name as driver_name
         from vehicle_assignments a join drivers d on d.id = a.driver_id
         where a.vehicle_id = vehicles.id and a.period @> statement_timestamp()
         offset 0
     ) driving on true";

const LIST_COLUMNS: &str = "select id, plate, vin, brand, model, year, color, body_type, fuel_type, engine_volume,
        tank_capacity, transmission, seats, purchase_date, purchase_price, purchase_currency, current_mileage, status,
        driving.driver_id, driving.driver_name, department, notes, created_at, updated_at";

/// One page of the tenant's vehicles matching `query`, and how many match in all.
///
/// The page is cut from `vehicles` alone and only its rows look up their driver, so a deep
/// page walks the sort's index past the rows before it and looks up 50 drivers, not one per
/// vehicle skipped. Sorting by driver needs every vehicle's driver first.
pub async fn list(tx: &mut TenantTx, query: &VehicleQuery) -> Result<Paged<Vehicle>, AppError> {
    let mut count = QueryBuilder::<Postgres>::new("select count(*) from vehicles where true");
    push_filters(&mut count, query);
    let total: i64 = count.build_query_scalar().fetch_one(&mut **tx).await?;

    let mut rows = QueryBuilder::<Postgres>::new(LIST_COLUMNS);
    if query.sort_column() == VehicleColumn::Driver {
        rows.push(" from vehicles")
            .push(CURRENT_DRIVER)
            .push(" where true");
        push_filters(&mut rows, query);
        push_order_and_page(&mut rows, query);
    } else {
        rows.push(" from (select * from vehicles where true");
        push_filters(&mut rows, query);
        push_order_and_page(&mut rows, query);
        rows.push(") vehicles").push(CURRENT_DRIVER);
        push_order(&mut rows, query);
    }
    let items = rows
        .build_query_as::<Vehicle>()
        .fetch_all(&mut **tx)
        .await?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.limit(),
    })
}

fn push_order(sql: &mut QueryBuilder<'_, Postgres>, query: &VehicleQuery) {
    let dir = query.dir.as_str();
    // The id breaks ties, so paging through equal values never shows a row twice.
    sql.push(format_args!(
        " order by {} {dir} nulls last, id {dir}",
        query.sort_column().sql()
    ));
}

fn push_order_and_page(sql: &mut QueryBuilder<'_, Postgres>, query: &VehicleQuery) {
    push_order(sql, query);
    sql.push(" limit ").push_bind(i64::from(query.page.limit()));
    sql.push(" offset ").push_bind(query.page.offset());
}

/// The `where` conditions of the list (row-level security adds the tenant).
fn push_filters(sql: &mut QueryBuilder<'_, Postgres>, q: &VehicleQuery) {
    if let Some(pattern) = q.search_pattern() {
        sql.push(" and search_text like ").push_bind(pattern);
    }
    if let Some(status) = q.status {
        sql.push(" and status = ").push_bind(status);
    }
    if let Some(brand) = &q.brand {
        sql.push(" and brand = ").push_bind(brand.clone());
    }
    if let Some(body) = q.body_type {
        sql.push(" and body_type = ").push_bind(body);
    }
    if let Some(fuel) = q.fuel_type {
        sql.push(" and fuel_type = ").push_bind(fuel);
    }
    if let Some(department) = &q.department {
        sql.push(" and department = ").push_bind(department.clone());
    }
    if let Some(from) = q.year_from {
        sql.push(" and year >= ").push_bind(from);
    }
    if let Some(to) = q.year_to {
        sql.push(" and year <= ").push_bind(to);
    }
}

/// The brands and departments the tenant's vehicles use, for the list's filters.
///
/// `select distinct` would read every vehicle's index entry (7 ms at 52,000 vehicles); these
/// walk the `(tenant_id, brand)` and `(tenant_id, department)` indexes from one value to the
/// next instead, one probe per distinct value (under a millisecond).
pub async fn facets(tx: &mut TenantTx) -> Result<VehicleFacets, AppError> {
    let brands = sqlx::query_scalar!(
        r#"with recursive found(v) as (
               select min(brand) from vehicles
               union all
               select (select min(brand) from vehicles where brand > found.v) from found where found.v is not null
           )
           select v as "brand!" from found where v is not null"#
    )
    .fetch_all(&mut **tx)
    .await?;
    let departments = sqlx::query_scalar!(
        r#"with recursive found(v) as (
               select min(department) from vehicles
               union all
               select (select min(department) from vehicles where department > found.v) from found where found.v is not null
           )
           select v as "department!" from found where v is not null"#
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(VehicleFacets {
        brands,
        departments,
    })
}

/// The vehicles not decommissioned, by plate: the ones the demo seed gives drivers.
pub async fn ids_in_service(tx: &mut TenantTx) -> Result<Vec<VehicleId>, AppError> {
    Ok(sqlx::query_scalar!(r#"select id as "id: VehicleId" from vehicles where status <> 'decommissioned' order by plate"#)
        .fetch_all(&mut **tx)
        .await?)
}

/// The plates (without spaces and dashes, upper-case) the tenant already has: the demo seed
/// skips those, so it can run twice.
pub async fn plate_keys(tx: &mut TenantTx) -> Result<Vec<String>, AppError> {
    Ok(
        sqlx::query_scalar!(r#"select plate_key as "plate_key!" from vehicles"#)
            .fetch_all(&mut **tx)
            .await?,
    )
}

/// A Kia Rio with `plate` in the test's tenant (SQL tests of other slices need a vehicle).
#[cfg(test)]
pub async fn scratch_vehicle(tx: &mut TenantTx, plate: &str) -> uuid::Uuid {
    use super::{ValidationContext, VehicleForm};
    let cx = ValidationContext {
        country: "KZ",
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    };
    let form = VehicleForm {
        plate: plate.into(),
        brand: "Kia".into(),
        model: "Rio".into(),
        year: "2020".into(),
        body_type: "sedan".into(),
        fuel_type: "gasoline".into(),
        ..Default::default()
    };
    insert(tx, &form.validate(cx).unwrap()).await.unwrap().0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::vehicles::model::{ValidationContext, VehicleForm};
    use crate::listing::{PageRequest, SortDir};
    use crate::tenant::testing::{rows_read, scratch_tenant};

    fn form(
        plate: &str,
        brand: &str,
        model: &str,
        year: i32,
        body: &str,
        department: &str,
    ) -> VehicleInput {
        let cx = ValidationContext {
            country: "KZ",
            today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        };
        VehicleForm {
            plate: plate.into(),
            brand: brand.into(),
            model: model.into(),
            year: year.to_string(),
            body_type: body.into(),
            fuel_type: "gasoline".into(),
            department: department.into(),
            ..Default::default()
        }
        .validate(cx)
        .unwrap()
    }

    async fn fleet(tx: &mut TenantTx) {
        let rows = [
            form("100 AAA 01", "Toyota", "Camry", 2020, "sedan", "Almaty"),
            form(
                "101 AAB 02",
                "Toyota",
                "Land Cruiser",
                2018,
                "suv",
                "Astana",
            ),
            form("102 AAC 01", "Kia", "Rio", 2022, "sedan", "Almaty"),
            form("103 XYZ 05", "Lada", "Niva", 2015, "suv", ""),
            form("104 ABC 01", "Hyundai", "H350", 2021, "bus", "Astana"),
        ];
        for v in &rows {
            insert(tx, v).await.unwrap();
        }
    }

    fn plates(page: &Paged<Vehicle>) -> Vec<&str> {
        page.items.iter().map(|v| v.plate.as_str()).collect()
    }

    #[tokio::test]
    async fn list_filters_combine_and_count_what_matches() {
        let mut tx = scratch_tenant("KZ").await;
        fleet(&mut tx).await;
        let all = list(&mut tx, &VehicleQuery::default()).await.unwrap();
        assert_eq!(all.total, 5);
        let q = |f: fn(&mut VehicleQuery)| {
            let mut q = VehicleQuery::default();
            f(&mut q);
            q
        };
        let cases: [(VehicleQuery, Vec<&str>); 8] = [
            (
                q(|q| q.brand = Some("Toyota".into())),
                vec!["100 AAA 01", "101 AAB 02"],
            ),
            (
                q(|q| q.body_type = Some(BodyType::Suv)),
                vec!["101 AAB 02", "103 XYZ 05"],
            ),
            (
                q(|q| q.department = Some("Astana".into())),
                vec!["101 AAB 02", "104 ABC 01"],
            ),
            (
                q(|q| q.year_from = Some(2020)),
                vec!["100 AAA 01", "102 AAC 01", "104 ABC 01"],
            ),
            (
                q(|q| (q.year_from, q.year_to) = (Some(2016), Some(2020))),
                vec!["100 AAA 01", "101 AAB 02"],
            ),
            (q(|q| q.q = Some("cruis".into())), vec!["101 AAB 02"]),
            // A plate typed without its spaces, in lower case, still matches.
            (q(|q| q.q = Some("102aac".into())), vec!["102 AAC 01"]),
            (
                q(|q| (q.brand, q.department) = (Some("Toyota".into()), Some("Almaty".into()))),
                vec!["100 AAA 01"],
            ),
        ];
        for (query, expected) in cases {
            let page = list(&mut tx, &query).await.unwrap();
            assert_eq!(plates(&page), expected, "{query:?}");
            assert_eq!(page.total, expected.len() as i64, "{query:?}");
        }
        set_status(&mut tx, all.items[0].id, VehicleStatus::Reserved)
            .await
            .unwrap();
        let reserved = list(&mut tx, &q(|q| q.status = Some(VehicleStatus::Reserved)))
            .await
            .unwrap();
        assert_eq!(plates(&reserved), vec!["100 AAA 01"]);
        let wildcard = list(&mut tx, &q(|q| q.q = Some("%".into()))).await.unwrap();
        assert_eq!(
            wildcard.total, 0,
            "a % in the search box is a character, not a wildcard"
        );
        let facets = facets(&mut tx).await.unwrap();
        assert_eq!(facets.brands, vec!["Hyundai", "Kia", "Lada", "Toyota"]);
        assert_eq!(facets.departments, vec!["Almaty", "Astana"]);
    }

    #[tokio::test]
    async fn list_sorts_by_any_column_both_ways_and_pages() {
        let mut tx = scratch_tenant("KZ").await;
        fleet(&mut tx).await;
        let sorted = |sort, dir| VehicleQuery {
            sort: Some(sort),
            dir,
            ..Default::default()
        };
        let by_year = list(&mut tx, &sorted(VehicleColumn::Year, SortDir::Asc))
            .await
            .unwrap();
        assert_eq!(
            by_year.items.iter().map(|v| v.year).collect::<Vec<_>>(),
            vec![2015, 2018, 2020, 2021, 2022]
        );
        let by_year_desc = list(&mut tx, &sorted(VehicleColumn::Year, SortDir::Desc))
            .await
            .unwrap();
        assert_eq!(by_year_desc.items[0].year, 2022);
        let by_brand = list(&mut tx, &sorted(VehicleColumn::Brand, SortDir::Desc))
            .await
            .unwrap();
        assert_eq!(
            by_brand
                .items
                .iter()
                .map(|v| v.brand.as_str())
                .collect::<Vec<_>>(),
            vec!["Toyota", "Toyota", "Lada", "Kia", "Hyundai"]
        );
        // A missing department sorts last whichever way.
        for dir in [SortDir::Asc, SortDir::Desc] {
            let by_department = list(&mut tx, &sorted(VehicleColumn::Department, dir))
                .await
                .unwrap();
            assert_eq!(by_department.items[4].department, None, "{dir:?}");
        }
        for column in VehicleColumn::ALL {
            let page = list(&mut tx, &sorted(column, SortDir::Desc)).await.unwrap();
            assert_eq!(page.items.len(), 5, "{column:?}");
        }
        let second = VehicleQuery {
            page: PageRequest {
                page: 2,
                per_page: 2,
            },
            ..Default::default()
        };
        let page = list(&mut tx, &second).await.unwrap();
        assert_eq!(plates(&page), vec!["102 AAC 01", "103 XYZ 05"]);
        assert_eq!((page.total, page.pages()), (5, 3));
    }

    /// 120 vehicles, `BULK 001`.. by plate, each driven now by a driver of its own.
    async fn driven_fleet(tx: &mut TenantTx) {
        sqlx::raw_sql(
            "insert into vehicles (id, tenant_id, plate, brand, model, year, body_type, fuel_type, current_mileage)
             select gen_random_uuid(), current_tenant_id(), 'BULK ' || lpad(n::text, 3, '0'), 'Kia', 'Rio',
                    2000 + n % 7, 'sedan', 'gasoline', n % 5 * 1000
             from generate_series(1, 120) n;
             insert into drivers (id, tenant_id, full_name, employee_number)
             select gen_random_uuid(), current_tenant_id(), 'Driver of ' || plate, plate from vehicles;
             insert into vehicle_assignments (id, tenant_id, vehicle_id, driver_id, period, driver_exclusive)
             select gen_random_uuid(), current_tenant_id(), v.id, d.id, tstzrange(now() - interval '1 day', null), true
             from vehicles v join drivers d on d.employee_number = v.plate",
        )
        .execute(&mut **tx)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn every_page_is_its_slice_of_the_whole_list_with_its_drivers() {
        let mut tx = scratch_tenant("KZ").await;
        driven_fleet(&mut tx).await;
        for sort in VehicleColumn::ALL {
            for dir in [SortDir::Asc, SortDir::Desc] {
                let query = |page, per_page| VehicleQuery {
                    sort: Some(sort),
                    dir,
                    page: PageRequest { page, per_page },
                    ..Default::default()
                };
                let whole = list(&mut tx, &query(1, 120)).await.unwrap().items;
                let mut paged = Vec::new();
                for page in 1..=12 {
                    paged.extend(list(&mut tx, &query(page, 10)).await.unwrap().items);
                }
                let ids = |v: &[Vehicle]| v.iter().map(|v| v.id).collect::<Vec<_>>();
                assert_eq!(ids(&paged), ids(&whole), "{sort:?} {dir:?}");
                assert!(
                    paged.iter().all(|v| v.driver_name.as_deref()
                        == Some(format!("Driver of {}", v.plate).as_str())),
                    "{sort:?} {dir:?}"
                );
            }
        }
    }

    #[tokio::test]
    async fn a_deep_page_looks_up_the_drivers_of_its_own_rows_only() {
        let mut tx = scratch_tenant("KZ").await;
        driven_fleet(&mut tx).await;
        // The plan sqlx's prepared statements settle on after five runs.
        sqlx::query("set local plan_cache_mode = force_generic_plan")
            .execute(&mut *tx)
            .await
            .unwrap();
        let deep = VehicleQuery {
            page: PageRequest {
                page: 11,
                per_page: 10,
            },
            ..Default::default()
        };
        let before = rows_read(&mut tx, "vehicle_assignments").await;
        let page = list(&mut tx, &deep).await.unwrap();
        assert_eq!(page.items[0].plate, "BULK 101");
        let read = rows_read(&mut tx, "vehicle_assignments").await - before;
        assert!(read <= 10, "read {read} assignments for a page of 10");
    }

    #[tokio::test]
    async fn duplicates_are_conflicts_on_their_field() {
        let mut tx = scratch_tenant("KZ").await;
        let mut v = form("200 DUP 01", "Kia", "Rio", 2020, "sedan", "");
        v.vin = Some("XW8ZZZ61ZKG000001".into());
        insert(&mut tx, &v).await.unwrap();
        let mut same_plate = v.clone();
        same_plate.vin = None;
        let mut same_vin = form("201 DUP 01", "Kia", "Rio", 2020, "sedan", "");
        same_vin.vin = v.vin.clone();
        for (dup, field) in [(same_plate, "plate"), (same_vin, "vin")] {
            // A failed statement spoils the transaction: each attempt gets a savepoint.
            sqlx::query("savepoint attempt")
                .execute(&mut *tx)
                .await
                .unwrap();
            assert_eq!(
                insert(&mut tx, &dup).await,
                Err(AppError::Conflict {
                    field: field.into()
                })
            );
            sqlx::query("rollback to savepoint attempt")
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        assert_eq!(
            list(&mut tx, &VehicleQuery::default()).await.unwrap().total,
            1
        );
    }
}
