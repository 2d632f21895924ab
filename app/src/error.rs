//! The one error type that crosses the wire, for server functions and REST alike.
//!
//! Each variant maps to one HTTP status (see `status`) and one translation key under
//! `locales/*/errors.json`; `Internal` never carries its cause to the client, the cause is logged.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::auth::Permission;

/// Field name -> error codes, e.g. `{"email": ["required"]}`. Codes are translation keys under
/// `errors.field`.
pub type FieldErrors = BTreeMap<String, Vec<FieldError>>;

/// What is wrong with one field. Each code has a translation under `errors.field.<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldError {
    Required,
    InvalidEmail,
    PasswordTooShort,
    TooLong,
    WrongPassword,
    PasswordsDiffer,
    UnknownChoice,
    Taken,
    CannotChangeOwn,
    BuiltinRole,
    InvalidPlate,
    InvalidVin,
    NotANumber,
    OutOfRange,
    TooPrecise,
    MustBePositive,
    InvalidDate,
    InFuture,
    InvalidPhone,
    VehicleBusy,
    DriverBusy,
    LicenceExpired,
    MedicalExpired,
    DriverNotActive,
    VehicleDecommissioned,
    EndsBeforeStarts,
    ChangedMeanwhile,
    MileageBelowPrevious,
    MileageAboveNext,
    MileageAbnormal,
    MileageSameTime,
    NotYourVehicle,
    AlreadyVoided,
    MoveNotAllowed,
    IntervalRequired,
    InPast,
    NotScheduled,
    DefectHasWorkOrder,
    ReportingCurrency,
    ContractClosed,
    InvalidCsv,
    UnknownPlate,
    AlreadyRecorded,
    AlreadyImported,
    TooManyRows,
}

impl FieldError {
    /// The code as it appears in JSON and in the translation files.
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::InvalidEmail => "invalid_email",
            Self::PasswordTooShort => "password_too_short",
            Self::TooLong => "too_long",
            Self::WrongPassword => "wrong_password",
            Self::PasswordsDiffer => "passwords_differ",
            Self::UnknownChoice => "unknown_choice",
            Self::Taken => "taken",
            Self::CannotChangeOwn => "cannot_change_own",
            Self::BuiltinRole => "builtin_role",
            Self::InvalidPlate => "invalid_plate",
            Self::InvalidVin => "invalid_vin",
            Self::NotANumber => "not_a_number",
            Self::OutOfRange => "out_of_range",
            Self::TooPrecise => "too_precise",
            Self::MustBePositive => "must_be_positive",
            Self::InvalidDate => "invalid_date",
            Self::InFuture => "in_future",
            Self::InvalidPhone => "invalid_phone",
            Self::VehicleBusy => "vehicle_busy",
            Self::DriverBusy => "driver_busy",
            Self::LicenceExpired => "licence_expired",
            Self::MedicalExpired => "medical_expired",
            Self::DriverNotActive => "driver_not_active",
            Self::VehicleDecommissioned => "vehicle_decommissioned",
            Self::EndsBeforeStarts => "ends_before_starts",
            Self::ChangedMeanwhile => "changed_meanwhile",
            Self::MileageBelowPrevious => "mileage_below_previous",
            Self::MileageAboveNext => "mileage_above_next",
            Self::MileageAbnormal => "mileage_abnormal",
            Self::MileageSameTime => "mileage_same_time",
            Self::NotYourVehicle => "not_your_vehicle",
            Self::AlreadyVoided => "already_voided",
            Self::MoveNotAllowed => "move_not_allowed",
            Self::IntervalRequired => "interval_required",
            Self::InPast => "in_past",
            Self::NotScheduled => "not_scheduled",
            Self::DefectHasWorkOrder => "defect_has_work_order",
            Self::ReportingCurrency => "reporting_currency",
            Self::ContractClosed => "contract_closed",
            Self::InvalidCsv => "invalid_csv",
            Self::UnknownPlate => "unknown_plate",
            Self::AlreadyRecorded => "already_recorded",
            Self::AlreadyImported => "already_imported",
            Self::TooManyRows => "too_many_rows",
        }
    }
}

