//! SQL for `inspection_templates`, `inspections`, `inspection_items` and `defects`.

use uuid::Uuid;

use super::model::{
    Answer, Defect, DefectQuery, DefectStatus, Inspection, InspectionQuery, ItemResult, Template,
    TemplateInput,
};
use crate::error::{AppError, OnConstraint};
use crate::fleet::vehicles::BodyType;
use crate::listing::Paged;
use crate::tenant::{TenantId, TenantTx};

fn name_taken() -> AppError {
    AppError::Conflict {
        field: "name".into(),
    }
}

/// Stores a new template.
pub async fn insert_template(
    tx: &mut TenantTx,
    t: &TemplateInput,
    created_by: Uuid,
) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    sqlx::query!(
        "insert into inspection_templates (id, tenant_id, name, body_type, items, created_by) values ($1, $2, $3, $4, $5, $6)",
        id,
        tx.tenant_id() as TenantId,
        t.name,
        t.body_type as Option<BodyType>,
        &t.items,
        created_by,
    )
    .execute(&mut **tx)
    .await
    .on_constraint("inspection_templates_name_key", name_taken)?;
    Ok(id)
}

/// Replaces a template's name, body type and items (past inspections keep their own copy).
pub async fn update_template(
    tx: &mut TenantTx,
    id: Uuid,
    t: &TemplateInput,
) -> Result<(), AppError> {
    sqlx::query!(
        "update inspection_templates set name = $2, body_type = $3, items = $4 where id = $1",
        id,
        t.name,
        t.body_type as Option<BodyType>,
        &t.items,
    )
    .execute(&mut **tx)
    .await
    .on_constraint("inspection_templates_name_key", name_taken)?;
    Ok(())
}

/// Every template by name, or the one with `id`; with `body_type`, those for it or for every
/// vehicle.
pub async fn templates(
    tx: &mut TenantTx,
    id: Option<Uuid>,
    body_type: Option<BodyType>,
) -> Result<Vec<Template>, AppError> {
    Ok(sqlx::query_as!(
        Template,
        r#"select t.id, t.name, t.body_type as "body_type: BodyType", t.items,
                  (select count(*) from inspections i where i.template_id = t.id) as "inspections!"
           from inspection_templates t
           where ($1::uuid is null or t.id = $1) and ($2::vehicle_body_type is null or t.body_type is null or t.body_type = $2)
           order by t.name, t.id"#,
        id,
        body_type as Option<BodyType>,
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// What storing an inspection needs besides its answers.
pub struct NewInspection<'a> {
    pub vehicle_id: Uuid,
    pub template: &'a Template,
    pub mileage_km: i64,
    pub reading_id: Uuid,
    pub notes: Option<&'a str>,
    pub performed_by: Uuid,
    pub performed_at: chrono::DateTime<chrono::Utc>,
}

/// Stores an inspection, its answers, and a defect for each failed answer, in one statement.
pub async fn insert_inspection(
    tx: &mut TenantTx,
    new: &NewInspection<'_>,
    answers: &[(ItemResult, Option<String>)],
) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    let positions: Vec<i32> = (0..).take(answers.len()).collect();
    let results: Vec<String> = answers.iter().map(|(r, _)| r.as_str().to_owned()).collect();
    let notes: Vec<Option<String>> = answers.iter().map(|(_, n)| n.clone()).collect();
    let defect_ids: Vec<Uuid> = answers.iter().map(|_| Uuid::now_v7()).collect();
    sqlx::query!(
        "with inspection as (
             insert into inspections (id, tenant_id, vehicle_id, template_id, template_name, mileage_km, reading_id, notes, performed_by, performed_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $15) returning id),
         items as (
             insert into inspection_items (tenant_id, inspection_id, position, label, result, note)
             select $2, (select id from inspection), a.position, ($10::text[])[a.position + 1], a.result::inspection_result, a.note
             from unnest($11::int4[], $12::text[], $13::text[]) as a(position, result, note)
             returning position, result)
         insert into defects (id, tenant_id, vehicle_id, inspection_id, position, created_at)
         select ($14::uuid[])[i.position + 1], $2, $3, $1, i.position, $15 from items i where i.result = 'fail'",
        id,
        tx.tenant_id() as TenantId,
        new.vehicle_id,
        new.template.id,
        new.template.name,
        new.mileage_km,
        new.reading_id,
        new.notes,
        new.performed_by,
        &new.template.items,
        &positions,
        &results,
        &notes as &[Option<String>],
        &defect_ids,
        new.performed_at,
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A page of inspections, the latest first; `time_zone` is the reader's, for local times.
pub async fn inspections(
    tx: &mut TenantTx,
    id: Option<Uuid>,
    query: &InspectionQuery,
    time_zone: &str,
) -> Result<Paged<Inspection>, AppError> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from inspections i
           where ($1::uuid is null or i.vehicle_id = $1)
             and (not $2 or exists (select 1 from inspection_items it where it.inspection_id = i.id and it.result = 'fail'))"#,
        query.vehicle,
        query.failed,
    )
    .fetch_one(&mut **tx)
    .await?;
    let items = sqlx::query_as!(
        Inspection,
        r#"select i.id, i.vehicle_id, v.plate, i.template_id, i.template_name, i.mileage_km, i.reading_id, i.notes,
                  i.performed_by, u.full_name as performed_by_name, i.performed_at, (i.performed_at at time zone $6) as "performed_local!",
                  (select count(*) from inspection_items it where it.inspection_id = i.id and it.result = 'fail') as "failed!"
           from inspections i join vehicles v on v.id = i.vehicle_id join users u on u.id = i.performed_by
           where ($1::uuid is null or i.id = $1) and ($2::uuid is null or i.vehicle_id = $2)
             and (not $3 or exists (select 1 from inspection_items it where it.inspection_id = i.id and it.result = 'fail'))
           order by i.performed_at desc, i.id desc
           limit $4 offset $5"#,
        id,
        query.vehicle,
        query.failed,
        i64::from(query.page.limit()),
        query.page.offset(),
        time_zone,
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.limit(),
    })
}

