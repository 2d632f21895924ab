//! The demo fleets: KazFleet's 520 cars, vans and trucks on Kazakh plates, Atlas Tours' 80
//! coaches, minibuses and 4×4s on Moroccan plates, each times `--scale`.
//!
//! Deterministic: every tenant draws from its own fixed-seed generator, and vehicle `i` always
//! gets the same plate, so a second run finds every plate taken and adds nothing. Vehicles go
//! through the app's own validation and audit (`provision_vehicle`), a thousand to a transaction,
//! four transactions at a time (one connection each) so that `--scale 100` stays under a minute.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;

use app::error::AppError;
use app::fleet::vehicles::{self, ValidationContext, VehicleForm, VehicleStatus};
use app::tenant::{TenantId, TenantTx};

/// One model a demo fleet buys.
struct Model {
    brand: &'static str,
    model: &'static str,
    body: &'static str,
    fuel: &'static str,
    engine: &'static str,
    transmission: &'static str,
    seats: u32,
    /// Purchase price range, in `currency`.
    price: (u32, u32),
    currency: &'static str,
    /// How often it is drawn, relative to the others.
    weight: u32,
    /// Litres, or kWh for the electric one.
    tank: &'static str,
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row of the demo model table, read as columns"
)]
const fn m(
    brand: &'static str,
    model: &'static str,
    body: &'static str,
    fuel: &'static str,
    engine: &'static str,
    transmission: &'static str,
    seats: u32,
    price: (u32, u32),
    currency: &'static str,
    weight: u32,
    tank: &'static str,
) -> Model {
    Model {
        brand,
        model,
        body,
        fuel,
        engine,
        transmission,
        seats,
        price,
        currency,
        weight,
        tank,
    }
}

/// A demo tenant's fleet: what it buys, where it keeps it, how its plates look.
pub struct Fleet {
    pub slug: &'static str,
    pub base_count: u32,
    pub seed: u64,
    models: &'static [Model],
    departments: &'static [&'static str],
    colors: &'static [&'static str],
    plate: fn(u32, &mut ChaCha8Rng) -> String,
}

