//! SQL for the `audit_log` table.

use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::{AuditEntry, AuditFacets, AuditQuery, AuditRow, RequestMeta};
use crate::auth::UserId;
use crate::error::AppError;
use crate::listing::Paged;
use crate::tenant::{TenantId, TenantTx};

/// Appends `entry` to the audit log of the transaction's tenant.
pub async fn record(
    tx: &mut TenantTx,
    actor: Option<UserId>,
    meta: &RequestMeta,
    entry: AuditEntry,
) -> Result<(), AppError> {
    let tenant = tx.tenant_id();
    sqlx::query!(
        "insert into audit_log (id, tenant_id, actor_user_id, action, entity_type, entity_id, before, after, ip, user_agent)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        Uuid::now_v7(),
        tenant as TenantId,
        actor.map(|a| a.0),
        entry.action.as_str(),
        entry.entity_type,
        entry.entity_id,
        entry.before,
        entry.after,
        meta.ip,
        meta.user_agent,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One page of the tenant's audit log, newest first, and how many entries match. Dates are
/// whole days in `time_zone` (the reader's).
pub async fn list(
    tx: &mut TenantTx,
    query: &AuditQuery,
    time_zone: &str,
) -> Result<Paged<AuditRow>, AppError> {
    let mut count = QueryBuilder::<Postgres>::new("select count(*) from audit_log a where true");
    push_filters(&mut count, query, time_zone);
    let total: i64 = count.build_query_scalar().fetch_one(&mut **tx).await?;

    let mut rows = QueryBuilder::<Postgres>::new("select a.id, a.at, to_char(a.at at time zone ");
    rows.push_bind(time_zone.to_owned());
    rows.push(
        ", 'YYYY-MM-DD HH24:MI') as at_local, a.actor_user_id, u.full_name as actor_name, a.action, a.entity_type,
                a.entity_id, a.before, a.after, a.ip
         from audit_log a left join users u on u.id = a.actor_user_id where true",
    );
    push_filters(&mut rows, query, time_zone);
    rows.push(" order by a.at desc, a.id desc limit ")
        .push_bind(i64::from(query.page.limit()));
    rows.push(" offset ").push_bind(query.page.offset());
    let items = rows
        .build_query_as::<AuditRow>()
        .fetch_all(&mut **tx)
        .await?;
    Ok(Paged {
        items,
        total,
        page: query.page.page,
        per_page: query.page.limit(),
    })
}

/// The `where` conditions of the list (row-level security adds the tenant).
fn push_filters(sql: &mut QueryBuilder<'_, Postgres>, q: &AuditQuery, time_zone: &str) {
    if let Some(user) = q.user {
        sql.push(" and a.actor_user_id = ").push_bind(user);
    }
    if let Some(action) = &q.action {
        sql.push(" and a.action = ").push_bind(action.clone());
    }
    if let Some(entity_type) = &q.entity_type {
        sql.push(" and a.entity_type = ")
            .push_bind(entity_type.clone());
    }
    if let Some(id) = q.entity_id {
        sql.push(" and a.entity_id = ").push_bind(id);
    }
    if let Some(from) = q.from {
        sql.push(" and a.at >= (")
            .push_bind(from)
            .push("::date)::timestamp at time zone ")
            .push_bind(time_zone.to_owned());
    }
    if let Some(to) = q.to {
        sql.push(" and a.at < (")
            .push_bind(to)
            .push("::date + 1)::timestamp at time zone ")
            .push_bind(time_zone.to_owned());
    }
}

/// The users, actions and entity types the audit log's filters offer.
pub async fn facets(tx: &mut TenantTx) -> Result<AuditFacets, AppError> {
    let users = sqlx::query!("select id, full_name from users order by full_name")
        .fetch_all(&mut **tx)
        .await?;
    let actions = sqlx::query_scalar!("select distinct action from audit_log order by action")
        .fetch_all(&mut **tx)
        .await?;
    let entity_types =
        sqlx::query_scalar!("select distinct entity_type from audit_log order by entity_type")
            .fetch_all(&mut **tx)
            .await?;
    Ok(AuditFacets {
        users: users.into_iter().map(|u| (u.id, u.full_name)).collect(),
        actions,
        entity_types,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditAction, AuditEntry};
    use crate::tenant::testing::scratch_tenant;

    #[tokio::test]
    async fn list_filters_by_entity_action_and_day() {
        let mut tx = scratch_tenant("KZ").await;
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        for (action, id) in [
            (AuditAction::VehicleCreate, a),
            (AuditAction::VehicleUpdate, a),
            (AuditAction::VehicleCreate, b),
        ] {
            record(
                &mut tx,
                None,
                &RequestMeta::default(),
                AuditEntry::new(action, "vehicle", id),
            )
            .await
            .unwrap();
        }
        let of_a = list(
            &mut tx,
            &AuditQuery::for_entity("vehicle", a, Default::default()),
            "UTC",
        )
        .await
        .unwrap();
        assert_eq!(
            of_a.items
                .iter()
                .map(|r| r.action.as_str())
                .collect::<Vec<_>>(),
            vec!["vehicle.update", "vehicle.create"]
        );
        let creates = AuditQuery {
            action: Some("vehicle.create".into()),
            ..Default::default()
        };
        assert_eq!(list(&mut tx, &creates, "UTC").await.unwrap().total, 2);
        let today = chrono::Utc::now().date_naive();
        let tomorrow = today.succ_opt().unwrap();
        let vehicles = |from, to| AuditQuery {
            entity_type: Some("vehicle".into()),
            from,
            to,
            ..Default::default()
        };
        assert_eq!(
            list(&mut tx, &vehicles(Some(today), Some(today)), "UTC")
                .await
                .unwrap()
                .total,
            3
        );
        assert_eq!(
            list(&mut tx, &vehicles(Some(tomorrow), None), "UTC")
                .await
                .unwrap()
                .total,
            0
        );
        assert_eq!(
            list(
                &mut tx,
                &vehicles(None, Some(today.pred_opt().unwrap())),
                "UTC"
            )
            .await
            .unwrap()
            .total,
            0
        );
        let facets = facets(&mut tx).await.unwrap();
        assert!(
            facets.actions.contains(&"vehicle.update".to_owned())
                && facets.entity_types.contains(&"vehicle".to_owned())
        );
    }
}
