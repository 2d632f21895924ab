//! Profile inputs and their validation.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldError, Validator};

/// The shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;
const MAX_PASSWORD_LEN: usize = 256;

/// The time zones offered in the profile (any valid IANA name is accepted).
pub const TIME_ZONES: [&str; 12] = [
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Oral",
    "Asia/Qyzylorda",
    "Africa/Casablanca",
    "Europe/Istanbul",
    "Europe/Paris",
    "Europe/Moscow",
    "Asia/Dubai",
    "Asia/Riyadh",
    "Europe/London",
    "UTC",
];

/// A password change: the current password proves it is the user.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

impl PasswordChange {
    /// Checks the shape of the input (the current password is checked against the database).
    pub fn validate(&self) -> Result<(), AppError> {
        validate_new_password(&self.new_password, "new_password")?;
        Validator::default()
            .check(
                self.current_password.is_empty(),
                "current_password",
                FieldError::Required,
            )
            .check(
                self.confirm_password != self.new_password,
                "confirm_password",
                FieldError::PasswordsDiffer,
            )
            .finish()
    }
}

/// The rules for a new password, reported on `field`.
pub fn validate_new_password(password: &str, field: &str) -> Result<(), AppError> {
    let len = password.chars().count();
    Validator::default()
        .check(len == 0, field, FieldError::Required)
        .check(
            len > 0 && len < MIN_PASSWORD_LEN,
            field,
            FieldError::PasswordTooShort,
        )
        .check(len > MAX_PASSWORD_LEN, field, FieldError::TooLong)
        .finish()
}

/// Language and time zone.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Preferences {
    pub locale: String,
    pub time_zone: String,
}

impl Preferences {
    /// Both must be known values (checked on the server: the time zone table stays out of the wasm).
    #[cfg(feature = "ssr")]
    pub fn validate(&self) -> Result<(), AppError> {
        use std::str::FromStr;
        Validator::default()
            .check(
                !is_locale(&self.locale),
                "locale",
                FieldError::UnknownChoice,
            )
            .check(
                chrono_tz::Tz::from_str(&self.time_zone).is_err(),
                "time_zone",
                FieldError::UnknownChoice,
            )
            .finish()
    }
}

/// Whether `code` is the code of one of the six locales, as this build writes it (`kk`, not the
/// `kz` that [`crate::language::locale_from_code`] still reads).
#[cfg(feature = "ssr")]
pub fn is_locale(code: &str) -> bool {
    use std::str::FromStr;
    crate::i18n::Locale::from_str(code).is_ok_and(|l| leptos_i18n::Locale::as_str(l) == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(current: &str, new: &str, confirm: &str) -> PasswordChange {
        PasswordChange {
            current_password: current.into(),
            new_password: new.into(),
            confirm_password: confirm.into(),
        }
    }

    #[test]
    fn password_rules() {
        assert!(
            change("old", "long enough pw", "long enough pw")
                .validate()
                .is_ok()
        );
        let e = change("old", "short", "short").validate().unwrap_err();
        assert_eq!(
            e.field_errors()["new_password"],
            vec![FieldError::PasswordTooShort]
        );
        let e = change("", "long enough pw", "different pw!")
            .validate()
            .unwrap_err();
        let f = e.field_errors();
        assert_eq!(f["current_password"], vec![FieldError::Required]);
        assert_eq!(f["confirm_password"], vec![FieldError::PasswordsDiffer]);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn preferences_accept_only_known_locales_and_zones() {
        let kazakh = |locale: &str| Preferences {
            locale: locale.into(),
            time_zone: "Asia/Almaty".into(),
        };
        assert!(kazakh("kk").validate().is_ok());
        // Kazakh's old name is read wherever it was stored (`crate::language`), never written.
        assert!(kazakh("kz").validate().is_err());
        let e = Preferences {
            locale: "xx".into(),
            time_zone: "Mars/Olympus".into(),
        }
        .validate()
        .unwrap_err();
        let f = e.field_errors();
        assert_eq!(f["locale"], vec![FieldError::UnknownChoice]);
        assert_eq!(f["time_zone"], vec![FieldError::UnknownChoice]);
    }
}
