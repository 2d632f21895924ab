//! Driver types, the list's query, and the validation of what a form or a REST client sends.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::admin::users::looks_like_email;
use crate::choice::choices;
use crate::error::{AppError, FieldError, Validator};
use crate::input::{self, field, optional, optional_text, past_date, required_text};
use crate::listing::{PageRequest, Params, SortDir};

/// A driver's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct DriverId(pub Uuid);

choices! {
    /// Whether a driver works for the tenant now; `Terminated` replaces deletion.
    pub enum DriverStatus as "driver_status" {
        Active = "active", OnLeave = "on_leave", Terminated = "terminated",
    }
}

/// Driving licence categories (the Vienna Convention set Kazakhstan, Morocco, Turkey and the
/// EU share, with their sub-categories).
pub const LICENCE_CATEGORIES: [&str; 16] = [
    "A", "A1", "B", "B1", "BE", "C", "C1", "CE", "C1E", "D", "D1", "DE", "D1E", "M", "Tm", "Tb",
];

/// A driver as stored, with how many days their papers have left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Driver {
    pub id: DriverId,
    pub full_name: String,
    pub employee_number: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The driver's own sign-in, if any.
    pub user_id: Option<Uuid>,
    pub licence_number: Option<String>,
    pub licence_categories: Vec<String>,
    pub licence_expiry: Option<NaiveDate>,
    pub medical_expiry: Option<NaiveDate>,
    pub hire_date: Option<NaiveDate>,
    pub department: Option<String>,
    pub status: DriverStatus,
    pub languages: Vec<String>,
    pub notes: Option<String>,
    /// Days until the licence expires in the tenant's calendar (negative: expired).
    pub licence_days_left: Option<i32>,
    pub medical_days_left: Option<i32>,
    /// Days until the first of the driver's certificates expires.
    pub certificate_days_left: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Driver {
    /// Days until the first of the driver's papers expires, if any has a date.
    pub fn papers_days_left(&self) -> Option<i32> {
        [
            self.licence_days_left,
            self.medical_days_left,
            self.certificate_days_left,
        ]
        .into_iter()
        .flatten()
        .min()
    }
}

/// What the create and edit forms (and REST clients) send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DriverForm {
    pub full_name: String,
    pub employee_number: String,
    pub phone: String,
    pub email: String,
    /// The id of a user with the driver role, or blank.
    pub user_id: String,
    pub licence_number: String,
    /// Categories separated by commas or spaces: "B, C, CE".
    pub licence_categories: String,
    pub licence_expiry: String,
    pub medical_expiry: String,
    pub hire_date: String,
    pub department: String,
    /// Blank keeps the driver active (a new driver) or as they are.
    pub status: String,
    /// Languages separated by commas: "Kazakh, Russian, English".
    pub languages: String,
    pub notes: String,
}

/// A validated driver, ready for the database.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverInput {
    pub full_name: String,
    pub employee_number: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub user_id: Option<Uuid>,
    pub licence_number: Option<String>,
    pub licence_categories: Vec<String>,
    pub licence_expiry: Option<NaiveDate>,
    pub medical_expiry: Option<NaiveDate>,
    pub hire_date: Option<NaiveDate>,
    pub department: Option<String>,
    pub status: DriverStatus,
    pub languages: Vec<String>,
    pub notes: Option<String>,
}

