//! SQL for the `drivers` table.
//!
//! Like the vehicle list, the driver list is built with `QueryBuilder` (its sort column comes
//! from the closed [`DriverColumn`] set, every value is bound) and covered by the tests below.
//! Days left on papers are counted from the tenant's `today`, which the caller passes in.

use chrono::NaiveDate;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::model::{Driver, DriverAccount, DriverId, DriverInput, DriverQuery, DriverStatus};
use crate::error::{AppError, OnConstraint};
use crate::listing::Paged;
use crate::tenant::{TenantId, TenantTx};

/// A duplicate employee number or an account linked twice, as a conflict on that field.
fn on_duplicate<T>(result: Result<T, sqlx::Error>) -> Result<T, AppError> {
    result.on_constraints(&[
        (
            "drivers_tenant_employee_number_key",
            AppError::conflict("employee_number"),
        ),
        ("drivers_tenant_user_key", AppError::conflict("user_id")),
    ])
}

/// Inserts a driver.
pub async fn insert(tx: &mut TenantTx, d: &DriverInput) -> Result<DriverId, AppError> {
    let tenant = tx.tenant_id();
    let id = DriverId(Uuid::now_v7());
    on_duplicate(
        sqlx::query!(
            "insert into drivers (id, tenant_id, full_name, employee_number, phone, email, user_id, licence_number,
                                  licence_categories, licence_expiry, medical_expiry, hire_date, department, status, languages, notes)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            id as DriverId,
            tenant as TenantId,
            d.full_name,
            d.employee_number,
            d.phone,
            d.email,
            d.user_id,
            d.licence_number,
            &d.licence_categories,
            d.licence_expiry,
            d.medical_expiry,
            d.hire_date,
            d.department,
            d.status as DriverStatus,
            &d.languages,
            d.notes,
        )
        .execute(&mut **tx)
        .await,
    )?;
    Ok(id)
}

/// Replaces a driver's fields; `false` when there is no such driver.
pub async fn update(tx: &mut TenantTx, id: DriverId, d: &DriverInput) -> Result<bool, AppError> {
    let done = on_duplicate(
        sqlx::query!(
            "update drivers set full_name = $2, employee_number = $3, phone = $4, email = $5, user_id = $6, licence_number = $7,
                    licence_categories = $8, licence_expiry = $9, medical_expiry = $10, hire_date = $11, department = $12,
                    status = $13, languages = $14, notes = $15
             where id = $1",
            id as DriverId,
            d.full_name,
            d.employee_number,
            d.phone,
            d.email,
            d.user_id,
            d.licence_number,
            &d.licence_categories,
            d.licence_expiry,
            d.medical_expiry,
            d.hire_date,
            d.department,
            d.status as DriverStatus,
            &d.languages,
            d.notes,
        )
        .execute(&mut **tx)
        .await,
    )?;
    Ok(done.rows_affected() == 1)
}