/// One inspection's answers, in checklist order.
pub async fn answers(tx: &mut TenantTx, inspection: Uuid) -> Result<Vec<Answer>, AppError> {
    Ok(sqlx::query_as!(
        Answer,
        r#"select position, label, result as "result: ItemResult", note from inspection_items where inspection_id = $1 order by position"#,
        inspection
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// A page of defects matching the query (or the one with `id`, or those of one inspection):
/// unresolved first, the latest first.
pub async fn defects(
    tx: &mut TenantTx,
    id: Option<Uuid>,
    inspection: Option<Uuid>,
    query: &DefectQuery,
) -> Result<Paged<Defect>, AppError> {
    let total = sqlx::query_scalar!(
        r#"select count(*) as "n!" from defects d
           where ($1::uuid is null or d.vehicle_id = $1) and ($2::defect_status is null or d.status = $2)
             and (not $3 or d.status <> 'resolved')"#,
        query.vehicle,
        query.status as Option<DefectStatus>,
        query.unresolved,
    )
    .fetch_one(&mut **tx)
    .await?;
    let items = sqlx::query_as!(
        Defect,
        r#"select d.id, d.vehicle_id, v.plate, d.inspection_id, d.position, it.label, it.note, d.status as "status: DefectStatus",
                  d.work_order_id, d.created_at, d.acknowledged_at, d.resolved_at
           from defects d join vehicles v on v.id = d.vehicle_id
           join inspection_items it on it.inspection_id = d.inspection_id and it.position = d.position
           where ($1::uuid is null or d.id = $1) and ($2::uuid is null or d.inspection_id = $2)
             and ($3::uuid is null or d.vehicle_id = $3) and ($4::defect_status is null or d.status = $4)
             and (not $5 or d.status <> 'resolved')
           order by d.status = 'resolved', d.created_at desc, d.position
           limit $6 offset $7"#,
        id,
        inspection,
        query.vehicle,
        query.status as Option<DefectStatus>,
        query.unresolved,
        i64::from(query.page.limit()),
        query.page.offset(),
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.limit(),
    })
}

/// Locks a defect for a change and answers its status; `None` if the tenant has no such defect.
pub async fn lock_defect(tx: &mut TenantTx, id: Uuid) -> Result<Option<DefectStatus>, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select status as "status: DefectStatus" from defects where id = $1 for update"#,
        id
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Moves a defect, stamping when it was acknowledged (also when resolved straight away) and
/// resolved.
pub async fn set_defect_status(
    tx: &mut TenantTx,
    id: Uuid,
    to: DefectStatus,
    by: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "update defects set status = $2, updated_by = $3,
                acknowledged_at = coalesce(acknowledged_at, statement_timestamp()),
                resolved_at = case when $2::defect_status = 'resolved' then statement_timestamp() end
         where id = $1",
        id,
        to as DefectStatus,
        by,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether the tenant has a checklist named `name` (the demo seed writes its own once).
pub async fn template_named(tx: &mut TenantTx, name: &str) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists (select 1 from inspection_templates where name = $1) as "any!""#,
        name
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Links a defect to the work order it was turned into.
pub async fn link_work_order(
    tx: &mut TenantTx,
    id: Uuid,
    work_order: Uuid,
    by: Uuid,
) -> Result<(), AppError> {
    sqlx::query!(
        "update defects set work_order_id = $2, updated_by = $3 where id = $1",
        id,
        work_order,
        by
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