impl DriverForm {
    /// Checks every field and collects every failure, or returns the typed driver. `today` is
    /// the tenant's date (a hire date cannot be later).
    pub fn validate(&self, today: NaiveDate) -> Result<DriverInput, AppError> {
        let mut v = Validator::default();
        let full_name = required_text(&mut v, "full_name", &self.full_name, 120);
        let employee_number = required_text(&mut v, "employee_number", &self.employee_number, 40);
        let phone = optional(&self.phone).and_then(|raw| field(&mut v, "phone", phone(raw)));
        let email = optional(&self.email).and_then(|raw| field(&mut v, "email", email(raw)));
        let user_id = optional(&self.user_id).and_then(|raw| {
            field(
                &mut v,
                "user_id",
                raw.parse().map_err(|_| FieldError::UnknownChoice),
            )
        });
        let licence_number = optional_text(&mut v, "licence_number", &self.licence_number, 40);
        let licence_categories = field(
            &mut v,
            "licence_categories",
            categories(&self.licence_categories),
        )
        .unwrap_or_default();
        let licence_expiry = optional(&self.licence_expiry)
            .and_then(|raw| field(&mut v, "licence_expiry", input::date(raw)));
        let medical_expiry = optional(&self.medical_expiry)
            .and_then(|raw| field(&mut v, "medical_expiry", input::date(raw)));
        let hire_date = optional(&self.hire_date)
            .and_then(|raw| field(&mut v, "hire_date", past_date(raw, today)));
        let department = optional_text(&mut v, "department", &self.department, 80);
        let status = match optional(&self.status) {
            Some(raw) => field(&mut v, "status", raw.parse()),
            None => Some(DriverStatus::Active),
        };
        let languages = field(&mut v, "languages", languages(&self.languages)).unwrap_or_default();
        let notes = optional_text(&mut v, "notes", &self.notes, 2000);
        v.finish()?;
        match (full_name, employee_number, status) {
            (Some(full_name), Some(employee_number), Some(status)) => Ok(DriverInput {
                full_name,
                employee_number,
                phone,
                email,
                user_id,
                licence_number,
                licence_categories,
                licence_expiry,
                medical_expiry,
                hire_date,
                department,
                status,
                languages,
                notes,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

impl From<&Driver> for DriverForm {
    /// The edit form, filled with the driver as they are.
    fn from(d: &Driver) -> Self {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let day = |o: Option<NaiveDate>| o.map(|d| d.to_string()).unwrap_or_default();
        Self {
            full_name: d.full_name.clone(),
            employee_number: d.employee_number.clone(),
            phone: opt(&d.phone),
            email: opt(&d.email),
            user_id: d.user_id.map(|u| u.to_string()).unwrap_or_default(),
            licence_number: opt(&d.licence_number),
            licence_categories: d.licence_categories.join(", "),
            licence_expiry: day(d.licence_expiry),
            medical_expiry: day(d.medical_expiry),
            hire_date: day(d.hire_date),
            department: opt(&d.department),
            status: d.status.as_str().into(),
            languages: d.languages.join(", "),
            notes: opt(&d.notes),
        }
    }
}

/// A phone number as people write it: digits with `+`, spaces, dashes, dots and brackets;
/// stored as typed (trimmed), checked for 5 to 15 digits (E.164's maximum).
fn phone(raw: &str) -> Result<String, FieldError> {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')');
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    if raw.chars().all(allowed) && (5..=15).contains(&digits) {
        Ok(raw.to_owned())
    } else {
        Err(FieldError::InvalidPhone)
    }
}

/// An email address, lower-cased, with the shape user accounts are checked for.
fn email(raw: &str) -> Result<String, FieldError> {
    let email = raw.to_lowercase();
    if looks_like_email(&email) {
        Ok(email)
    } else {
        Err(FieldError::InvalidEmail)
    }
}

/// "b, ce c" → `["B", "C", "CE"]`: known categories only, each once, in the standard order.
fn categories(raw: &str) -> Result<Vec<String>, FieldError> {
    let mut picked = Vec::new();
    for part in raw
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let known = LICENCE_CATEGORIES
            .iter()
            .find(|c| c.eq_ignore_ascii_case(part))
            .ok_or(FieldError::UnknownChoice)?;
        if !picked.contains(known) {
            picked.push(*known);
        }
    }
    picked.sort_by_key(|c| LICENCE_CATEGORIES.iter().position(|k| k == c));
    Ok(picked.into_iter().map(String::from).collect())
}

/// "Kazakh, Russian" → `["Kazakh", "Russian"]`: up to ten, each up to 30 characters.
fn languages(raw: &str) -> Result<Vec<String>, FieldError> {
    let list: Vec<String> = raw
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    if list.len() > 10 || list.iter().any(|l| l.chars().count() > 30) {
        Err(FieldError::TooLong)
    } else {
        Ok(list)
    }
}

/// A column of the driver list that can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriverColumn {
    Name,
    EmployeeNumber,
    Phone,
    Categories,
    LicenceExpiry,
    MedicalExpiry,
    /// The first of the driver's certificates to expire.
    Certificates,
    Department,
    Status,
}

impl DriverColumn {
    /// Every column, in table order.
    pub const ALL: [Self; 9] = [
        Self::Name,
        Self::EmployeeNumber,
        Self::Phone,
        Self::Categories,
        Self::LicenceExpiry,
        Self::MedicalExpiry,
        Self::Certificates,
        Self::Department,
        Self::Status,
    ];

    /// The key in the address (`sort=licence_expiry`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::EmployeeNumber => "employee_number",
            Self::Phone => "phone",
            Self::Categories => "categories",
            Self::LicenceExpiry => "licence_expiry",
            Self::MedicalExpiry => "medical_expiry",
            Self::Certificates => "certificates",
            Self::Department => "department",
            Self::Status => "status",
        }
    }

