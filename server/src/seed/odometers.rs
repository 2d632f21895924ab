//! A year of odometer history for every vehicle in service: a reading every five to ten days at
//! the vehicle's own usual pace, judged by the same rules as a typed reading (so the flags are
//! honest). One vehicle in twenty-five has a confirmed jump above the tenant's daily limit and
//! one in twelve an unusually long week, so the flags and the chart have something to show.
//!
//! A vehicle that has readings already is left alone, so running the seed again adds nothing.

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use app::error::AppError;
use app::fleet::mileage::model::{Neighbour, daily_rate, judge};
use app::fleet::mileage::provision_history;
use app::fleet::vehicles::db as vehicles;
use app::tenant::{TenantId, TenantTx};

/// Vehicles written per transaction, so that a large `--scale` never holds one huge one.
const BATCH: usize = 500;

/// Writes the histories; answers how many vehicles got one.
pub async fn seed(app_pool: &sqlx::PgPool, tenant: TenantId, seed: u64) -> Result<u32, AppError> {
    let mut tx = TenantTx::begin(app_pool, tenant).await?;
    let settings = app::tenant::db::settings(&mut tx).await?;
    let limit = i64::from(settings.mileage_daily_limit_km);
    let ids = vehicles::ids_in_service(&mut tx).await?;
    tx.commit().await?;
    let now = Utc::now();
    let mut written = 0;
    for (batch_no, batch) in ids.chunks(BATCH).enumerate() {
        let mut tx = TenantTx::begin(app_pool, tenant).await?;
        for (k, vehicle) in batch.iter().enumerate() {
            let index = (batch_no * BATCH + k) as u64;
            let history = history(seed ^ (index << 16), index, now, limit);
            if provision_history(&mut tx, vehicle.0, &history).await? {
                written += 1;
            }
        }
        tx.commit().await?;
    }
    Ok(written)
}

/// Vehicle `index`'s readings over the last year, oldest first, with the rules' flags.
fn history(
    seed: u64,
    index: u64,
    now: DateTime<Utc>,
    limit: i64,
) -> Vec<(DateTime<Utc>, i64, bool, bool)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let usual_per_day = rng.gen_range(30.0..220.0);
    let mut reading = Neighbour {
        recorded_at: now - Duration::days(365) + Duration::hours(rng.gen_range(0..48)),
        value_km: rng.gen_range(5_000..180_000),
    };
    let (jump_at, long_week_at) = (rng.gen_range(10..45), rng.gen_range(10..45));
    let mut readings = vec![(reading.recorded_at, reading.value_km, false, false)];
    let mut rates: Vec<f64> = Vec::new();
    for step in 1.. {
        let days = rng.gen_range(5..=10);
        let at = reading.recorded_at
            + Duration::days(days)
            + Duration::minutes(rng.gen_range(-180..180));
        if at > now - Duration::days(1) {
            break;
        }
        let distance = if index % 25 == 3 && step == jump_at {
            (limit * days) as f64 * 1.4
        } else if index % 12 == 5 && step == long_week_at {
            (usual_per_day * days as f64 * 4.0).min((limit * days) as f64 * 0.9)
        } else {
            usual_per_day * days as f64 * rng.gen_range(0.75..1.25)
        };
        let next = Neighbour {
            recorded_at: at,
            value_km: reading.value_km + distance as i64,
        };
        let recent = &rates[rates.len().saturating_sub(60)..];
        let verdict = judge(next, Some(reading), None, limit, recent);
        rates.push(daily_rate(reading, next));
        readings.push((
            next.recorded_at,
            next.value_km,
            verdict.abnormal,
            verdict.unusual,
        ));
        reading = next;
    }
    readings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histories_rise_cover_a_year_and_flag_the_planted_readings() {
        let now: DateTime<Utc> = "2026-11-22T06:00:00Z".parse().unwrap();
        let plain = history(7, 0, now, 1_000);
        assert!(
            plain
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1)
        );
        assert!(plain.len() > 35 && plain.len() < 75, "{}", plain.len());
        assert!(
            plain.iter().all(|r| !r.2),
            "no abnormal reading unless planted"
        );
        assert_eq!(
            history(7, 3, now, 1_000).iter().filter(|r| r.2).count(),
            1,
            "vehicle 3 has its jump"
        );
        assert!(
            history(7, 5, now, 1_000).iter().any(|r| r.3),
            "vehicle 5 has its long week"
        );
    }
}
