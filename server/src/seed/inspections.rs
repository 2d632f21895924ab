//! Inspections for the demo fleets: a pre-trip checklist for every vehicle and one for buses,
//! in the tenant's language, and a recent inspection of the first vehicles in service at their
//! latest odometer reading, done by the tenant's mechanic. One in three found something (a
//! defect left open, now and then one already acknowledged), so the inspection pages have
//! defects to act on.
//!
//! A tenant that has the demo's pre-trip checklist already is left alone.

use uuid::Uuid;

use app::error::AppError;
use app::fleet::mileage::db as mileage;
use app::fleet::vehicles::{BodyType, db as vehicles};
use app::inspections::db::{self, NewInspection};
use app::inspections::model::{DefectQuery, DefectStatus, ItemResult, TemplateInput};
use app::listing::PageRequest;
use app::tenant::{TenantId, TenantTx};

/// How many vehicles of each tenant have an inspection.
const INSPECTED: usize = 12;

/// A demo checklist: its name, the body type it is for (none: every vehicle) and its items.
type Checklist = (&'static str, Option<BodyType>, &'static [&'static str]);

/// One tenant's checklists, the every-vehicle one first.
fn checklists(slug: &str) -> Option<[Checklist; 2]> {
    match slug {
        "kazfleet" => Some([
            (
                "Предрейсовый осмотр",
                None,
                &[
                    "Шины и давление",
                    "Световые приборы",
                    "Тормоза",
                    "Уровень масла",
                    "Стеклоочистители",
                    "Аптечка и огнетушитель",
                ][..],
            ),
            (
                "Осмотр автобуса",
                Some(BodyType::Bus),
                &[
                    "Двери и аварийные выходы",
                    "Ремни безопасности",
                    "Салон и поручни",
                    "Тахограф",
                ][..],
            ),
        ]),
        "atlastours" => Some([
            (
                "Contrôle avant départ",
                None,
                &[
                    "Pneus et pression",
                    "Éclairage",
                    "Freins",
                    "Niveau d'huile",
                    "Essuie-glaces",
                    "Trousse de secours et extincteur",
                ][..],
            ),
            (
                "Contrôle autocar",
                Some(BodyType::Bus),
                &[
                    "Portes et issues de secours",
                    "Ceintures de sécurité",
                    "Climatisation",
                    "Soutes à bagages",
                ][..],
            ),
        ]),
        _ => None,
    }
}

/// Writes the tenant's checklists and inspections; answers how many inspections were written.
pub async fn seed(
    app_pool: &sqlx::PgPool,
    tenant: TenantId,
    slug: &str,
    inspector_email: &str,
) -> Result<usize, AppError> {
    let Some(lists) = checklists(slug) else {
        return Ok(0);
    };
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    if db::template_named(&mut tx, lists[0].0).await? {
        return Ok(0);
    }
    let inspector = app::admin::users::db::id_by_email(&mut tx, inspector_email)
        .await?
        .ok_or(AppError::Internal)?;
    let mut ids = Vec::new();
    for (name, body_type, items) in lists {
        let input = TemplateInput {
            name: name.into(),
            body_type,
            items: items.iter().map(|i| (*i).to_owned()).collect(),
        };
        ids.push(db::insert_template(&mut tx, &input, inspector.0).await?);
    }
    let every_vehicle = db::templates(&mut tx, Some(ids[0]), None)
        .await?
        .pop()
        .ok_or(AppError::Internal)?;
    let mut written = 0;
    for (index, vehicle) in vehicles::ids_in_service(&mut tx)
        .await?
        .into_iter()
        .take(INSPECTED)
        .enumerate()
    {
        let Some(&(reading_id, at, km)) = mileage::live_readings(&mut tx, vehicle.0).await?.last()
        else {
            continue;
        };
        let answers = answers(index, every_vehicle.items.len());
        let new = NewInspection {
            vehicle_id: vehicle.0,
            template: &every_vehicle,
            mileage_km: km,
            reading_id,
            notes: None,
            performed_by: inspector.0,
            performed_at: at,
        };
        let id = db::insert_inspection(&mut tx, &new, &answers).await?;
        if index.is_multiple_of(6) {
            acknowledge_all(&mut tx, id, inspector.0).await?;
        }
        written += 1;
    }
    tx.commit().await?;
    Ok(written)
}

/// Every item passes, but one in three inspections fails one item (a different one each time)
/// and the last item does not apply to every fourth.
fn answers(index: usize, items: usize) -> Vec<(ItemResult, Option<String>)> {
    (0..items)
        .map(|position| match position {
            p if index.is_multiple_of(3) && p == index / 3 % items => (ItemResult::Fail, None),
            p if index % 4 == 1 && p == items - 1 => (ItemResult::NotApplicable, None),
            _ => (ItemResult::Pass, None),
        })
        .collect()
}

async fn acknowledge_all(tx: &mut TenantTx, inspection: Uuid, by: Uuid) -> Result<(), AppError> {
    let all = DefectQuery {
        page: PageRequest {
            page: 1,
            per_page: 200,
        },
        ..Default::default()
    };
    let found = db::defects(tx, None, Some(inspection), &all).await?.items;
    for defect in found {
        db::set_defect_status(tx, defect.id, DefectStatus::Acknowledged, by).await?;
    }
    Ok(())
}