/// Every failure an operation can report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AppError {
    /// No valid identity on the request (401).
    #[error("unauthenticated")]
    Unauthenticated,
    /// Sign-in refused: the same answer for an unknown email and a wrong password (401).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The user lacks a permission (403).
    #[error("forbidden")]
    Forbidden { permission: Permission },
    /// Nothing there, or not in this tenant (404).
    #[error("not found")]
    NotFound,
    /// A uniqueness rule refused the change (409), reported on the field it concerns.
    #[error("conflict on {field}")]
    Conflict { field: String },
    /// Input failed validation (422).
    #[error("invalid input")]
    Invalid { fields: FieldErrors },
    /// Too many attempts (429); retry after that many seconds.
    #[error("rate limited")]
    RateLimited { retry_after: u64 },
    /// Anything unexpected (500); the cause is in the server log only.
    #[error("internal error")]
    Internal,
    /// The request never reached an operation (transport, decoding) (400).
    #[error("bad request")]
    BadRequest,
    /// A change sent with our cookies from another site's page (403): refused before it runs.
    #[error("cross-site request")]
    CrossSite,
    /// Signed in with a one-time password, which must be replaced first (403).
    #[error("password change required")]
    PasswordChangeRequired,
    /// The same form was sent before and its command ran then; its answer is not at hand (409).
    /// A form sent twice normally gets the first answer again (`crate::once`).
    #[error("already submitted")]
    AlreadySubmitted,
}

impl AppError {
    /// One field error, as validation code reports it.
    pub fn field(field: &str, error: FieldError) -> Self {
        let mut fields = FieldErrors::new();
        fields.insert(field.to_owned(), vec![error]);
        Self::Invalid { fields }
    }

    /// A uniqueness conflict on `field`.
    pub fn conflict(field: &str) -> Self {
        Self::Conflict {
            field: field.to_owned(),
        }
    }

    /// The HTTP status for this variant; the only place that decides it.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated | Self::InvalidCredentials => 401,
            Self::Forbidden { .. } | Self::CrossSite | Self::PasswordChangeRequired => 403,
            Self::NotFound => 404,
            Self::Conflict { .. } | Self::AlreadySubmitted => 409,
            Self::Invalid { .. } => 422,
            Self::RateLimited { .. } => 429,
            Self::Internal => 500,
            Self::BadRequest => 400,
        }
    }

    /// The machine-readable code, also the translation key under `errors`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden { .. } => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::Invalid { .. } => "invalid",
            Self::RateLimited { .. } => "rate_limited",
            Self::Internal => "internal",
            Self::BadRequest => "bad_request",
            Self::CrossSite => "cross_site",
            Self::PasswordChangeRequired => "password_change_required",
            Self::AlreadySubmitted => "already_submitted",
        }
    }

    /// The field errors this error carries (a conflict counts as one on its field).
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            Self::Invalid { fields } => fields.clone(),
            Self::Conflict { field } => {
                FieldErrors::from([(field.clone(), vec![FieldError::Taken])])
            }
            _ => FieldErrors::new(),
        }
    }

    /// The same error with its fields renamed as `names` says (`("value", "mileage")`), for an
    /// operation that applies another slice's rules under its own form's field names.
    pub fn with_fields_renamed(self, names: &[(&str, &str)]) -> Self {
        let rename = |field: String| {
            names
                .iter()
                .find(|(from, _)| *from == field)
                .map_or(field.clone(), |(_, to)| (*to).to_owned())
        };
        match self {
            Self::Invalid { fields } => Self::Invalid {
                fields: fields.into_iter().map(|(f, e)| (rename(f), e)).collect(),
            },
            Self::Conflict { field } => Self::Conflict {
                field: rename(field),
            },
            other => other,
        }
    }
}

/// Collects field errors during validation and turns them into one `AppError::Invalid`.
#[derive(Debug, Default)]
pub struct Validator {
    fields: FieldErrors,
}

impl Validator {
    /// Records `error` on `field` when `failed` holds.
    pub fn check(&mut self, failed: bool, field: &str, error: FieldError) -> &mut Self {
        if failed {
            self.fields.entry(field.to_owned()).or_default().push(error);
        }
        self
    }

    /// A day sent whole (a server function's argument, not read through `input::date`) must
    /// still lie between 1900 and 2200, like every day this application reads.
    pub fn check_day(&mut self, field: &str, day: Option<chrono::NaiveDate>) -> &mut Self {
        let outside = day.is_some_and(|d| crate::input::day_in_range(d).is_err());
        self.check(outside, field, FieldError::OutOfRange)
    }

