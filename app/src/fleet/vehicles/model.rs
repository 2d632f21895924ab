//! Vehicle types, the list's query, and the validation of what a form or a REST client sends.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::plate::normalize_plate;
use crate::choice::choices;
use crate::error::{AppError, FieldError, Validator};
pub use crate::input::CURRENCIES;
use crate::input::{
    self, currency, decimal, field, integer, money, optional, optional_text, past_date, required,
    required_text, within,
};
use crate::listing::{PageRequest, Params, SortDir};

/// A vehicle's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct VehicleId(pub Uuid);

choices! {
    /// The shape of a vehicle.
    pub enum BodyType as "vehicle_body_type" {
        Sedan = "sedan", Suv = "suv", Truck = "truck", Van = "van", Bus = "bus", Minivan = "minivan", Pickup = "pickup",
    }
}

choices! {
    /// What a vehicle runs on.
    pub enum FuelType as "vehicle_fuel_type" {
        Gasoline = "gasoline", Diesel = "diesel", Gas = "gas", Electric = "electric", Hybrid = "hybrid",
    }
}

choices! {
    /// A vehicle's gearbox.
    pub enum Transmission as "vehicle_transmission" {
        Manual = "manual", Automatic = "automatic", Cvt = "cvt", Robot = "robot",
    }
}

choices! {
    /// Where a vehicle is in its life; `Decommissioned` replaces deletion.
    pub enum VehicleStatus as "vehicle_status" {
        Active = "active", InMaintenance = "in_maintenance", Reserved = "reserved", Decommissioned = "decommissioned",
    }
}

/// A vehicle as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Vehicle {
    pub id: VehicleId,
    pub plate: String,
    pub vin: Option<String>,
    pub brand: String,
    pub model: String,
    pub year: i32,
    pub color: Option<String>,
    pub body_type: BodyType,
    pub fuel_type: FuelType,
    /// Litres.
    pub engine_volume: Option<Decimal>,
    /// Litres of fuel, or kWh of battery for an electric vehicle: what one fill can hold.
    pub tank_capacity: Option<Decimal>,
    pub transmission: Option<Transmission>,
    pub seats: Option<i32>,
    pub purchase_date: Option<NaiveDate>,
    pub purchase_price: Option<Decimal>,
    pub purchase_currency: Option<String>,
    /// Kilometres; owned by the mileage module.
    pub current_mileage: i64,
    pub status: VehicleStatus,
    /// Who drives it now, from the drivers module's assignments.
    pub driver_id: Option<Uuid>,
    pub driver_name: Option<String>,
    pub department: Option<String>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the create and edit forms (and REST clients) send: text as typed, so that a year of
/// "abc" is a field error on `year` rather than an unreadable request. JSON numbers are
/// accepted too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VehicleForm {
    pub plate: String,
    pub vin: String,
    pub brand: String,
    pub model: String,
    #[serde(deserialize_with = "input::text")]
    pub year: String,
    pub color: String,
    pub body_type: String,
    pub fuel_type: String,
    #[serde(deserialize_with = "input::text")]
    pub engine_volume: String,
    #[serde(deserialize_with = "input::text")]
    pub tank_capacity: String,
    pub transmission: String,
    #[serde(deserialize_with = "input::text")]
    pub seats: String,
    pub purchase_date: String,
    #[serde(deserialize_with = "input::text")]
    pub purchase_price: String,
    pub purchase_currency: String,
    pub department: String,
    pub notes: String,
}

/// A validated vehicle, ready for the database.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VehicleInput {
    pub plate: String,
    pub vin: Option<String>,
    pub brand: String,
    pub model: String,
    pub year: i32,
    pub color: Option<String>,
    pub body_type: BodyType,
    pub fuel_type: FuelType,
    pub engine_volume: Option<Decimal>,
    pub tank_capacity: Option<Decimal>,
    pub transmission: Option<Transmission>,
    pub seats: Option<i32>,
    pub purchase_date: Option<NaiveDate>,
    pub purchase_price: Option<Decimal>,
    pub purchase_currency: Option<String>,
    pub department: Option<String>,
    pub notes: Option<String>,
}

/// Where the tenant is and what day it is there: what validation needs from outside the form.
#[derive(Debug, Clone, Copy)]
pub struct ValidationContext<'a> {
    /// ISO 3166-1 alpha-2; decides the plate format.
    pub country: &'a str,
    pub today: NaiveDate,
}