/// Links a user's sign-in to a driver who has none, unless the user is linked already;
/// `false` if nothing changed.
pub async fn link_user(tx: &mut TenantTx, id: DriverId, user: Uuid) -> Result<bool, AppError> {
    let done = sqlx::query!(
        "update drivers set user_id = $2
         where id = $1 and user_id is null and not exists (select 1 from drivers where user_id = $2)",
        id as DriverId,
        user
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One driver of the tenant, or `None`.
pub async fn get(
    tx: &mut TenantTx,
    id: DriverId,
    today: NaiveDate,
) -> Result<Option<Driver>, AppError> {
    Ok(sqlx::query_as!(
        Driver,
        r#"select id as "id: DriverId", full_name, employee_number, phone, email, user_id, licence_number,
                  licence_categories, licence_expiry, medical_expiry, hire_date, department, status as "status: DriverStatus",
                  languages, notes, licence_expiry - $2 as licence_days_left, medical_expiry - $2 as medical_days_left,
                  (select min(expires_on) from driver_certifications c where c.driver_id = drivers.id) - $2 as certificate_days_left,
                  created_at, updated_at
           from drivers where id = $1"#,
        id as DriverId,
        today,
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// The driver with this employee number (as typed in an assignment form), if any.
pub async fn id_by_employee_number(
    tx: &mut TenantTx,
    employee_number: &str,
) -> Result<Option<DriverId>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select id as "id: DriverId" from drivers where employee_number = $1"#,
        employee_number.trim()
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// One page of the tenant's drivers matching `query`, and how many match in all.
pub async fn list(
    tx: &mut TenantTx,
    query: &DriverQuery,
    today: NaiveDate,
) -> Result<Paged<Driver>, AppError> {
    let mut count = QueryBuilder::<Postgres>::new("select count(*) from drivers where true");
    push_filters(&mut count, query, today);
    let total: i64 = count.build_query_scalar().fetch_one(&mut **tx).await?;

    let mut rows = QueryBuilder::<Postgres>::new(
        "select id, full_name, employee_number, phone, email, user_id, licence_number, licence_categories, licence_expiry,
                medical_expiry, hire_date, department, status, languages, notes, licence_expiry - ",
    );
    rows.push_bind(today)
        .push(" as licence_days_left, medical_expiry - ")
        .push_bind(today);
    rows.push(" as medical_days_left, (select min(expires_on) from driver_certifications c where c.driver_id = drivers.id) - ");
    rows.push_bind(today)
        .push(" as certificate_days_left, created_at, updated_at from drivers where true");
    push_filters(&mut rows, query, today);
    let dir = query.dir.as_str();
    // The id breaks ties, so paging through equal values never shows a row twice.
    rows.push(format_args!(
        " order by {} {dir} nulls last, id {dir}",
        query.sort_column().sql()
    ));
    rows.push(" limit ")
        .push_bind(i64::from(query.page.limit()));
    rows.push(" offset ").push_bind(query.page.offset());
    let items = rows.build_query_as::<Driver>().fetch_all(&mut **tx).await?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.limit(),
    })
}

/// The `where` conditions of the list (row-level security adds the tenant).
fn push_filters(sql: &mut QueryBuilder<'_, Postgres>, q: &DriverQuery, today: NaiveDate) {
    if let Some(pattern) = q.search_pattern() {
        sql.push(" and search_text like ").push_bind(pattern);
    }
    if let Some(status) = q.status {
        sql.push(" and status = ").push_bind(status);
    }
    if let Some(department) = &q.department {
        sql.push(" and department = ").push_bind(department.clone());
    }
    if let Some(days) = q.expiring_within {
        // `least` skips nulls: a driver is listed when any dated paper is due (or overdue).
        sql.push(
            " and least(licence_expiry, medical_expiry,
                        (select min(expires_on) from driver_certifications c where c.driver_id = drivers.id)) <= ",
        )
        .push_bind(today.checked_add_days(chrono::Days::new(u64::try_from(days).unwrap_or(0))));
    }
}

/// The departments the tenant's drivers are in.
pub async fn departments(tx: &mut TenantTx) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar!(r#"select distinct department as "department!" from drivers where department is not null order by 1"#)
        .fetch_all(&mut **tx)
        .await?)
}

/// Active users with the driver role: the sign-ins a driver record can be linked to.
pub async fn driver_accounts(tx: &mut TenantTx) -> Result<Vec<DriverAccount>, AppError> {
    Ok(sqlx::query_as!(
        DriverAccount,
        "select u.id as user_id, u.full_name, u.email
         from users u
         where u.is_active and exists (
             select 1 from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id and r.key = 'driver'
         )
         order by u.full_name"
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Active drivers whose licence and medical certificate are valid on `day`, by employee number:
/// the ones the demo seed puts in vehicles.
pub async fn ids_assignable_on(
    tx: &mut TenantTx,
    day: NaiveDate,
) -> Result<Vec<DriverId>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select id as "id: DriverId" from drivers
           where status = 'active' and coalesce(licence_expiry, $1) >= $1 and coalesce(medical_expiry, $1) >= $1
           order by employee_number"#,
        day
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// The employee numbers the tenant already uses: the demo seed skips those, so it can run twice.
pub async fn employee_numbers(tx: &mut TenantTx) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar!("select employee_number from drivers")
        .fetch_all(&mut **tx)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::drivers::model::{DriverColumn, DriverForm};
    use crate::listing::SortDir;
    use crate::tenant::testing::scratch_tenant;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn driver(name: &str, number: &str, licence_expiry: &str, department: &str) -> DriverInput {
        DriverForm {
            full_name: name.into(),
            employee_number: number.into(),
            licence_expiry: licence_expiry.into(),
            department: department.into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap()
    }

    async fn crew(tx: &mut TenantTx) {
        let rows = [
            driver("Aigerim Nurlanovna", "K-1", "2026-11-20", "Almaty"),
            driver("Bolat Serikov", "K-2", "2026-11-29", "Astana"),
            driver("Daniyar Akhmetov", "K-3", "2027-06-01", "Almaty"),
            driver("Yerlan Omarov", "K-4", "", ""),
        ];
        for d in &rows {
            insert(tx, d).await.unwrap();
        }
    }

    fn names(page: &Paged<Driver>) -> Vec<&str> {
        page.items.iter().map(|d| d.full_name.as_str()).collect()
    }

    #[tokio::test]
    async fn list_filters_by_search_department_and_papers_due() {
        let mut tx = scratch_tenant("KZ").await;
        crew(&mut tx).await;
        let q = |f: fn(&mut DriverQuery)| {
            let mut q = DriverQuery::default();
            f(&mut q);
            q
        };
        let cases: [(DriverQuery, Vec<&str>); 5] = [
            (
                DriverQuery::default(),
                vec![
                    "Aigerim Nurlanovna",
                    "Bolat Serikov",
                    "Daniyar Akhmetov",
                    "Yerlan Omarov",
                ],
            ),
            (q(|q| q.q = Some("serik".into())), vec!["Bolat Serikov"]),
            (q(|q| q.q = Some("k-3".into())), vec!["Daniyar Akhmetov"]),
            (
                q(|q| q.department = Some("Almaty".into())),
                vec!["Aigerim Nurlanovna", "Daniyar Akhmetov"],
            ),
            // Expired two days ago, and due in seven days; no date at all is never "due".
            (
                q(|q| q.expiring_within = Some(7)),
                vec!["Aigerim Nurlanovna", "Bolat Serikov"],
            ),
        ];
        for (query, expected) in cases {
            let page = list(&mut tx, &query, today()).await.unwrap();
            assert_eq!(names(&page), expected, "{query:?}");
            assert_eq!(page.total, expected.len() as i64, "{query:?}");
        }
        let all = list(&mut tx, &DriverQuery::default(), today())
            .await
            .unwrap();
        let days: Vec<Option<i32>> = all.items.iter().map(|d| d.licence_days_left).collect();
        assert_eq!(days, vec![Some(-2), Some(7), Some(191), None]);
    }

    #[tokio::test]
    async fn list_sorts_by_every_column() {
        let mut tx = scratch_tenant("KZ").await;
        crew(&mut tx).await;
        for column in DriverColumn::ALL {
            for dir in [SortDir::Asc, SortDir::Desc] {
                let page = list(
                    &mut tx,
                    &DriverQuery {
                        sort: Some(column),
                        dir,
                        ..Default::default()
                    },
                    today(),
                )
                .await
                .unwrap();
                assert_eq!(page.items.len(), 4, "{column:?} {dir:?}");
            }
        }
        let by_expiry = DriverQuery {
            sort: Some(DriverColumn::LicenceExpiry),
            dir: SortDir::Desc,
            ..Default::default()
        };
        let page = list(&mut tx, &by_expiry, today()).await.unwrap();
        assert_eq!(
            names(&page),
            vec![
                "Daniyar Akhmetov",
                "Bolat Serikov",
                "Aigerim Nurlanovna",
                "Yerlan Omarov"
            ]
        );
    }

    #[tokio::test]
    async fn a_duplicate_employee_number_is_a_conflict_on_its_field() {
        let mut tx = scratch_tenant("KZ").await;
        insert(&mut tx, &driver("A", "K-1", "", "")).await.unwrap();
        assert_eq!(
            insert(&mut tx, &driver("B", "K-1", "", "")).await,
            Err(AppError::conflict("employee_number"))
        );
    }
}
