//! Audit entries as the audit log page and a record's history read them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::error::{AppError, Validator};
use crate::listing::{PageRequest, Params};

/// One written audit entry, with the actor's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditRow {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// `at` in the reader's time zone, `2026-11-22 14:05`.
    pub at_local: String,
    pub actor_user_id: Option<Uuid>,
    /// `None` for work done by the system (the demo seed, provisioning).
    pub actor_name: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub ip: Option<String>,
}

/// The audit log's filters and page, as the address holds them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub user: Option<Uuid>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    /// First day shown, in the reader's time zone.
    pub from: Option<NaiveDate>,
    /// Last day shown, inclusive.
    pub to: Option<NaiveDate>,
    pub page: PageRequest,
}

impl AuditQuery {
    /// Refuses what the address reader would have dropped or cut: a query sent whole (a server
    /// function's arguments) meets the same bounds as one read from an address.
    pub fn check(&self) -> Result<(), AppError> {
        Validator::default()
            .check_search("action", self.action.as_deref())
            .check_search("entity_type", self.entity_type.as_deref())
            .check_day("from", self.from)
            .check_day("to", self.to)
            .finish()
    }

    /// Reads the address; what does not parse is ignored.
    pub fn from_params(p: &Params) -> Self {
        Self {
            user: p.parse("user"),
            action: p.get("action").map(str::to_owned),
            entity_type: p.get("entity_type").map(str::to_owned),
            entity_id: p.parse("entity_id"),
            from: p.day("from"),
            to: p.day("to"),
            page: PageRequest::from_params(p),
        }
    }

    /// The history of one record, newest first.
    pub fn for_entity(entity_type: &str, id: Uuid, page: PageRequest) -> Self {
        Self {
            entity_type: Some(entity_type.into()),
            entity_id: Some(id),
            page,
            ..Default::default()
        }
    }
}

/// Who and what the audit log's filters offer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFacets {
    /// (id, full name) of every user of the tenant.
    pub users: Vec<(Uuid, String)>,
    pub actions: Vec<String>,
    pub entity_types: Vec<String>,
}

/// One field an entry changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Bookkeeping fields that change with every write and say nothing to a reader.
const NOISE: [&str; 2] = ["updated_at", "created_at"];

/// The fields whose values differ between `before` and `after`, in field order. A creation
/// lists every field it set; a change to something that is not a JSON object is one change
/// with an empty field name.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let empty = serde_json::Map::new();
    let object = |v: Option<&Value>| match v {
        Some(Value::Object(map)) => Some(map.clone()),
        None | Some(Value::Null) => Some(empty.clone()),
        Some(_) => None,
    };
    let (Some(b), Some(a)) = (object(before), object(after)) else {
        return vec![Change {
            field: String::new(),
            before: before.cloned(),
            after: after.cloned(),
        }];
    };
    let mut fields: Vec<&String> = a
        .keys()
        .chain(b.keys().filter(|k| !a.contains_key(*k)))
        .collect();
    fields.retain(|f| !NOISE.contains(&f.as_str()));
    let present = |v: Option<&Value>| v.filter(|v| !v.is_null()).cloned();
    fields
        .into_iter()
        .filter(|f| b.get(*f) != a.get(*f))
        .map(|f| Change {
            field: f.clone(),
            before: present(b.get(f)),
            after: present(a.get(f)),
        })
        .filter(|c| c.before != c.after)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_list_only_what_differs() {
        let before = json!({"plate": "123 ABC 01", "year": 2020, "color": null, "updated_at": "a"});
        let after =
            json!({"plate": "123 ABC 01", "year": 2021, "color": "white", "updated_at": "b"});
        let fields: Vec<(String, Option<Value>, Option<Value>)> =
            changes(Some(&before), Some(&after))
                .into_iter()
                .map(|c| (c.field, c.before, c.after))
                .collect();
        assert_eq!(
            fields,
            vec![
                ("color".into(), None, Some(json!("white"))),
                ("year".into(), Some(json!(2020)), Some(json!(2021)))
            ]
        );
    }

    #[test]
    fn a_creation_lists_what_it_set_and_odd_values_are_one_change() {
        let created = changes(None, Some(&json!({"plate": "1-أ-1", "notes": null})));
        assert_eq!(created.len(), 1);
        assert_eq!(
            (created[0].field.as_str(), created[0].after.clone()),
            ("plate", Some(json!("1-أ-1")))
        );
        let odd = changes(Some(&json!(1)), Some(&json!(2)));
        assert_eq!(
            odd,
            vec![Change {
                field: String::new(),
                before: Some(json!(1)),
                after: Some(json!(2))
            }]
        );
        assert!(changes(Some(&json!({"a": 1})), Some(&json!({"a": 1}))).is_empty());
    }
}
