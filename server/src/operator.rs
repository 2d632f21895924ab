//! The operator's commands: a customer's first tenant and admin, a forgotten password, and the
//! container's health check. They print what the operator needs and nothing of the demo.

use anyhow::{Context, bail};
use std::io::BufRead;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use app::admin::users::{self, NewUser};
use app::audit::{self, AuditAction, AuditEntry, RequestMeta};
use app::auth::{DefaultRole, account_of};
use app::error::AppError;
use app::tenant::{self, AdminTx, NewTenant, TenantTx};

use crate::config::{DbConfig, HealthcheckConfig, TenantCreate};

/// `fleetcore tenant create`: the tenant with its default roles and its first admin, whose
/// password (printed once, or read from stdin) must be replaced at the first sign-in. Audited
/// in the new tenant's log.
pub async fn create_tenant(db: &DbConfig, args: TenantCreate) -> anyhow::Result<()> {
    // Operator work runs on the owner's connection; tenant transactions on it still switch to
    // the application role, so row-level security applies to what they write.
    let owner = crate::connect(crate::owner_url(db)?).await?;
    let new = NewTenant {
        slug: args.slug.clone().unwrap_or_else(|| slug_of(&args.name)),
        name: args.name.trim().to_owned(),
        country: args.country.to_uppercase(),
        time_zone: args.time_zone.clone(),
        currency: args.currency.to_uppercase(),
        // `kz` (and `kk-KZ`) name Kazakh too; a code of none of the six is left for validate.
        default_locale: app::language::locale_from_code(&args.language).map_or_else(
            || args.language.clone(),
            |l| app::language::code(l).to_owned(),
        ),
    };
    new.validate().map_err(refusal)?;
    let email = args.admin_email.trim().to_lowercase();
    if !users::looks_like_email(&email) {
        bail!("--admin-email: {email} is not an email address");
    }
    if account_of(&owner, &email).await.map_err(refusal)?.is_some() {
        bail!("--admin-email: {email} already signs in to FleetCore");
    }
    let mut admin = AdminTx::begin(&owner).await.map_err(refusal)?;
    if tenant::db::slug_taken(&mut admin, &new.slug)
        .await
        .map_err(refusal)?
    {
        bail!("--slug: a tenant {} already exists", new.slug);
    }
    admin.commit().await.map_err(refusal)?;
    let chosen = if args.password_stdin {
        Some(read_password()?)
    } else {
        None
    };

    let id = tenant::provision(&owner, &owner, &new)
        .await
        .map_err(refusal)?;
    let mut tx = TenantTx::begin(&owner, id).await.map_err(refusal)?;
    let entry =
        AuditEntry::new(AuditAction::TenantCreate, "tenant", id.0).diff(None::<()>, Some(&new));
    audit::record(&mut tx, None, &RequestMeta::default(), entry)
        .await
        .map_err(refusal)?;
    let first_admin = NewUser {
        email: email.clone(),
        full_name: args.admin_name.clone().unwrap_or_else(|| email.clone()),
        locale: new.default_locale.clone(),
        time_zone: new.time_zone.clone(),
        roles: vec![DefaultRole::Admin.key().to_owned()],
    };
    let placeholder = chosen
        .clone()
        .unwrap_or_else(|| "one-time password follows".to_owned());
    let user = users::provision(&mut tx, &first_admin, &placeholder)
        .await
        .map_err(refusal)?;
    let password = match chosen {
        Some(chosen) => {
            users::require_password_change(&mut tx, user)
                .await
                .map_err(refusal)?;
            chosen
        }
        None => users::issue_one_time_password(&mut tx, user, None, &RequestMeta::default())
            .await
            .map_err(refusal)?,
    };
    tx.commit().await.map_err(refusal)?;
    println!("tenant {} ({}) created: {}", new.name, new.slug, id);
    println!("first admin: {email}");
    if !args.password_stdin {
        println!("one-time password: {password}");
    }
    println!("It must be changed at the first sign-in.");
    Ok(())
}

/// `fleetcore user reset-password`: a one-time password for a user who forgot theirs, printed
/// once; every session of the user ends. Audited in the user's tenant.
pub async fn reset_password(db: &DbConfig, email: &str) -> anyhow::Result<()> {
    let owner = crate::connect(crate::owner_url(db)?).await?;
    let Some((user, tenant)) = account_of(&owner, email).await.map_err(refusal)? else {
        bail!("no user signs in as {email}");
    };
    let mut tx = TenantTx::begin(&owner, tenant).await.map_err(refusal)?;
    let password = users::issue_one_time_password(&mut tx, user, None, &RequestMeta::default())
        .await
        .map_err(refusal)?;
    tx.commit().await.map_err(refusal)?;
    println!("one-time password for {}: {password}", email.trim());
    println!("It must be changed at the next sign-in; the user's sessions have ended.");
    Ok(())
}

/// An application error as the operator reads it: the fields it names.
fn refusal(error: AppError) -> anyhow::Error {
    let fields = error.field_errors();
    if fields.is_empty() {
        return anyhow::anyhow!("{error}");
    }
    let named: Vec<String> = fields
        .iter()
        .map(|(field, codes)| {
            let codes: Vec<&str> = codes.iter().map(|c| c.code()).collect();
            format!("{field}: {}", codes.join(", "))
        })
        .collect();
    anyhow::anyhow!("refused: {}", named.join("; "))
}

/// A password on the first line of stdin, held to the password rules.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    app::profile::validate_new_password(&password, "password").map_err(refusal)?;
    Ok(password)
}

/// A slug from a company name: lower-case ASCII letters and digits, other runs as one dash.
fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(40).collect()
}

/// `fleetcore healthcheck`: exits 0 when `/readyz` answers 200 within three seconds. The slim
/// image has no curl, so the container's health check is this.
pub async fn healthcheck(args: HealthcheckConfig) -> anyhow::Result<()> {
    let ask = async {
        let mut stream = tokio::net::TcpStream::connect(&args.addr).await?;
        let request = format!(
            "GET /readyz HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            args.addr
        );
        stream.write_all(request.as_bytes()).await?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await?;
        Ok::<_, std::io::Error>(answer)
    };
    let answer = tokio::time::timeout(Duration::from_secs(3), ask)
        .await
        .context("no answer within 3 s")?
        .with_context(|| format!("asking {}", args.addr))?;
    let status_line = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    if !status_line.starts_with("HTTP/1.1 200") {
        bail!("not ready: {status_line}");
    }
    println!("ready");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_of_the_company_name() {
        assert_eq!(slug_of("KazFleet LLP"), "kazfleet-llp");
        assert_eq!(slug_of("  Atlas — Tours & Co. "), "atlas-tours-co");
        assert_eq!(slug_of("Қазавто"), "");
    }
}