impl VehicleForm {
    /// Checks every field and collects every failure, or returns the typed vehicle.
    pub fn validate(&self, cx: ValidationContext<'_>) -> Result<VehicleInput, AppError> {
        let mut v = Validator::default();
        let plate = field(&mut v, "plate", normalize_plate(cx.country, &self.plate));
        let vin = optional(&self.vin).and_then(|raw| field(&mut v, "vin", normalize_vin(raw)));
        let brand = required_text(&mut v, "brand", &self.brand, 60);
        let model = required_text(&mut v, "model", &self.model, 60);
        let year = field(
            &mut v,
            "year",
            required(&self.year).and_then(|y| integer(y, 1900, cx.today.year() + 1)),
        );
        let color = optional_text(&mut v, "color", &self.color, 40);
        let body_type = field(
            &mut v,
            "body_type",
            required(&self.body_type).and_then(str::parse),
        );
        let fuel_type = field(
            &mut v,
            "fuel_type",
            required(&self.fuel_type).and_then(str::parse),
        );
        let engine_volume = optional(&self.engine_volume).and_then(|raw| {
            field(
                &mut v,
                "engine_volume",
                decimal(raw, 1).and_then(|d| within(d, Decimal::new(1, 1), Decimal::from(30))),
            )
        });
        // From a motorbike's tank to a tanker truck's pair, or a bus's battery.
        let tank_capacity = optional(&self.tank_capacity).and_then(|raw| {
            field(
                &mut v,
                "tank_capacity",
                decimal(raw, 1).and_then(|d| within(d, Decimal::ONE, Decimal::from(2_000))),
            )
        });
        let transmission =
            optional(&self.transmission).and_then(|raw| field(&mut v, "transmission", raw.parse()));
        let seats =
            optional(&self.seats).and_then(|raw| field(&mut v, "seats", integer(raw, 1, 100)));
        let purchase_date = optional(&self.purchase_date)
            .and_then(|raw| field(&mut v, "purchase_date", past_date(raw, cx.today)));
        let purchase_price = optional(&self.purchase_price)
            .and_then(|raw| field(&mut v, "purchase_price", money(raw)));
        let purchase_currency = match purchase_price {
            Some(_) => field(
                &mut v,
                "purchase_currency",
                currency(&self.purchase_currency),
            ),
            None => None,
        };
        let department = optional_text(&mut v, "department", &self.department, 80);
        let notes = optional_text(&mut v, "notes", &self.notes, 2000);
        v.finish()?;
        match (plate, brand, model, year, body_type, fuel_type) {
            (
                Some(plate),
                Some(brand),
                Some(model),
                Some(year),
                Some(body_type),
                Some(fuel_type),
            ) => Ok(VehicleInput {
                plate,
                vin,
                brand,
                model,
                year,
                color,
                body_type,
                fuel_type,
                engine_volume,
                tank_capacity,
                transmission,
                seats,
                purchase_date,
                purchase_price,
                purchase_currency,
                department,
                notes,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

impl From<&Vehicle> for VehicleForm {
    /// The edit form, filled with the vehicle as it is.
    fn from(v: &Vehicle) -> Self {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        Self {
            plate: v.plate.clone(),
            vin: opt(&v.vin),
            brand: v.brand.clone(),
            model: v.model.clone(),
            year: v.year.to_string(),
            color: opt(&v.color),
            body_type: v.body_type.as_str().into(),
            fuel_type: v.fuel_type.as_str().into(),
            engine_volume: v.engine_volume.map(|d| d.to_string()).unwrap_or_default(),
            tank_capacity: v.tank_capacity.map(|d| d.to_string()).unwrap_or_default(),
            transmission: v
                .transmission
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default(),
            seats: v.seats.map(|s| s.to_string()).unwrap_or_default(),
            purchase_date: v.purchase_date.map(|d| d.to_string()).unwrap_or_default(),
            purchase_price: v.purchase_price.map(|d| d.to_string()).unwrap_or_default(),
            purchase_currency: opt(&v.purchase_currency),
            department: opt(&v.department),
            notes: opt(&v.notes),
        }
    }
}

/// Seventeen characters, digits and Latin capitals without I, O and Q (ISO 3779).
pub fn normalize_vin(raw: &str) -> Result<String, FieldError> {
    let vin: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase();
    let allowed =
        |c: char| c.is_ascii_digit() || (c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'Q'));
    if vin.chars().count() == 17 && vin.chars().all(allowed) {
        Ok(vin)
    } else {
        Err(FieldError::InvalidVin)
    }
}

/// A column of the vehicle list: what can be shown, hidden and sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VehicleColumn {
    Plate,
    Brand,
    Model,
    Year,
    BodyType,
    FuelType,
    Transmission,
    Vin,
    Color,
    Seats,
    Department,
    Mileage,
    Status,
    PurchaseDate,
    Driver,
}

impl VehicleColumn {
    /// Every column, in table order.
    pub const ALL: [Self; 15] = [
        Self::Plate,
        Self::Brand,
        Self::Model,
        Self::Year,
        Self::BodyType,
        Self::FuelType,
        Self::Transmission,
        Self::Vin,
        Self::Color,
        Self::Seats,
        Self::Department,
        Self::Mileage,
        Self::Status,
        Self::PurchaseDate,
        Self::Driver,
    ];

    /// Shown until the user picks columns.
    pub const DEFAULT: [Self; 10] = [
        Self::Plate,
        Self::Brand,
        Self::Model,
        Self::Year,
        Self::BodyType,
        Self::FuelType,
        Self::Department,
        Self::Mileage,
        Self::Driver,
        Self::Status,
    ];

    /// The key in the address (`sort=body_type`, `cols=vin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plate => "plate",
            Self::Brand => "brand",
            Self::Model => "model",
            Self::Year => "year",
            Self::BodyType => "body_type",
            Self::FuelType => "fuel_type",
            Self::Transmission => "transmission",
            Self::Vin => "vin",
            Self::Color => "color",
            Self::Seats => "seats",
            Self::Department => "department",
            Self::Mileage => "mileage",
            Self::Status => "status",
            Self::PurchaseDate => "purchase_date",
            Self::Driver => "driver",
        }
    }

    /// The SQL column the list sorts by; a closed set, so it is safe to put in the query text.
    pub fn sql(self) -> &'static str {
        match self {
            Self::Mileage => "current_mileage",
            Self::Driver => "driver_name",
            other => other.as_str(),
        }
    }
}