    /// A search text sent whole must still be at most [`LONGEST_SEARCH`] characters (an address
    /// reader cuts it there).
    ///
    /// [`LONGEST_SEARCH`]: crate::listing::LONGEST_SEARCH
    pub fn check_search(&mut self, field: &str, text: Option<&str>) -> &mut Self {
        let long = text.is_some_and(|t| t.chars().count() > crate::listing::LONGEST_SEARCH);
        self.check(long, field, FieldError::TooLong)
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(&mut self) -> Result<(), AppError> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid {
                fields: std::mem::take(&mut self.fields),
            })
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(_) | E::Deserialization(_) | E::MissingArg(_) => Self::BadRequest,
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;

    impl AppError {
        /// The `Retry-After` header a throttled answer carries, for REST and server functions alike.
        pub fn retry_after_header(&self) -> Option<http::HeaderValue> {
            match self {
                AppError::RateLimited { retry_after } => {
                    http::HeaderValue::from_str(&retry_after.to_string()).ok()
                }
                _ => None,
            }
        }
    }

    impl From<sqlx::Error> for AppError {
        #[track_caller]
        fn from(error: sqlx::Error) -> Self {
            match error {
                sqlx::Error::RowNotFound => AppError::NotFound,
                other => {
                    let at = std::panic::Location::caller();
                    tracing::error!(error = %other, %at, "database error");
                    AppError::Internal
                }
            }
        }
    }

    /// Turns a named constraint violation into a domain error; anything else stays an error.
    pub trait OnConstraint<T> {
        /// Maps a violation of `constraint` through `to`; other errors become `AppError` as usual.
        fn on_constraint(
            self,
            constraint: &str,
            to: impl FnOnce() -> AppError,
        ) -> Result<T, AppError>;

        /// Maps a violation of any constraint in `cases` to the error listed with it (a table of
        /// the unique and exclusion constraints a statement can hit); other errors as usual.
        fn on_constraints(self, cases: &[(&str, AppError)]) -> Result<T, AppError>;
    }

    impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
        #[track_caller]
        fn on_constraint(
            self,
            constraint: &str,
            to: impl FnOnce() -> AppError,
        ) -> Result<T, AppError> {
            match self {
                Ok(value) => Ok(value),
                Err(sqlx::Error::Database(db)) if db.constraint() == Some(constraint) => Err(to()),
                Err(other) => Err(other.into()),
            }
        }

        #[track_caller]
        fn on_constraints(self, cases: &[(&str, AppError)]) -> Result<T, AppError> {
            let Err(sqlx::Error::Database(db)) = &self else {
                return self.map_err(AppError::from);
            };
            match cases.iter().find(|(name, _)| db.constraint() == Some(name)) {
                Some((_, error)) => Err(error.clone()),
                None => self.map_err(AppError::from),
            }
        }
    }
}

#[cfg(feature = "ssr")]
pub use ssr::OnConstraint;

/// The translated text of an error, in `locale`.
pub fn message(locale: crate::i18n::Locale, error: &AppError) -> &'static str {
    use crate::i18n::td_string;
    match error {
        AppError::Unauthenticated => td_string!(locale, errors.unauthenticated),
        AppError::InvalidCredentials => td_string!(locale, errors.invalid_credentials),
        AppError::Forbidden { .. } => td_string!(locale, errors.forbidden),
        AppError::NotFound => td_string!(locale, errors.not_found),
        AppError::Conflict { .. } => td_string!(locale, errors.conflict),
        AppError::Invalid { .. } => td_string!(locale, errors.invalid),
        AppError::RateLimited { .. } => td_string!(locale, errors.rate_limited),
        AppError::Internal => td_string!(locale, errors.internal),
        AppError::BadRequest => td_string!(locale, errors.bad_request),
        AppError::CrossSite => td_string!(locale, errors.cross_site),
        AppError::PasswordChangeRequired => td_string!(locale, errors.password_change_required),
        AppError::AlreadySubmitted => td_string!(locale, errors.already_submitted),
    }
}

