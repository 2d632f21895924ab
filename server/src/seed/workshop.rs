//! Maintenance for the demo fleets: two programs per tenant (a service by distance or time, a
//! yearly inspection) and, for every vehicle in service, a year of completed work read off its
//! odometer history, the next work order of each program, a repair in progress on vehicles in
//! maintenance, and the odd unplanned repair. One vehicle in eight missed its last service, so
//! the board has overdue work to show.
//!
//! A tenant that has the demo's service program already is left alone, so running the seed
//! again adds nothing.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use uuid::Uuid;

use app::error::AppError;
use app::fleet::mileage::db as mileage;
use app::fleet::vehicles::{VehicleStatus, db as vehicles, today_in};
use app::maintenance::due::{DueWindow, next_due};
use app::maintenance::history::{PastWork, provision_history};
use app::maintenance::programs::db as programs;
use app::maintenance::programs::model::ProgramInput;
use app::maintenance::{WorkKind, WorkStatus};
use app::tenant::{TenantId, TenantTx};

/// Vehicles written per transaction.
const BATCH: usize = 500;

/// The words of one tenant's workshop, in its language.
struct Workshop {
    slug: &'static str,
    service: (&'static str, i64, i32, &'static [&'static str]),
    inspection: (&'static str, i32, &'static [&'static str]),
    repairs: &'static [&'static str],
    providers: &'static [&'static str],
    /// What a service costs, in the tenant's currency.
    cost: (i64, i64),
}

fn workshops() -> [Workshop; 2] {
    [
        Workshop {
            slug: "kazfleet",
            service: (
                "ТО: масло и фильтры",
                10_000,
                12,
                &[
                    "Замена моторного масла",
                    "Замена масляного фильтра",
                    "Замена воздушного фильтра",
                ],
            ),
            inspection: (
                "Техосмотр",
                12,
                &["Тормозная система", "Световые приборы", "Выхлоп"],
            ),
            repairs: &[
                "Замена тормозных колодок",
                "Ремонт подвески",
                "Диагностика двигателя",
                "Замена аккумулятора",
            ],
            providers: &[
                "СТО «Автомир»",
                "Kia Центр Алматы",
                "Toyota Center Astana",
                "Собственный бокс",
            ],
            cost: (18_000, 85_000),
        },
        Workshop {
            slug: "atlastours",
            service: (
                "Vidange et filtres",
                15_000,
                12,
                &["Vidange moteur", "Filtre à huile", "Filtre à air"],
            ),
            inspection: (
                "Contrôle technique",
                12,
                &["Freinage", "Éclairage", "Émissions"],
            ),
            repairs: &[
                "Plaquettes de frein",
                "Suspension avant",
                "Climatisation",
                "Courroie de distribution",
            ],
            providers: &[
                "Garage Atlas Marrakech",
                "Auto Service Agadir",
                "Atelier interne",
            ],
            cost: (450, 2_600),
        },
    ]
}

/// Writes the tenant's programs and histories; answers how many work orders were written.
pub async fn seed(
    app_pool: &sqlx::PgPool,
    tenant: TenantId,
    slug: &str,
    seed: u64,
) -> Result<usize, AppError> {
    let Some(shop) = workshops().into_iter().find(|w| w.slug == slug) else {
        return Ok(0);
    };
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    if programs::list(&mut tx, None)
        .await?
        .iter()
        .any(|p| p.name == shop.service.0)
    {
        return Ok(0);
    }
    let settings = app::tenant::db::settings(&mut tx).await?;
    let (name, km, months, tasks) = shop.service;
    let service = program(
        &mut tx,
        name,
        WorkKind::ScheduledService,
        Some(km),
        Some(months),
        tasks,
    )
    .await?;
    let (name, months, tasks) = shop.inspection;
    let inspection = program(
        &mut tx,
        name,
        WorkKind::Inspection,
        None,
        Some(months),
        tasks,
    )
    .await?;
    let ids = vehicles::ids_in_service(&mut tx).await?;
    tx.commit().await?;
    let today = today_in(&settings.time_zone);
    let mut written = 0;
    for (batch_no, batch) in ids.chunks(BATCH).enumerate() {
        let mut tx = TenantTx::begin(app_pool, tenant).await?;
        for (k, vehicle) in batch.iter().enumerate() {
            let index = (batch_no * BATCH + k) as u64;
            let readings = mileage::live_readings(&mut tx, vehicle.0).await?;
            let status = vehicles::get(&mut tx, *vehicle).await?.map(|v| v.status);
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (index << 20) ^ 0x5eed);
            let plan = Plan {
                shop: &shop,
                service,
                inspection,
                currency: &settings.currency,
                today,
                missed_last: index % 8 == 3,
            };
            let work = plan.vehicle(
                &mut rng,
                &readings,
                status == Some(VehicleStatus::InMaintenance),
            );
            if provision_history(&mut tx, vehicle.0, &work).await? {
                written += work.len();
            }
        }
        tx.commit().await?;
    }
    Ok(written)
}

async fn program(
    tx: &mut TenantTx,
    name: &str,
    kind: WorkKind,
    interval_km: Option<i64>,
    interval_months: Option<i32>,
    tasks: &[&str],
) -> Result<ProgramRef, AppError> {
    let window = DueWindow::DEFAULT;
    let input = ProgramInput {
        name: name.into(),
        kind,
        interval_km,
        interval_months,
        window_km: window.km,
        window_days: window.days as i32,
        tasks: tasks.iter().map(|t| (*t).to_owned()).collect(),
    };
    let id = programs::insert(tx, &input, None).await?;
    Ok(ProgramRef {
        id,
        interval_km,
        interval_months: interval_months.map(|m| m as u32),
    })
}

/// What the history of one vehicle needs to know about a program.
#[derive(Debug, Clone, Copy)]
struct ProgramRef {
    id: Uuid,
    interval_km: Option<i64>,
    interval_months: Option<u32>,
}

/// The plan of one vehicle's history.
struct Plan<'a> {
    shop: &'a Workshop,
    service: ProgramRef,
    inspection: ProgramRef,
    currency: &'a str,
    today: NaiveDate,
    /// This vehicle skipped its last service (so its next one is overdue).
    missed_last: bool,
}