impl std::str::FromStr for VehicleColumn {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|c| c.as_str() == s).ok_or(())
    }
}

/// The vehicle list's filters, search, sort and page: everything in its address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VehicleQuery {
    /// Part of a plate, VIN, brand or model.
    pub q: Option<String>,
    pub status: Option<VehicleStatus>,
    pub brand: Option<String>,
    pub body_type: Option<BodyType>,
    pub fuel_type: Option<FuelType>,
    pub department: Option<String>,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub sort: Option<VehicleColumn>,
    pub dir: SortDir,
    pub page: PageRequest,
}

impl VehicleQuery {
    /// Refuses what the address reader would have dropped or cut: a query sent whole (a server
    /// function's arguments) meets the same bounds as one read from an address.
    pub fn check(&self) -> Result<(), AppError> {
        Validator::default()
            .check_search("q", self.q.as_deref())
            .check_search("brand", self.brand.as_deref())
            .check_search("department", self.department.as_deref())
            .finish()
    }

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
            brand: text("brand"),
            body_type: p.parse("body_type"),
            fuel_type: p.parse("fuel_type"),
            department: text("department"),
            year_from: p.parse("year_from"),
            year_to: p.parse("year_to"),
            sort: p.parse("sort"),
            dir: p.parse("dir").unwrap_or_default(),
            page: PageRequest::from_params(p),
        }
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
        put("brand", self.brand.clone());
        put("body_type", self.body_type.map(|s| s.as_str().into()));
        put("fuel_type", self.fuel_type.map(|s| s.as_str().into()));
        put("department", self.department.clone());
        put("year_from", self.year_from.map(|y| y.to_string()));
        put("year_to", self.year_to.map(|y| y.to_string()));
        put("sort", self.sort.map(|c| c.as_str().into()));
        put("dir", (self.dir == SortDir::Desc).then(|| "desc".into()));
        self.page.write(&mut p);
        p
    }

    /// The column sorted by (plate unless the address says otherwise).
    pub fn sort_column(&self) -> VehicleColumn {
        self.sort.unwrap_or(VehicleColumn::Plate)
    }

    /// The search text as a `like` pattern (see [`crate::listing::like_pattern`]).
    pub fn search_pattern(&self) -> Option<String> {
        crate::listing::like_pattern(self.q.as_deref()?)
    }
}