const KAZFLEET_MODELS: &[Model] = &[
    m(
        "Toyota",
        "Camry",
        "sedan",
        "gasoline",
        "2.5",
        "automatic",
        5,
        (14_000_000, 19_000_000),
        "KZT",
        12,
        "60",
    ),
    m(
        "Toyota",
        "Land Cruiser 300",
        "suv",
        "diesel",
        "3.3",
        "automatic",
        7,
        (45_000_000, 60_000_000),
        "KZT",
        3,
        "80",
    ),
    m(
        "Toyota",
        "Hilux",
        "pickup",
        "diesel",
        "2.8",
        "manual",
        5,
        (19_000_000, 24_000_000),
        "KZT",
        6,
        "80",
    ),
    m(
        "Hyundai",
        "Accent",
        "sedan",
        "gasoline",
        "1.6",
        "automatic",
        5,
        (7_500_000, 9_500_000),
        "KZT",
        12,
        "45",
    ),
    m(
        "Hyundai",
        "Tucson",
        "suv",
        "gasoline",
        "2.0",
        "automatic",
        5,
        (13_000_000, 16_500_000),
        "KZT",
        6,
        "54",
    ),
    m(
        "Hyundai",
        "H-1",
        "minivan",
        "diesel",
        "2.5",
        "automatic",
        8,
        (16_000_000, 20_000_000),
        "KZT",
        4,
        "75",
    ),
    m(
        "Hyundai",
        "HD78",
        "truck",
        "diesel",
        "3.9",
        "manual",
        3,
        (22_000_000, 27_000_000),
        "KZT",
        3,
        "100",
    ),
    m(
        "Kia",
        "Rio",
        "sedan",
        "gasoline",
        "1.6",
        "automatic",
        5,
        (7_000_000, 9_000_000),
        "KZT",
        10,
        "50",
    ),
    m(
        "Kia",
        "Sportage",
        "suv",
        "gasoline",
        "2.0",
        "automatic",
        5,
        (13_500_000, 17_000_000),
        "KZT",
        5,
        "54",
    ),
    m(
        "Chevrolet",
        "Cobalt",
        "sedan",
        "gasoline",
        "1.5",
        "manual",
        5,
        (5_500_000, 7_000_000),
        "KZT",
        10,
        "46",
    ),
    m(
        "Chevrolet",
        "Nexia",
        "sedan",
        "gasoline",
        "1.5",
        "automatic",
        5,
        (5_800_000, 7_200_000),
        "KZT",
        6,
        "46",
    ),
    m(
        "Lada",
        "Granta",
        "sedan",
        "gasoline",
        "1.6",
        "manual",
        5,
        (4_200_000, 5_200_000),
        "KZT",
        8,
        "50",
    ),
    m(
        "Lada",
        "Niva Legend",
        "suv",
        "gasoline",
        "1.7",
        "manual",
        4,
        (5_000_000, 6_300_000),
        "KZT",
        5,
        "42",
    ),
    m(
        "Lada",
        "Largus",
        "van",
        "gas",
        "1.6",
        "manual",
        2,
        (6_000_000, 7_500_000),
        "KZT",
        4,
        "50",
    ),
    m(
        "Volkswagen",
        "Polo",
        "sedan",
        "gasoline",
        "1.6",
        "robot",
        5,
        (7_500_000, 9_000_000),
        "KZT",
        5,
        "55",
    ),
    m(
        "Volkswagen",
        "Transporter",
        "van",
        "diesel",
        "2.0",
        "manual",
        3,
        (18_000_000, 23_000_000),
        "KZT",
        3,
        "70",
    ),
    m(
        "Skoda",
        "Octavia",
        "sedan",
        "gasoline",
        "1.4",
        "robot",
        5,
        (10_000_000, 13_000_000),
        "KZT",
        5,
        "50",
    ),
    m(
        "Skoda",
        "Kodiaq",
        "suv",
        "diesel",
        "2.0",
        "robot",
        7,
        (17_000_000, 21_000_000),
        "KZT",
        2,
        "58",
    ),
    m(
        "Toyota",
        "bZ4X",
        "suv",
        "electric",
        "",
        "automatic",
        5,
        (20_000_000, 24_000_000),
        "KZT",
        1,
        "71.4",
    ),
    m(
        "Toyota",
        "Corolla Hybrid",
        "sedan",
        "hybrid",
        "1.8",
        "cvt",
        5,
        (12_000_000, 14_000_000),
        "KZT",
        2,
        "43",
    ),
];

const ATLAS_MODELS: &[Model] = &[
    m(
        "Mercedes-Benz",
        "Sprinter 519",
        "minivan",
        "diesel",
        "3.0",
        "automatic",
        19,
        (650_000, 850_000),
        "MAD",
        8,
        "93",
    ),
    m(
        "Toyota",
        "Land Cruiser 79",
        "suv",
        "diesel",
        "4.5",
        "manual",
        7,
        (550_000, 700_000),
        "MAD",
        7,
        "130",
    ),
    m(
        "Toyota",
        "Land Cruiser Prado",
        "suv",
        "diesel",
        "2.8",
        "automatic",
        7,
        (600_000, 750_000),
        "MAD",
        4,
        "87",
    ),
    m(
        "Hyundai",
        "H350",
        "minivan",
        "diesel",
        "2.5",
        "manual",
        15,
        (420_000, 520_000),
        "MAD",
        5,
        "75",
    ),
    m(
        "Irizar",
        "i6",
        "bus",
        "diesel",
        "12.8",
        "automatic",
        55,
        (260_000, 330_000),
        "EUR",
        3,
        "400",
    ),
    m(
        "Volvo",
        "9700",
        "bus",
        "diesel",
        "10.8",
        "automatic",
        53,
        (280_000, 340_000),
        "EUR",
        2,
        "480",
    ),
];

const KAZFLEET_DEPARTMENTS: &[&str] = &[
    "Алматы — администрация",
    "Алматы — продажи",
    "Астана — логистика",
    "Шымкент — сервис",
    "Караганда — проекты",
    "Атырау — вахта",
];
const ATLAS_DEPARTMENTS: &[&str] = &[
    "Marrakech",
    "Agadir",
    "Fès",
    "Casablanca",
    "Excursions désert",
];
const KAZFLEET_COLORS: &[&str] = &["белый", "белый", "серебристый", "чёрный", "серый", "синий"];
const ATLAS_COLORS: &[&str] = &["blanc", "blanc", "gris", "beige", "noir"];