/// The translated text of a field error, in `locale`.
pub fn field_message(locale: crate::i18n::Locale, error: FieldError) -> &'static str {
    use crate::i18n::td_string;
    match error {
        FieldError::Required => td_string!(locale, errors.field.required),
        FieldError::InvalidEmail => td_string!(locale, errors.field.invalid_email),
        FieldError::PasswordTooShort => td_string!(locale, errors.field.password_too_short),
        FieldError::TooLong => td_string!(locale, errors.field.too_long),
        FieldError::WrongPassword => td_string!(locale, errors.field.wrong_password),
        FieldError::PasswordsDiffer => td_string!(locale, errors.field.passwords_differ),
        FieldError::UnknownChoice => td_string!(locale, errors.field.unknown_choice),
        FieldError::Taken => td_string!(locale, errors.field.taken),
        FieldError::CannotChangeOwn => td_string!(locale, errors.field.cannot_change_own),
        FieldError::BuiltinRole => td_string!(locale, errors.field.builtin_role),
        FieldError::InvalidPlate => td_string!(locale, errors.field.invalid_plate),
        FieldError::InvalidVin => td_string!(locale, errors.field.invalid_vin),
        FieldError::NotANumber => td_string!(locale, errors.field.not_a_number),
        FieldError::OutOfRange => td_string!(locale, errors.field.out_of_range),
        FieldError::TooPrecise => td_string!(locale, errors.field.too_precise),
        FieldError::MustBePositive => td_string!(locale, errors.field.must_be_positive),
        FieldError::InvalidDate => td_string!(locale, errors.field.invalid_date),
        FieldError::InFuture => td_string!(locale, errors.field.in_future),
        FieldError::InvalidPhone => td_string!(locale, errors.field.invalid_phone),
        FieldError::VehicleBusy => td_string!(locale, errors.field.vehicle_busy),
        FieldError::DriverBusy => td_string!(locale, errors.field.driver_busy),
        FieldError::LicenceExpired => td_string!(locale, errors.field.licence_expired),
        FieldError::MedicalExpired => td_string!(locale, errors.field.medical_expired),
        FieldError::DriverNotActive => td_string!(locale, errors.field.driver_not_active),
        FieldError::VehicleDecommissioned => {
            td_string!(locale, errors.field.vehicle_decommissioned)
        }
        FieldError::EndsBeforeStarts => td_string!(locale, errors.field.ends_before_starts),
        FieldError::ChangedMeanwhile => td_string!(locale, errors.field.changed_meanwhile),
        FieldError::MileageBelowPrevious => td_string!(locale, errors.field.mileage_below_previous),
        FieldError::MileageAboveNext => td_string!(locale, errors.field.mileage_above_next),
        FieldError::MileageAbnormal => td_string!(locale, errors.field.mileage_abnormal),
        FieldError::MileageSameTime => td_string!(locale, errors.field.mileage_same_time),
        FieldError::NotYourVehicle => td_string!(locale, errors.field.not_your_vehicle),
        FieldError::AlreadyVoided => td_string!(locale, errors.field.already_voided),
        FieldError::MoveNotAllowed => td_string!(locale, errors.field.move_not_allowed),
        FieldError::IntervalRequired => td_string!(locale, errors.field.interval_required),
        FieldError::InPast => td_string!(locale, errors.field.in_past),
        FieldError::NotScheduled => td_string!(locale, errors.field.not_scheduled),
        FieldError::DefectHasWorkOrder => td_string!(locale, errors.field.defect_has_work_order),
        FieldError::ReportingCurrency => td_string!(locale, errors.field.reporting_currency),
        FieldError::ContractClosed => td_string!(locale, errors.field.contract_closed),
        FieldError::InvalidCsv => td_string!(locale, errors.field.invalid_csv),
        FieldError::UnknownPlate => td_string!(locale, errors.field.unknown_plate),
        FieldError::AlreadyRecorded => td_string!(locale, errors.field.already_recorded),
        FieldError::AlreadyImported => td_string!(locale, errors.field.already_imported),
        FieldError::TooManyRows => td_string!(locale, errors.field.too_many_rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validator_collects_every_failure_per_field() {
        let mut v = Validator::default();
        v.check(true, "email", FieldError::Required)
            .check(false, "email", FieldError::InvalidEmail)
            .check(true, "password", FieldError::PasswordTooShort);
        let err = v.finish().unwrap_err();
        assert_eq!(err.status(), 422);
        let fields = err.field_errors();
        assert_eq!(fields["email"], vec![FieldError::Required]);
        assert_eq!(fields["password"], vec![FieldError::PasswordTooShort]);
    }

    #[test]
    fn conflict_reports_taken_on_its_field() {
        let err = AppError::Conflict {
            field: "email".into(),
        };
        assert_eq!(err.status(), 409);
        assert_eq!(err.field_errors()["email"], vec![FieldError::Taken]);
    }

    #[test]
    fn errors_serialise_with_a_tag() {
        let json = serde_json::to_value(AppError::RateLimited { retry_after: 30 }).unwrap();
        assert_eq!(json["error"], "rate_limited");
        assert_eq!(json["retry_after"], 30);
    }
}