/// The choices the list's brand and department filters offer: what the tenant's vehicles use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VehicleFacets {
    pub brands: Vec<String>,
    pub departments: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> ValidationContext<'static> {
        ValidationContext {
            country: "KZ",
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        }
    }

    fn good() -> VehicleForm {
        VehicleForm {
            plate: "123abc01".into(),
            vin: "jtdbr32e720123456".into(),
            brand: " Toyota ".into(),
            model: "Camry".into(),
            year: "2022".into(),
            body_type: "sedan".into(),
            fuel_type: "gasoline".into(),
            engine_volume: "2,5".into(),
            seats: "5".into(),
            purchase_date: "2022-03-01".into(),
            purchase_price: "12 500 000,00".into(),
            purchase_currency: "kzt".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_becomes_a_clean_vehicle() {
        let v = good().validate(cx()).unwrap();
        assert_eq!(v.plate, "123 ABC 01");
        assert_eq!(v.vin.as_deref(), Some("JTDBR32E720123456"));
        assert_eq!(v.brand, "Toyota");
        assert_eq!(v.engine_volume, Some(Decimal::new(25, 1)));
        assert_eq!(v.purchase_price, Some(Decimal::new(1_250_000_000, 2)));
        assert_eq!(v.purchase_currency.as_deref(), Some("KZT"));
        assert_eq!(v.color, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let form = VehicleForm {
            plate: "12-AB".into(),
            vin: "JTDBR32E72012345O".into(),
            brand: String::new(),
            model: "M".repeat(61),
            year: "1899".into(),
            body_type: "hovercraft".into(),
            fuel_type: String::new(),
            engine_volume: "abc".into(),
            transmission: "warp".into(),
            seats: "0".into(),
            purchase_date: "2030-01-01".into(),
            purchase_price: "-5".into(),
            ..Default::default()
        };
        let fields = form.validate(cx()).unwrap_err().field_errors();
        let code = |f: &str| fields.get(f).map(|e| e[0]);
        assert_eq!(code("plate"), Some(FieldError::InvalidPlate));
        assert_eq!(code("vin"), Some(FieldError::InvalidVin));
        assert_eq!(code("brand"), Some(FieldError::Required));
        assert_eq!(code("model"), Some(FieldError::TooLong));
        assert_eq!(code("year"), Some(FieldError::OutOfRange));
        assert_eq!(code("body_type"), Some(FieldError::UnknownChoice));
        assert_eq!(code("fuel_type"), Some(FieldError::Required));
        assert_eq!(code("engine_volume"), Some(FieldError::NotANumber));
        assert_eq!(code("transmission"), Some(FieldError::UnknownChoice));
        assert_eq!(code("seats"), Some(FieldError::OutOfRange));
        assert_eq!(code("purchase_date"), Some(FieldError::InFuture));
        assert_eq!(code("purchase_price"), Some(FieldError::MustBePositive));
        assert_eq!(fields.len(), 12, "{fields:?}");
    }

    #[test]
    fn a_price_needs_a_known_currency_and_no_price_needs_none() {
        let mut form = good();
        form.purchase_currency = "XYZ".into();
        assert_eq!(
            form.validate(cx()).unwrap_err().field_errors()["purchase_currency"],
            vec![FieldError::UnknownChoice]
        );
        form.purchase_price = String::new();
        assert_eq!(form.validate(cx()).unwrap().purchase_currency, None);
    }

    #[test]
    fn vins_are_checked_and_upper_cased() {
        assert_eq!(
            normalize_vin("wvwzzz1kz8w000001"),
            Ok("WVWZZZ1KZ8W000001".into())
        );
        for bad in [
            "WVWZZZ1KZ8W00000",
            "WVWZZZ1KZ8W0000011",
            "WVWZZZ1KZ8W00000I",
            "WVWZZZ1KZ8W00000Q",
            "ЖВЖZZZ1KZ8W000001",
        ] {
            assert_eq!(normalize_vin(bad), Err(FieldError::InvalidVin), "{bad}");
        }
    }

    #[test]
    fn json_numbers_are_accepted_as_text() {
        let form: VehicleForm = serde_json::from_value(
            serde_json::json!({"year": 2020, "seats": 5, "purchase_price": null}),
        )
        .unwrap();
        assert_eq!(
            (
                form.year.as_str(),
                form.seats.as_str(),
                form.purchase_price.as_str()
            ),
            ("2020", "5", "")
        );
    }

    #[test]
    fn the_list_query_round_trips_through_the_address() {
        let q = VehicleQuery {
            q: Some("abc".into()),
            status: Some(VehicleStatus::InMaintenance),
            body_type: Some(BodyType::Suv),
            year_from: Some(2015),
            sort: Some(VehicleColumn::Mileage),
            dir: SortDir::Desc,
            page: PageRequest {
                page: 3,
                per_page: 100,
            },
            ..Default::default()
        };
        assert_eq!(VehicleQuery::from_params(&q.to_params()), q);
        let junk = Params(vec![
            ("status".into(), "flying".into()),
            ("year_from".into(), "soon".into()),
            ("sort".into(), "1;drop".into()),
        ]);
        assert_eq!(VehicleQuery::from_params(&junk), VehicleQuery::default());
    }

    #[test]
    fn search_patterns_escape_wildcards() {
        let q = |s: &str| {
            VehicleQuery {
                q: Some(s.into()),
                ..Default::default()
            }
            .search_pattern()
        };
        assert_eq!(q("ABC"), Some("%abc%".into()));
        assert_eq!(q("50%_off"), Some("%50\\%\\_off%".into()));
        assert_eq!(q("  "), None);
    }
}