    /// The SQL the list sorts by; a closed set, so it is safe to put in the query text.
    pub fn sql(self) -> &'static str {
        match self {
            Self::Name => "full_name",
            Self::Categories => "array_to_string(licence_categories, ' ')",
            // The list's computed column, by its name in the select list.
            Self::Certificates => "certificate_days_left",
            other => other.as_str(),
        }
    }
}

impl std::str::FromStr for DriverColumn {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|c| c.as_str() == s).ok_or(())
    }
}

/// The "papers expiring within" choices of the list, in days.
pub const EXPIRY_WINDOWS: [i32; 5] = [7, 14, 30, 60, 90];

/// The driver list's filters, search, sort and page: everything in its address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DriverQuery {
    /// Part of a name, employee number, phone or licence number.
    pub q: Option<String>,
    pub status: Option<DriverStatus>,
    pub department: Option<String>,
    /// Drivers with a licence, medical certificate or certificate expiring within this many
    /// days (or already expired).
    pub expiring_within: Option<i32>,
    pub sort: Option<DriverColumn>,
    pub dir: SortDir,
    pub page: PageRequest,
}

impl DriverQuery {
    /// Reads the address; what does not parse is ignored.
    pub fn from_params(p: &Params) -> Self {
        let text = |key: &str| {
            p.get(key).map(|s| {
                s.chars()
                    .take(crate::listing::LONGEST_SEARCH)
                    .collect::<String>()
            })
        };
        Self {
            q: text("q"),
            status: p.parse("status"),
            department: text("department"),
            expiring_within: p
                .parse("expiring_within")
                .filter(|d| EXPIRY_WINDOWS.contains(d)),
            sort: p.parse("sort"),
            dir: p.parse("dir").unwrap_or_default(),
            page: PageRequest::from_params(p),
        }
    }

    /// Refuses what the address reader would have dropped: a query sent whole (a server
    /// function's arguments) meets the same rules as one read from an address.
    pub fn check(&self) -> Result<(), AppError> {
        let offered = self
            .expiring_within
            .is_none_or(|d| EXPIRY_WINDOWS.contains(&d));
        Validator::default()
            .check(!offered, "expiring_within", FieldError::UnknownChoice)
            .check_search("q", self.q.as_deref())
            .check_search("department", self.department.as_deref())
            .finish()
    }

    /// Writes the address back (only what differs from the defaults).
    pub fn to_params(&self) -> Params {
        let mut p = Params::default();
        let mut put = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                p.set(key, value);
            }
        };
        put("q", self.q.clone());
        put("status", self.status.map(|s| s.as_str().into()));
        put("department", self.department.clone());
        put(
            "expiring_within",
            self.expiring_within.map(|d| d.to_string()),
        );
        put("sort", self.sort.map(|c| c.as_str().into()));
        put("dir", (self.dir == SortDir::Desc).then(|| "desc".into()));
        self.page.write(&mut p);
        p
    }

    /// The column sorted by (the name unless the address says otherwise).
    pub fn sort_column(&self) -> DriverColumn {
        self.sort.unwrap_or(DriverColumn::Name)
    }

    /// The search text as a `like` pattern (see [`crate::listing::like_pattern`]).
    pub fn search_pattern(&self) -> Option<String> {
        crate::listing::like_pattern(self.q.as_deref()?)
    }
}

