//! The demo crews: drivers with names that fit each tenant (Kazakh and Russian for KazFleet,
//! Moroccan for Atlas Tours), about four for every five vehicles, times `--scale`; their papers
//! and certificates (a few expired or due soon, so the badges and the "papers due" filter have
//! something to show) and some fines; and who drives what: most vehicles in service have a driver since some weeks, after
//! an earlier driver whose assignment ended. The demo driver's sign-in belongs to one of the
//! drivers who drive a vehicle now, so signing in as the driver shows a driver's view.
//!
//! Deterministic like the fleets: driver `i` is always the same person, a second run finds
//! every employee number taken and adds nothing, and assignments are only made once.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

use app::error::AppError;
use app::fleet::drivers::assignments::{self, db::NewAssignment, provision_assignment};
use app::fleet::drivers::records::{CertificationForm, FineForm, provision_records};
use app::fleet::drivers::{DriverForm, db as drivers, provision_driver, provision_driver_account};
use app::fleet::vehicles::{db as vehicles, today_in};
use app::tenant::{TenantId, TenantTx};

/// A demo tenant's crew: how many, what they are called, what they may drive.
pub struct Crew {
    pub slug: &'static str,
    base_count: u32,
    seed: u64,
    prefix: &'static str,
    first_names: &'static [&'static str],
    last_names: &'static [&'static str],
    categories: &'static [&'static str],
    languages: &'static [&'static str],
    departments: &'static [&'static str],
    phone: fn(&mut ChaCha8Rng) -> String,
    certificates: &'static [&'static str],
    fines: &'static [(&'static str, u32)],
    currency: &'static str,
}

/// The two demo crews.
pub fn crews() -> [Crew; 2] {
    [
        Crew {
            slug: "kazfleet",
            base_count: 420,
            seed: 0x4352_4557,
            prefix: "KF",
            first_names: &[
                "Айдар",
                "Ерлан",
                "Нурлан",
                "Бауыржан",
                "Асхат",
                "Данияр",
                "Сергей",
                "Алексей",
                "Дмитрий",
                "Марат",
                "Тимур",
                "Руслан",
                "Айгуль",
                "Динара",
                "Жанна",
                "Ольга",
            ],
            last_names: &[
                "Абенов",
                "Жумабаев",
                "Ахметов",
                "Серикбаев",
                "Омаров",
                "Касымов",
                "Иванов",
                "Ким",
                "Нургалиев",
                "Тулегенов",
                "Мухамедов",
                "Сагинтаев",
                "Петров",
                "Есенов",
            ],
            categories: &["B", "B", "B, C", "B, C, CE", "B, C, D", "B, BE"],
            languages: &[
                "Казахский, Русский",
                "Русский",
                "Казахский, Русский, Английский",
            ],
            departments: &[
                "Алматы — администрация",
                "Алматы — продажи",
                "Астана — логистика",
                "Шымкент — сервис",
                "Караганда — проекты",
                "Атырау — вахта",
            ],
            phone: |rng| {
                format!(
                    "+7 70{} {:03} {:02} {:02}",
                    rng.gen_range(0..9),
                    rng.gen_range(0..1000),
                    rng.gen_range(0..100),
                    rng.gen_range(0..100)
                )
            },
            certificates: &[
                "ДОПОГ (опасные грузы)",
                "Первая помощь",
                "Тахограф",
                "Защитное вождение",
            ],
            fines: &[
                ("Превышение скорости", 15_000),
                ("Парковка", 7_500),
                ("Ремень безопасности", 11_000),
                ("Проезд на красный", 30_000),
            ],
            currency: "KZT",
        },
        Crew {
            slug: "atlastours",
            base_count: 64,
            seed: 0x4154_4352,
            prefix: "AT",
            first_names: &[
                "Youssef", "Mohamed", "Hassan", "Rachid", "Said", "Abdelali", "Mustapha", "Khalid",
                "Brahim", "Aziz", "Fatima", "Khadija",
            ],
            last_names: &[
                "El Amrani",
                "Benali",
                "Ait Ouahmane",
                "Idrissi",
                "Ouali",
                "Bennani",
                "Chraibi",
                "Lahlou",
                "Tazi",
                "Amazigh",
                "El Fassi",
                "Berrada",
            ],
            categories: &["B, D", "B, D, DE", "B, C, D", "B"],
            languages: &[
                "Arabe, Français",
                "Arabe, Français, Anglais",
                "Arabe, Tamazight, Français",
                "Arabe, Français, Espagnol",
            ],
            departments: &[
                "Marrakech",
                "Agadir",
                "Fès",
                "Casablanca",
                "Excursions désert",
            ],
            phone: |rng| {
                format!(
                    "+212 6{:02} {:02} {:02} {:02}",
                    rng.gen_range(0..100),
                    rng.gen_range(0..100),
                    rng.gen_range(0..100),
                    rng.gen_range(0..100)
                )
            },
            certificates: &[
                "Transport touristique",
                "Premiers secours",
                "Chronotachygraphe",
                "Conduite en désert",
            ],
            fines: &[
                ("Excès de vitesse", 300),
                ("Stationnement", 150),
                ("Ceinture de sécurité", 300),
                ("Feu rouge", 700),
            ],
            currency: "MAD",
        },
    ]
}