/// Latin letters allowed on Kazakh plates: all 26.
const LATIN: &[u8; 26] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// The Moroccan plate letters, by their Latin transliteration.
const MOROCCAN_LATIN: [&str; 6] = ["A", "B", "D", "H", "W", "T"];

/// `123 ABC 02`: the number and letters walk a fixed permutation of their 17.5 million values,
/// so no two vehicles ever share them.
fn kazakh_plate(i: u32, rng: &mut ChaCha8Rng) -> String {
    const SPACE: u64 = 1000 * 26 * 26 * 26;
    let n = (u64::from(i) * 7_368_787 + 1_234_567) % SPACE;
    let (digits, mut letters) = (n % 1000, n / 1000);
    let mut l = [0u8; 3];
    for slot in l.iter_mut().rev() {
        *slot = LATIN[(letters % 26) as usize];
        letters /= 26;
    }
    let region = ["01", "02", "02", "02", "17", "09", "06"]
        .choose(rng)
        .copied()
        .unwrap_or("02");
    format!("{digits:03} {} {region}", String::from_utf8_lossy(&l))
}

/// `12345-A-6` (stored as `12345-أ-6`), unique for the same reason.
fn moroccan_plate(i: u32, rng: &mut ChaCha8Rng) -> String {
    const SPACE: u64 = 99_999 * 6;
    let n = (u64::from(i) * 48_271 + 777) % SPACE;
    let (number, letter) = (n / 6 + 1, MOROCCAN_LATIN[(n % 6) as usize]);
    let region = [1, 6, 26, 33, 40, 50].choose(rng).copied().unwrap_or(1);
    format!("{number}-{letter}-{region}")
}

/// The two demo fleets.
pub fn fleets() -> [Fleet; 2] {
    [
        Fleet {
            slug: "kazfleet",
            base_count: 520,
            seed: 0x4B41_5A46,
            models: KAZFLEET_MODELS,
            departments: KAZFLEET_DEPARTMENTS,
            colors: KAZFLEET_COLORS,
            plate: kazakh_plate,
        },
        Fleet {
            slug: "atlastours",
            base_count: 80,
            seed: 0x4154_4C41,
            models: ATLAS_MODELS,
            departments: ATLAS_DEPARTMENTS,
            colors: ATLAS_COLORS,
            plate: moroccan_plate,
        },
    ]
}

/// World manufacturer identifiers, so that demo VINs look like the brand's.
fn wmi(brand: &str) -> &'static str {
    match brand {
        "Toyota" => "JTD",
        "Hyundai" => "KMH",
        "Kia" => "KNA",
        "Chevrolet" => "XWB",
        "Lada" => "XTA",
        "Volkswagen" => "WVW",
        "Skoda" => "TMB",
        "Mercedes-Benz" => "WDB",
        "Irizar" => "VTN",
        "Volvo" => "YV3",
        _ => "XXX",
    }
}