impl Plan<'_> {
    /// The vehicle's work orders: each program's completed work and its next, a repair in
    /// progress when the vehicle is in maintenance, now and then an unplanned repair.
    fn vehicle(
        &self,
        rng: &mut ChaCha8Rng,
        readings: &[(Uuid, DateTime<Utc>, i64)],
        in_maintenance: bool,
    ) -> Vec<PastWork> {
        let Some(&(_, first_at, first_km)) = readings.first() else {
            return Vec::new();
        };
        let mut work = Vec::new();
        for (program, name, tasks, kind) in [
            (
                self.service,
                self.shop.service.0,
                self.shop.service.3,
                WorkKind::ScheduledService,
            ),
            (
                self.inspection,
                self.shop.inspection.0,
                self.shop.inspection.2,
                WorkKind::Inspection,
            ),
        ] {
            // The last visit before the history starts: somewhere within one interval.
            let last_km = first_km - program.interval_km.map_or(0, |km| rng.gen_range(0..km));
            let last_on = first_at.date_naive() - Duration::days(rng.gen_range(0..330));
            let mut done = visits(program, readings, (last_on, last_km), rng);
            if self.missed_last && kind == WorkKind::ScheduledService {
                done.pop();
            }
            let mut previous = (last_on, last_km);
            for &(reading, on, km) in &done {
                let (next_on, next_km) =
                    next_due(on, km, program.interval_km, program.interval_months);
                let mut visit = self.completed(rng, kind, name, tasks, reading, on, km);
                (
                    visit.program_id,
                    visit.next_service_on,
                    visit.next_service_km,
                ) = (Some(program.id), next_on, next_km);
                work.push(visit);
                previous = (on, km);
            }
            let (due_on, due_km) = next_due(
                previous.0,
                previous.1,
                program.interval_km,
                program.interval_months,
            );
            let mut next = self.open(kind, name, tasks, WorkStatus::Scheduled);
            (next.program_id, next.scheduled_on, next.due_km) = (Some(program.id), due_on, due_km);
            work.push(next);
        }
        if rng.gen_ratio(1, 5) && readings.len() > 2 {
            let &(reading, at, km) = &readings[rng.gen_range(1..readings.len())];
            let title = self.shop.repairs.choose(rng).copied().unwrap_or_default();
            work.push(self.completed(
                rng,
                WorkKind::Repair,
                title,
                &[],
                reading,
                at.date_naive(),
                km,
            ));
        }
        if in_maintenance {
            let title = self.shop.repairs.choose(rng).copied().unwrap_or_default();
            let mut repair = self.open(WorkKind::Repair, title, &[], WorkStatus::InProgress);
            repair.scheduled_on = Some(self.today - Duration::days(rng.gen_range(0..6)));
            work.push(repair);
        }
        work
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "one past job's facts, each drawn by the caller"
    )]
    fn completed(
        &self,
        rng: &mut ChaCha8Rng,
        kind: WorkKind,
        title: &str,
        tasks: &[&str],
        reading: Uuid,
        on: NaiveDate,
        km: i64,
    ) -> PastWork {
        let (low, high) = self.shop.cost;
        let cost = Decimal::from(rng.gen_range(low..=high) / 50 * 50);
        PastWork {
            scheduled_on: Some(on),
            completed_on: Some(on),
            mileage_at_service: Some(km),
            reading_id: Some(reading),
            cost: Some(cost),
            currency: Some(self.currency.to_owned()),
            service_provider: self.shop.providers.choose(rng).map(|p| (*p).to_owned()),
            ..self.open(kind, title, tasks, WorkStatus::Completed)
        }
    }

    fn open(&self, kind: WorkKind, title: &str, tasks: &[&str], status: WorkStatus) -> PastWork {
        let window = DueWindow::DEFAULT;
        PastWork {
            kind,
            title: title.to_owned(),
            description: (!tasks.is_empty()).then(|| tasks.join("\n")),
            status,
            scheduled_on: None,
            due_km: None,
            completed_on: None,
            mileage_at_service: None,
            reading_id: None,
            next_service_on: None,
            next_service_km: None,
            cost: None,
            currency: None,
            service_provider: None,
            program_id: None,
            window_km: window.km,
            window_days: window.days as i32,
        }
    }
}