/// Driver `i`'s certificates (one driver in two has one, a few due soon or expired) and fines
/// (one in five has one, most paid): the same for the same crew and `i`.
fn records(crew: &Crew, i: u32, today: NaiveDate) -> (Vec<CertificationForm>, Vec<FineForm>) {
    let mut rng = ChaCha8Rng::seed_from_u64(crew.seed ^ 0x5245_4353 ^ (u64::from(i) << 24));
    let mut certificates = Vec::new();
    if rng.gen_range(0..2) == 0 {
        let issued = today - Duration::days(rng.gen_range(100..1500));
        let expires = match rng.gen_range(0..10) {
            0 => today - Duration::days(rng.gen_range(1..60)),
            1 => today + Duration::days(rng.gen_range(0..30)),
            _ => today + Duration::days(rng.gen_range(60..1500)),
        };
        certificates.push(CertificationForm {
            kind: crew
                .certificates
                .choose(&mut rng)
                .copied()
                .unwrap_or_default()
                .into(),
            issued_on: issued.to_string(),
            expires_on: expires.to_string(),
            issuer: String::new(),
        });
    }
    let mut fines = Vec::new();
    if rng.gen_range(0..5) == 0 {
        let (kind, amount) = crew.fines.choose(&mut rng).copied().unwrap_or(("", 1));
        fines.push(FineForm {
            occurred_on: (today - Duration::days(rng.gen_range(1..365))).to_string(),
            kind: kind.into(),
            amount: amount.to_string(),
            currency: crew.currency.into(),
            reference: format!("{:08}", rng.gen_range(0..100_000_000)),
            paid: (rng.gen_range(0..4) != 0).then(|| "on".into()),
            ..Default::default()
        });
    }
    (certificates, fines)
}

/// Driver `i`'s form: the same for the same crew and `i`.
fn driver(crew: &Crew, i: u32, today: NaiveDate) -> DriverForm {
    let mut rng = ChaCha8Rng::seed_from_u64(crew.seed ^ (u64::from(i) << 20));
    let pick = |rng: &mut ChaCha8Rng, list: &[&str]| {
        list.choose(rng).copied().unwrap_or_default().to_owned()
    };
    let first = pick(&mut rng, crew.first_names);
    let last = pick(&mut rng, crew.last_names);
    // Kazakh and Russian surnames agree with a woman's first name.
    let female = matches!(first.as_str(), "Айгуль" | "Динара" | "Жанна" | "Ольга");
    let last = if female && crew.slug == "kazfleet" && !last.ends_with('м') {
        format!("{last}а")
    } else {
        last
    };
    let expiry = |rng: &mut ChaCha8Rng| match rng.gen_range(0..100) {
        0..=2 => today - Duration::days(rng.gen_range(1..120)),
        3..=7 => today + Duration::days(rng.gen_range(0..31)),
        _ => today + Duration::days(rng.gen_range(60..3000)),
    };
    let status = match rng.gen_range(0..100) {
        0..=89 => "active",
        90..=95 => "on_leave",
        _ => "terminated",
    };
    DriverForm {
        full_name: format!("{first} {last}"),
        employee_number: format!("{}-{:05}", crew.prefix, i + 1),
        phone: (crew.phone)(&mut rng),
        licence_number: format!("{}{:07}", crew.prefix, rng.gen_range(0..10_000_000)),
        licence_categories: pick(&mut rng, crew.categories),
        licence_expiry: expiry(&mut rng).to_string(),
        medical_expiry: expiry(&mut rng).to_string(),
        hire_date: (today - Duration::days(rng.gen_range(30..4000))).to_string(),
        department: pick(&mut rng, crew.departments),
        status: status.into(),
        languages: pick(&mut rng, crew.languages),
        ..Default::default()
    }
}

