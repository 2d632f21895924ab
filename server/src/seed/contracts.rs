//! Contracts for the demo fleets: every vehicle has its yearly third-party insurance, started
//! on a day of the past year (so a few end within the month and await renewal); one vehicle in
//! three adds a comprehensive (CASCO) insurance paid quarterly, one in five is leased over
//! three years and paid monthly (Atlas Tours leases some in euros), and one in seven still has
//! its maker's warranty.
//!
//! A vehicle that has contracts already is left alone, so running the seed again adds nothing.

use chrono::{Datelike, Duration, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use app::contracts::db::PastContract;
use app::contracts::history::provision_contracts;
use app::contracts::{ContractType, PaymentFrequency};
use app::error::AppError;
use app::fleet::vehicles::{Vehicle, db as vehicles, today_in};
use app::tenant::{TenantId, TenantTx};

/// Vehicles written per transaction.
const BATCH: usize = 500;

/// The insurers, lessors and prices of one tenant, in its currency.
struct Terms {
    slug: &'static str,
    insurers: &'static [&'static str],
    lessors: &'static [&'static str],
    third_party: (i64, i64),
    third_party_cover: &'static str,
    casco_quarter: (i64, i64),
    casco_cover: &'static str,
    lease_month: (i64, i64),
    /// Leases in a foreign currency: which, how often (one in n leases) and the monthly range.
    foreign_lease: Option<(&'static str, u32, (i64, i64))>,
}

fn terms() -> [Terms; 2] {
    [
        Terms {
            slug: "kazfleet",
            insurers: &[
                "Nomad Insurance",
                "Евразия",
                "Халык-Казахинстрах",
                "Freedom Finance Insurance",
            ],
            lessors: &["Halyk Leasing", "БРК-Лизинг", "KazAgroFinance"],
            third_party: (15_000, 45_000),
            third_party_cover: "ОГПО владельцев транспортных средств: вред жизни, здоровью и имуществу третьих лиц",
            casco_quarter: (45_000, 115_000),
            casco_cover: "ДТП, угон, стихийные бедствия, стекла; франшиза 50 000 ₸",
            lease_month: (250_000, 600_000),
            foreign_lease: None,
        },
        Terms {
            slug: "atlastours",
            insurers: &[
                "Wafa Assurance",
                "AXA Assurance Maroc",
                "RMA",
                "Saham Assurance",
            ],
            lessors: &["Maroc Leasing", "Wafabail", "BMCI Leasing"],
            third_party: (2_500, 6_000),
            third_party_cover: "Responsabilité civile automobile : dommages corporels et matériels causés aux tiers",
            casco_quarter: (2_000, 4_500),
            casco_cover: "Tous risques : collision, vol, incendie, bris de glace ; franchise 5 000 MAD",
            lease_month: (3_000, 8_000),
            foreign_lease: Some(("EUR", 4, (280, 720))),
        },
    ]
}

/// Writes the tenant's contracts; answers how many were written.
pub async fn seed(
    app_pool: &sqlx::PgPool,
    tenant: TenantId,
    slug: &str,
    seed: u64,
) -> Result<usize, AppError> {
    let Some(terms) = terms().into_iter().find(|t| t.slug == slug) else {
        return Ok(0);
    };
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    let settings = app::tenant::db::settings(&mut tx).await?;
    let today = today_in(&settings.time_zone);
    let ids = vehicles::ids_in_service(&mut tx).await?;
    tx.commit().await?;
    let mut written = 0;
    for (batch_no, batch) in ids.chunks(BATCH).enumerate() {
        let mut tx = TenantTx::begin(app_pool, tenant).await?;
        for (k, id) in batch.iter().enumerate() {
            let index = batch_no * BATCH + k;
            let Some(vehicle) = vehicles::get(&mut tx, *id).await? else {
                continue;
            };
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((index as u64) << 20) ^ 0xc0c);
            let contracts =
                vehicle_contracts(&mut rng, &terms, &settings.currency, &vehicle, index, today);
            if provision_contracts(&mut tx, id.0, &contracts).await? {
                written += contracts.len();
            }
        }
        tx.commit().await?;
    }
    Ok(written)
}

fn vehicle_contracts(
    rng: &mut ChaCha8Rng,
    t: &Terms,
    currency: &str,
    vehicle: &Vehicle,
    index: usize,
    today: NaiveDate,
) -> Vec<PastContract> {
    let mut contracts = Vec::new();
    // Yearly insurance started on a day of the past year: ends within the coming year.
    let started = today - Duration::days(rng.gen_range(0..365));
    let year_after = |start: NaiveDate| start + Months::new(12) - Duration::days(1);
    let number = |prefix: &str, rng: &mut ChaCha8Rng| {
        format!(
            "{prefix}-{}-{:06}",
            index % 97 + 1,
            rng.gen_range(0..1_000_000)
        )
    };
    contracts.push(PastContract {
        contract_type: ContractType::InsuranceOsago,
        contractor: t.insurers[rng.gen_range(0..t.insurers.len())].to_owned(),
        number: number("TP", rng),
        starts_on: started,
        ends_on: year_after(started),
        amount: Decimal::from(rng.gen_range(t.third_party.0..=t.third_party.1) / 100 * 100),
        currency: currency.to_owned(),
        payment_frequency: PaymentFrequency::Annual,
        coverage: Some(t.third_party_cover.to_owned()),
    });
    if index.is_multiple_of(3) {
        let started = today - Duration::days(rng.gen_range(0..365));
        contracts.push(PastContract {
            contract_type: ContractType::InsuranceCasco,
            contractor: t.insurers[rng.gen_range(0..t.insurers.len())].to_owned(),
            number: number("KS", rng),
            starts_on: started,
            ends_on: year_after(started),
            amount: Decimal::from(rng.gen_range(t.casco_quarter.0..=t.casco_quarter.1) / 100 * 100),
            currency: currency.to_owned(),
            payment_frequency: PaymentFrequency::Quarterly,
            coverage: Some(t.casco_cover.to_owned()),
        });
    }
    if index.is_multiple_of(5) {
        let started = today - Duration::days(rng.gen_range(30..1_000));
        let foreign = t
            .foreign_lease
            .filter(|(_, one_in, _)| rng.gen_ratio(1, *one_in));
        let (lease_currency, (low, high)) =
            foreign.map_or((currency, t.lease_month), |(code, _, range)| (code, range));
        contracts.push(PastContract {
            contract_type: ContractType::Leasing,
            contractor: t.lessors[rng.gen_range(0..t.lessors.len())].to_owned(),
            number: number("LS", rng),
            starts_on: started,
            ends_on: started + Months::new(36) - Duration::days(1),
            amount: Decimal::from(rng.gen_range(low..=high)),
            currency: lease_currency.to_owned(),
            payment_frequency: PaymentFrequency::Monthly,
            coverage: None,
        });
    }
    if index.is_multiple_of(7) && vehicle.year >= today.year() - 2 {
        let started = today - Duration::days(rng.gen_range(30..700));
        contracts.push(PastContract {
            contract_type: ContractType::Warranty,
            contractor: vehicle.brand.clone(),
            number: number("WR", rng),
            starts_on: started,
            ends_on: started + Months::new(36) - Duration::days(1),
            amount: Decimal::ZERO,
            currency: currency.to_owned(),
            payment_frequency: PaymentFrequency::OneTime,
            coverage: None,
        });
    }
    contracts
}
