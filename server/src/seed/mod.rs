//! The demo data: two tenants with one user per default role, all with the same password,
//! their fleets ([`fleets`]), crews ([`crews`]), odometer histories ([`odometers`]),
//! workshop histories ([`workshop`]), inspections ([`inspections`]), expenses with exchange
//! rates ([`expenses`]) and contracts ([`contracts`]). Loaded by the README's run and test commands only, never by
//! `serve`. Goes through the application's own provisioning functions, so it is audited like
//! any other change.

mod budgets;
mod contracts;
mod crews;
mod expenses;
mod fleets;
mod inspections;
mod odometers;
mod workshop;

use sqlx::PgPool;

use app::admin::users::{self, NewUser};
use app::auth::DefaultRole;
use app::tenant::{self, NewTenant, TenantTx};

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "fleetcore-demo";

/// A demo tenant and its users' names, in default-role order.
pub struct DemoTenant {
    pub tenant: NewTenant,
    pub domain: &'static str,
    pub names: [&'static str; 6],
    /// Users who read FleetCore in another language than the tenant's default.
    pub own_language: &'static [(DefaultRole, &'static str)],
}

/// The two demo tenants.
pub fn demo_tenants() -> [DemoTenant; 2] {
    [
        DemoTenant {
            tenant: NewTenant {
                name: "KazFleet".into(),
                slug: "kazfleet".into(),
                country: "KZ".into(),
                time_zone: "Asia/Almaty".into(),
                currency: "KZT".into(),
                default_locale: "ru".into(),
            },
            domain: "kazfleet.demo",
            names: [
                "Айгерим Сейткали",
                "Ерлан Жумабаев",
                "Дина Ахметова",
                "Сергей Ким",
                "Бауыржан Омаров",
                "Алия Нурланова",
            ],
            own_language: &[],
        },
        DemoTenant {
            tenant: NewTenant {
                name: "Atlas Tours".into(),
                slug: "atlastours".into(),
                country: "MA".into(),
                time_zone: "Africa/Casablanca".into(),
                currency: "MAD".into(),
                default_locale: "fr".into(),
            },
            domain: "atlastours.demo",
            names: [
                "Youssef El Amrani",
                "Salma Benali",
                "Karim Haddad",
                "Omar Tazi",
                "Hicham Alaoui",
                "Nadia Berrada",
            ],
            // The fleet manager works in Arabic: the demo shows the right-to-left layout.
            own_language: &[(DefaultRole::FleetManager, "ar")],
        },
    ]
}

/// The mailbox of a default role's demo user (`manager` for the fleet manager).
pub fn demo_mailbox(role: DefaultRole) -> &'static str {
    match role {
        DefaultRole::FleetManager => "manager",
        other => other.key(),
    }
}

/// Loads the demo tenants, users and fleets (`scale` times the vehicles); running it again
/// changes nothing.
pub async fn demo(owner: &PgPool, app_pool: &PgPool, scale: u32) -> anyhow::Result<()> {
    for demo in demo_tenants() {
        let id = tenant::provision(owner, app_pool, &demo.tenant)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut tx = TenantTx::begin(app_pool, id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for (role, name) in DefaultRole::ALL.into_iter().zip(demo.names) {
            let user = NewUser {
                email: format!("{}@{}", demo_mailbox(role), demo.domain),
                full_name: name.into(),
                locale: demo
                    .own_language
                    .iter()
                    .find(|(r, _)| *r == role)
                    .map_or_else(
                        || demo.tenant.default_locale.clone(),
                        |(_, l)| (*l).to_owned(),
                    ),
                time_zone: demo.tenant.time_zone.clone(),
                roles: vec![role.key().into()],
            };
            users::provision(&mut tx, &user, DEMO_PASSWORD)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
        tx.commit().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let started = std::time::Instant::now();
        let Some(fleet) = fleets::fleets()
            .into_iter()
            .find(|f| f.slug == demo.tenant.slug)
        else {
            continue;
        };
        let added = fleets::seed(app_pool, id, &fleet, scale)
            .await
            .map_err(|e| anyhow::anyhow!("{} fleet: {e}", fleet.slug))?;
        let Some(crew) = crews::crews()
            .into_iter()
            .find(|c| c.slug == demo.tenant.slug)
        else {
            continue;
        };
        let (drivers, assignments) = crews::seed(
            app_pool,
            id,
            &crew,
            scale,
            &format!("{}@{}", demo_mailbox(DefaultRole::Driver), demo.domain),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{} crew: {e}", crew.slug))?;
        let odometers = odometers::seed(app_pool, id, fleet.seed)
            .await
            .map_err(|e| anyhow::anyhow!("{} odometers: {e}", fleet.slug))?;
        let work_orders = workshop::seed(app_pool, id, fleet.slug, fleet.seed)
            .await
            .map_err(|e| anyhow::anyhow!("{} workshop: {e}", fleet.slug))?;
        let inspector = format!("{}@{}", demo_mailbox(DefaultRole::Mechanic), demo.domain);
        let inspections = inspections::seed(app_pool, id, fleet.slug, &inspector)
            .await
            .map_err(|e| anyhow::anyhow!("{} inspections: {e}", fleet.slug))?;
        let expenses = expenses::seed(app_pool, id, fleet.slug, fleet.seed)
            .await
            .map_err(|e| anyhow::anyhow!("{} expenses: {e}", fleet.slug))?;
        let contracts = contracts::seed(app_pool, id, fleet.slug, fleet.seed)
            .await
            .map_err(|e| anyhow::anyhow!("{} contracts: {e}", fleet.slug))?;
        let manager = format!(
            "{}@{}",
            demo_mailbox(DefaultRole::FleetManager),
            demo.domain
        );
        let budgets = budgets::seed(app_pool, id, fleet.seed, &manager)
            .await
            .map_err(|e| anyhow::anyhow!("{} budgets: {e}", fleet.slug))?;
        tracing::info!(
            tenant = %demo.tenant.name, vehicles_added = added, drivers_added = drivers, assignments_added = assignments, mileage_histories_added = odometers,
            work_orders_added = work_orders, inspections_added = inspections, expenses_added = expenses, contracts_added = contracts, budgets_added = budgets,
            seconds = started.elapsed().as_secs_f32(), "demo tenant ready"
        );
    }
    analyze(owner).await
}

/// Refreshes the planner's statistics of every table the seed wrote. Autovacuum gets there in
/// its own time; until then a freshly seeded database is planned as if it were empty (a board
/// at `--scale 10` took 1.5 s instead of 0.3 s under load), and the demo runs right after.
async fn analyze(owner: &PgPool) -> anyhow::Result<()> {
    let tables: Vec<String> =
        sqlx::query_scalar("select tablename::text from pg_tables where schemaname = 'public'")
            .fetch_all(owner)
            .await?;
    for table in tables {
        sqlx::query(&format!("analyze \"{table}\""))
            .execute(owner)
            .await?;
    }
    Ok(())
}