/// Seeds `crew.base_count × scale` drivers, skipping employee numbers the tenant has; then, if
/// the tenant has no assignments yet, gives most vehicles in service a driver. Returns how many
/// drivers and assignments were added.
pub async fn seed(
    app_pool: &sqlx::PgPool,
    tenant: TenantId,
    crew: &Crew,
    scale: u32,
    driver_sign_in: &str,
) -> Result<(u32, u32), AppError> {
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    let settings = app::tenant::db::settings(&mut tx).await?;
    let today = today_in(&settings.time_zone);
    let taken: HashSet<String> = drivers::employee_numbers(&mut tx)
        .await?
        .into_iter()
        .collect();
    let mut added = 0;
    for i in 0..crew.base_count * scale {
        let form = driver(crew, i, today);
        if !taken.contains(&form.employee_number) {
            let id = provision_driver(&mut tx, &form, today).await?;
            let (certificates, fines) = records(crew, i, today);
            provision_records(&mut tx, id.0, &certificates, &fines, today).await?;
            added += 1;
        }
    }
    let assigned = assign(&mut tx, crew.seed, today, !settings.drivers_share_vehicles).await?;
    if let Some(user) = app::admin::users::db::id_by_email(&mut tx, driver_sign_in).await? {
        provision_driver_account(&mut tx, user.0).await?;
    }
    tx.commit().await?;
    Ok((added, assigned))
}

/// Pairs vehicles in service with assignable drivers: each pair has an earlier driver's ended
/// assignment and a current open one; a vehicle in ten stays without a driver.
async fn assign(
    tx: &mut TenantTx,
    seed: u64,
    today: NaiveDate,
    driver_exclusive: bool,
) -> Result<u32, AppError> {
    if assignments::db::any(tx).await? {
        return Ok(0);
    }
    let vehicles = vehicles::ids_in_service(tx).await?;
    let drivers = drivers::ids_assignable_on(tx, today).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let midnight = Utc.from_utc_datetime(&today.and_hms_opt(6, 0, 0).unwrap_or_default());
    let mut added = 0;
    // Current drivers take the first half of the drivers, earlier ones the second: no driver
    // is in two vehicles at once.
    let half = drivers.len() / 2;
    for (k, vehicle) in vehicles.iter().enumerate().take(half) {
        if rng.gen_range(0..10) == 0 {
            continue;
        }
        let since = midnight - Duration::days(rng.gen_range(3..90));
        let before = since - Duration::days(rng.gen_range(30..300));
        let plan = [
            (drivers[half + k].0, before, Some(since)),
            (drivers[k].0, since, None),
        ];
        for (driver_id, starts_at, ends_at) in plan {
            let new = NewAssignment {
                vehicle_id: vehicle.0,
                driver_id,
                starts_at,
                ends_at,
                driver_exclusive,
                notes: None,
                created_by: None,
            };
            provision_assignment(tx, &new).await?;
            added += 1;
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_drivers_are_valid_unique_and_repeatable() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        for crew in crews() {
            let mut numbers = HashSet::new();
            for i in 0..crew.base_count * 100 {
                let form = driver(&crew, i, today);
                form.validate(today)
                    .unwrap_or_else(|e| panic!("{} #{i}: {e:?} {form:?}", crew.slug));
                assert!(
                    numbers.insert(form.employee_number.clone()),
                    "{} #{i}: employee number twice",
                    crew.slug
                );
            }
            assert_eq!(driver(&crew, 7, today), driver(&crew, 7, today));
        }
    }
}