/// What the list's and the form's choices offer: the tenant's departments, and the sign-ins a
/// driver can be linked to (users with the driver role).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DriverFacets {
    pub departments: Vec<String>,
    pub accounts: Vec<DriverAccount>,
}

/// A user who can be linked to a driver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriverAccount {
    pub user_id: Uuid,
    pub full_name: String,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn a_good_form_becomes_a_clean_driver() {
        let form = DriverForm {
            full_name: " Aigerim Nurlanovna ".into(),
            employee_number: "KF-0042".into(),
            phone: "+7 (701) 555-12-34".into(),
            email: "Aigerim@KazFleet.demo".into(),
            licence_categories: "ce, b c b".into(),
            licence_expiry: "2030-05-01".into(),
            hire_date: "2020-01-15".into(),
            languages: "Kazakh, Russian, ".into(),
            ..Default::default()
        };
        let d = form.validate(today()).unwrap();
        assert_eq!(d.full_name, "Aigerim Nurlanovna");
        assert_eq!(d.email.as_deref(), Some("aigerim@kazfleet.demo"));
        assert_eq!(d.licence_categories, vec!["B", "C", "CE"]);
        assert_eq!(d.languages, vec!["Kazakh", "Russian"]);
        assert_eq!(d.status, DriverStatus::Active);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let form = DriverForm {
            full_name: "  ".into(),
            employee_number: "E".repeat(41),
            phone: "call me".into(),
            email: "nobody@".into(),
            user_id: "someone".into(),
            licence_categories: "B, Z".into(),
            licence_expiry: "31/12/2030".into(),
            hire_date: "2027-01-01".into(),
            status: "retired".into(),
            ..Default::default()
        };
        let fields = form.validate(today()).unwrap_err().field_errors();
        let code = |f: &str| fields.get(f).map(|e| e[0]);
        assert_eq!(code("full_name"), Some(FieldError::Required));
        assert_eq!(code("employee_number"), Some(FieldError::TooLong));
        assert_eq!(code("phone"), Some(FieldError::InvalidPhone));
        assert_eq!(code("email"), Some(FieldError::InvalidEmail));
        assert_eq!(code("user_id"), Some(FieldError::UnknownChoice));
        assert_eq!(code("licence_categories"), Some(FieldError::UnknownChoice));
        assert_eq!(code("licence_expiry"), Some(FieldError::InvalidDate));
        assert_eq!(code("hire_date"), Some(FieldError::InFuture));
        assert_eq!(code("status"), Some(FieldError::UnknownChoice));
        assert_eq!(fields.len(), 9, "{fields:?}");
    }

    #[test]
    fn phones_need_five_to_fifteen_digits() {
        assert!(phone("+212 6 12 34 56 78").is_ok());
        assert_eq!(phone("1234"), Err(FieldError::InvalidPhone));
        assert_eq!(
            phone("+1 234 567 890 123 456"),
            Err(FieldError::InvalidPhone)
        );
    }

    #[test]
    fn the_list_query_round_trips_through_the_address() {
        let q = DriverQuery {
            q: Some("nur".into()),
            status: Some(DriverStatus::OnLeave),
            expiring_within: Some(30),
            sort: Some(DriverColumn::LicenceExpiry),
            dir: SortDir::Desc,
            page: PageRequest {
                page: 2,
                per_page: 25,
            },
            ..Default::default()
        };
        assert_eq!(DriverQuery::from_params(&q.to_params()), q);
        let junk = Params(vec![
            ("expiring_within".into(), "45".into()),
            ("status".into(), "gone".into()),
        ]);
        assert_eq!(DriverQuery::from_params(&junk), DriverQuery::default());
    }
}
