//! Role types and validation.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::{DefaultRole, Permission};
use crate::error::{AppError, FieldError, Validator};

/// A custom role as an admin defines it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoleInput {
    pub name: String,
    #[serde(default)]
    pub permissions: Vec<Permission>,
}

impl RoleInput {
    /// A name is required, at most 60 characters, and may not be a default role's key.
    pub fn validate(&self) -> Result<(), AppError> {
        let name = self.name.trim();
        Validator::default()
            .check(name.is_empty(), "name", FieldError::Required)
            .check(name.chars().count() > 60, "name", FieldError::TooLong)
            .check(
                DefaultRole::parse(&name.to_lowercase()).is_some(),
                "name",
                FieldError::Taken,
            )
            .finish()
    }

    /// The permissions as stored: sorted, without duplicates.
    pub fn stored_permissions(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .permissions
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// A role as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleRow {
    pub id: Uuid,
    /// The default role's key, or the custom role's name.
    pub key: String,
    pub is_builtin: bool,
    pub permissions: Vec<String>,
    pub user_count: i64,
}

impl RoleRow {
    /// Whether the role grants `permission`.
    pub fn grants(&self, permission: Permission) -> bool {
        self.permissions.iter().any(|p| p == permission.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_roles_need_a_fresh_name() {
        assert!(
            RoleInput {
                name: "Night shift".into(),
                permissions: vec![]
            }
            .validate()
            .is_ok()
        );
        for bad in ["", "  ", "Admin", "driver"] {
            assert!(
                RoleInput {
                    name: bad.into(),
                    permissions: vec![]
                }
                .validate()
                .is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn stored_permissions_are_sorted_and_unique() {
        let input = RoleInput {
            name: "x".into(),
            permissions: vec![
                Permission::UserWrite,
                Permission::DashboardView,
                Permission::UserWrite,
            ],
        };
        assert_eq!(
            input.stored_permissions(),
            vec!["dashboard_view", "user_write"]
        );
    }
}