/// The readings at which a program's work was done: the first one at or past each due point
/// (a few per cent early or late, as workshops are), starting from the last visit `since`.
fn visits(
    program: ProgramRef,
    readings: &[(Uuid, DateTime<Utc>, i64)],
    since: (NaiveDate, i64),
    rng: &mut ChaCha8Rng,
) -> Vec<(Uuid, NaiveDate, i64)> {
    let mut done = Vec::new();
    let mut last = since;
    for &(id, at, km) in readings {
        let (due_on, due_km) =
            next_due(last.0, last.1, program.interval_km, program.interval_months);
        let slack = rng.gen_range(0.95..1.05);
        let by_km = due_km.is_some_and(|due| (km - last.1) as f64 >= (due - last.1) as f64 * slack);
        let by_date = due_on.is_some_and(|due| at.date_naive() >= due);
        if by_km || by_date {
            done.push((id, at.date_naive(), km));
            last = (at.date_naive(), km);
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history() -> Vec<(Uuid, DateTime<Utc>, i64)> {
        let start = Utc::now() - Duration::days(365);
        (0..=52)
            .map(|week| {
                (
                    Uuid::now_v7(),
                    start + Duration::days(week * 7),
                    50_000 + week * 700,
                )
            })
            .collect()
    }

    fn plan(shop: &Workshop, missed_last: bool) -> Plan<'_> {
        let service = ProgramRef {
            id: Uuid::now_v7(),
            interval_km: Some(10_000),
            interval_months: Some(12),
        };
        let inspection = ProgramRef {
            id: Uuid::now_v7(),
            interval_km: None,
            interval_months: Some(12),
        };
        Plan {
            shop,
            service,
            inspection,
            currency: "KZT",
            today: Utc::now().date_naive(),
            missed_last,
        }
    }

    #[test]
    fn a_year_of_700_km_weeks_has_services_every_10_000_km_and_one_next_of_each_program() {
        let shop = &workshops()[0];
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let work = plan(shop, false).vehicle(&mut rng, &history(), true);
        let services: Vec<&PastWork> = work
            .iter()
            .filter(|w| w.kind == WorkKind::ScheduledService && w.status == WorkStatus::Completed)
            .collect();
        // 36,400 km in the year: three or four services, each about 10,000 km after the last.
        assert!((3..=4).contains(&services.len()), "{}", services.len());
        for pair in services.windows(2) {
            let gap = pair[1].mileage_at_service.unwrap() - pair[0].mileage_at_service.unwrap();
            assert!((9_000..=11_200).contains(&gap), "{gap}");
            assert_eq!(
                pair[0].next_service_km,
                Some(pair[0].mileage_at_service.unwrap() + 10_000)
            );
        }
        let next: Vec<&PastWork> = work
            .iter()
            .filter(|w| w.status == WorkStatus::Scheduled)
            .collect();
        assert_eq!(next.len(), 2, "one open work order per program");
        assert_eq!(
            next[0].due_km,
            Some(services.last().unwrap().mileage_at_service.unwrap() + 10_000)
        );
        assert_eq!(
            work.iter()
                .filter(|w| w.status == WorkStatus::InProgress)
                .count(),
            1,
            "the vehicle in maintenance has its repair"
        );
        assert!(services.iter().all(|s| s.reading_id.is_some()
            && s.cost.is_some()
            && s.currency.as_deref() == Some("KZT")));
    }

    #[test]
    fn a_vehicle_that_missed_its_last_service_is_overdue_by_kilometre() {
        let shop = &workshops()[0];
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let work = plan(shop, true).vehicle(&mut rng, &history(), false);
        let next = work
            .iter()
            .find(|w| w.kind == WorkKind::ScheduledService && w.status == WorkStatus::Scheduled)
            .unwrap();
        let current = history().last().unwrap().2;
        assert!(
            next.due_km.unwrap() < current,
            "due at {:?}, odometer {current}",
            next.due_km
        );
    }
}
