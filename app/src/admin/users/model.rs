//! User types and validation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::UserId;
use crate::error::{AppError, FieldError, Validator};

/// A user as provisioning creates it (roles by key).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewUser {
    pub email: String,
    pub full_name: String,
    pub locale: String,
    pub time_zone: String,
    /// Role keys (`admin`, `driver`, or a custom role's name).
    pub roles: Vec<String>,
}

/// What an admin fills in to create a user (roles by id).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UserInput {
    pub email: String,
    pub full_name: String,
    #[serde(default)]
    pub roles: Vec<Uuid>,
}

impl UserInput {
    /// Email and name are required and bounded.
    pub fn validate(&self) -> Result<(), AppError> {
        let email = self.email.trim();
        let name = self.full_name.trim();
        Validator::default()
            .check(email.is_empty(), "email", FieldError::Required)
            .check(
                !email.is_empty() && !looks_like_email(email),
                "email",
                FieldError::InvalidEmail,
            )
            .check(email.len() > 254, "email", FieldError::TooLong)
            .check(name.is_empty(), "full_name", FieldError::Required)
            .check(name.chars().count() > 120, "full_name", FieldError::TooLong)
            .finish()
    }
}

/// One `@`, something before it, a dot after it, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// A user as the admin list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub full_name: String,
    pub is_active: bool,
    pub role_ids: Vec<Uuid>,
    pub role_keys: Vec<String>,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// A user and the one-time password of their next sign-in (a new user's, or one an admin
/// reset), which is shown once and never stored in clear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedUser {
    pub id: UserId,
    pub email: String,
    pub initial_password: String,
}

/// What the users page shows once: which of its forms gave which user a one-time password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OneTimePassword {
    Created(CreatedUser),
    Reset(CreatedUser),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_for_shape() {
        for ok in ["a@b.kz", "first.last@atlas-tours.ma"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@", "@b.kz", "a@b", "a b@c.kz", "a@b.", "a@@b.kz"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn name_and_email_are_required() {
        let e = UserInput::default().validate().unwrap_err();
        let f = e.field_errors();
        assert_eq!(f["email"], vec![FieldError::Required]);
        assert_eq!(f["full_name"], vec![FieldError::Required]);
        let ok = UserInput {
            email: "x@y.kz".into(),
            full_name: "X".into(),
            roles: vec![],
        };
        assert!(ok.validate().is_ok());
    }
}