/// Vehicle `i`'s form: the same for the same fleet and `i`, whatever else is seeded.
fn vehicle(fleet: &Fleet, i: u32, today: chrono::NaiveDate) -> (VehicleForm, VehicleStatus) {
    let mut rng = ChaCha8Rng::seed_from_u64(fleet.seed ^ (u64::from(i) << 20));
    let total: u32 = fleet.models.iter().map(|m| m.weight).sum();
    let mut pick = rng.gen_range(0..total);
    let model = fleet.models.iter().find(|m| {
        let hit = pick < m.weight;
        pick = pick.saturating_sub(m.weight);
        hit
    });
    let model = model.unwrap_or(&fleet.models[0]);
    let year = rng.gen_range(2012..=2025);
    let bought =
        chrono::NaiveDate::from_ymd_opt(year, rng.gen_range(1..=12), rng.gen_range(1..=28))
            .filter(|d| *d <= today)
            .unwrap_or(today);
    let price = rng.gen_range(model.price.0..=model.price.1) / 1000 * 1000;
    const VIN_CHARS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    let middle: String = (0..8)
        .map(|_| VIN_CHARS[rng.gen_range(0..VIN_CHARS.len())] as char)
        .collect();
    let status = match rng.gen_range(0..100) {
        0..=84 => VehicleStatus::Active,
        85..=91 => VehicleStatus::InMaintenance,
        92..=96 => VehicleStatus::Reserved,
        _ => VehicleStatus::Decommissioned,
    };
    let form = VehicleForm {
        plate: (fleet.plate)(i, &mut rng),
        vin: format!("{}{middle}{i:06}", wmi(model.brand)),
        brand: model.brand.into(),
        model: model.model.into(),
        year: year.to_string(),
        color: fleet
            .colors
            .choose(&mut rng)
            .copied()
            .unwrap_or_default()
            .into(),
        body_type: model.body.into(),
        fuel_type: model.fuel.into(),
        engine_volume: model.engine.into(),
        tank_capacity: model.tank.into(),
        transmission: model.transmission.into(),
        seats: model.seats.to_string(),
        purchase_date: bought.to_string(),
        purchase_price: price.to_string(),
        purchase_currency: model.currency.into(),
        department: fleet
            .departments
            .choose(&mut rng)
            .copied()
            .unwrap_or_default()
            .into(),
        notes: String::new(),
    };
    (form, status)
}

/// What `plate_key` makes of a plate: upper case, no spaces or dashes.
fn plate_key(plate: &str, country: &str) -> Option<String> {
    let canonical = vehicles::plate::normalize_plate(country, plate).ok()?;
    Some(
        canonical
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_uppercase(),
    )
}

/// Vehicles per transaction, and transactions in flight at once.
const BATCH: u32 = 1000;
const PARALLEL: usize = 4;

/// Seeds `fleet.base_count × scale` vehicles into the tenant, skipping plates it already has.
/// Returns how many were added.
pub async fn seed(
    app_pool: &sqlx::PgPool,
    tenant: TenantId,
    fleet: &Fleet,
    scale: u32,
) -> Result<u32, AppError> {
    use futures::stream::{self, StreamExt, TryStreamExt};
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    let settings = app::tenant::db::settings(&mut tx).await?;
    let taken: HashSet<String> = vehicles::db::plate_keys(&mut tx)
        .await?
        .into_iter()
        .collect();
    tx.commit().await?;
    let today = vehicles::today_in(&settings.time_zone);
    let cx = ValidationContext {
        country: &settings.country,
        today,
    };
    // Every vehicle still missing, in batches; plates never repeat across indices (tested below).
    let missing: Vec<u32> = (0..fleet.base_count * scale)
        .filter(|i| {
            plate_key(&vehicle(fleet, *i, today).0.plate, cx.country)
                .is_some_and(|key| !taken.contains(&key))
        })
        .collect();
    let batches: Vec<&[u32]> = missing.chunks(BATCH as usize).collect();
    stream::iter(batches)
        .map(|batch| async move {
            let mut tx = TenantTx::begin(app_pool, tenant).await?;
            for i in batch {
                let (form, status) = vehicle(fleet, *i, today);
                vehicles::provision_vehicle(&mut tx, cx, &form, status).await?;
            }
            tx.commit().await
        })
        .buffer_unordered(PARALLEL)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(missing.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_vehicles_are_valid_unique_and_repeatable() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        for (fleet, country) in fleets().iter().zip(["KZ", "MA"]) {
            let cx = ValidationContext { country, today };
            let mut plates = HashSet::new();
            let mut vins = HashSet::new();
            for i in 0..fleet.base_count * 100 {
                let (form, _) = vehicle(fleet, i, today);
                let v = form
                    .validate(cx)
                    .unwrap_or_else(|e| panic!("{} #{i}: {e:?} {form:?}", fleet.slug));
                assert!(
                    plates.insert(plate_key(&v.plate, country)),
                    "{} #{i}: plate {} twice",
                    fleet.slug,
                    v.plate
                );
                assert!(vins.insert(v.vin.clone()), "{} #{i}: VIN twice", fleet.slug);
            }
            assert_eq!(vehicle(fleet, 7, today), vehicle(fleet, 7, today));
        }
    }
}
