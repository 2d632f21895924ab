//! What a fuel-card statement's columns mean (`FuelMapping`), how its cells become the fields
//! of the expense form, and what an import answers (`FuelPreview`).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, FieldError, FieldErrors, Validator};
use crate::expenses::model::{CostedExpense, ExpenseForm};
use crate::input;

/// The expense fields a statement's columns can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FuelColumn {
    Plate,
    Date,
    Quantity,
    Amount,
    UnitPrice,
    Currency,
    Odometer,
    Vendor,
    FullTank,
}

impl FuelColumn {
    pub const ALL: [Self; 9] = [
        Self::Plate,
        Self::Date,
        Self::Quantity,
        Self::Amount,
        Self::UnitPrice,
        Self::Currency,
        Self::Odometer,
        Self::Vendor,
        Self::FullTank,
    ];

    /// Its name in JSON, in form field names and in the errors of a row.
    pub fn key(self) -> &'static str {
        match self {
            Self::Plate => "plate",
            Self::Date => "date",
            Self::Quantity => "quantity",
            Self::Amount => "amount",
            Self::UnitPrice => "unit_price",
            Self::Currency => "currency",
            Self::Odometer => "odometer",
            Self::Vendor => "vendor",
            Self::FullTank => "full_tank",
        }
    }

    /// Plate, day and quantity make a fill; the amount or the price per unit is needed too (see
    /// `FuelMapping::resolve`).
    pub fn required(self) -> bool {
        matches!(self, Self::Plate | Self::Date | Self::Quantity)
    }

    /// The column whose cells go to an expense form field (for the row's errors).
    fn of_form_field(field: &str) -> Option<Self> {
        Some(match field {
            "vehicle" => Self::Plate,
            "spent_on" => Self::Date,
            "fuel_quantity" => Self::Quantity,
            "amount" => Self::Amount,
            "fuel_unit_price" => Self::UnitPrice,
            "currency" => Self::Currency,
            "odometer" => Self::Odometer,
            "vendor" => Self::Vendor,
            "full_tank" => Self::FullTank,
            _ => return None,
        })
    }

    /// Headers that usually name this column in the statements of the fuel cards and
    /// spreadsheets our tenants use (compared without case, spaces or punctuation).
    fn usual_headers(self) -> &'static [&'static str] {
        match self {
            Self::Plate => &[
                "plate",
                "licenseplate",
                "registration",
                "vehicle",
                "госномер",
                "номер",
                "номерам",
                "гознак",
                "нөмір",
                "plaka",
                "immatriculation",
                "لوحة",
            ],
            Self::Date => &[
                "date",
                "datetime",
                "day",
                "дата",
                "датаивремя",
                "күні",
                "tarih",
                "jour",
                "تاريخ",
            ],
            Self::Quantity => &[
                "litres",
                "liters",
                "quantity",
                "qty",
                "volume",
                "kwh",
                "литры",
                "литров",
                "количество",
                "объем",
                "объём",
                "көлемі",
                "litre",
                "miktar",
                "quantité",
                "كمية",
            ],
            Self::Amount => &[
                "amount",
                "total",
                "sum",
                "сумма",
                "стоимость",
                "сома",
                "tutar",
                "montant",
                "مبلغ",
            ],
            Self::UnitPrice => &[
                "price",
                "unitprice",
                "цена",
                "баға",
                "fiyat",
                "prix",
                "prixunitaire",
                "سعر",
            ],
            Self::Currency => &[
                "currency",
                "валюта",
                "валютасы",
                "parabirimi",
                "devise",
                "عملة",
            ],
            Self::Odometer => &[
                "odometer",
                "mileage",
                "km",
                "пробег",
                "одометр",
                "жүріс",
                "kilometre",
                "kilométrage",
                "عداد",
            ],
            Self::Vendor => &[
                "station",
                "vendor",
                "азс",
                "станция",
                "istasyon",
                "stationservice",
                "محطة",
            ],
            Self::FullTank => &[
                "full",
                "fulltank",
                "полныйбак",
                "толықбак",
                "fullbak",
                "pleine",
                "ممتلئ",
            ],
        }
    }
}

/// How a tenant's statements map onto expenses: the header of the column holding each field
/// (blank: not in the statement), how days are written, and whether a fill filled the tank
/// when no column says. Saved as the tenant's template by each import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FuelMapping {
    pub columns: BTreeMap<FuelColumn, String>,
    /// `on` (a ticked box) or `true` when days are written month first (11/30/2026); day first
    /// (30.11.2026, 30/11/2026) otherwise. Days written year first are read either way.
    #[serde(deserialize_with = "input::text")]
    pub month_first: String,
    /// `on` or `true` when a fill without a full-tank column filled the tank, as fuel-card
    /// fills mostly do.
    #[serde(deserialize_with = "input::text")]
    pub full_by_default: String,
}

/// A mapping checked against a statement's headers: the index of each mapped column.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedMapping {
    index: BTreeMap<FuelColumn, usize>,
    month_first: bool,
    full_by_default: bool,
}

fn ticked(raw: &str) -> bool {
    matches!(raw.trim(), "on" | "true")
}

/// A header as compared: lower case, letters and digits only.
fn comparable(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl FuelMapping {
    /// Whether the statement writes its days month first.
    pub fn is_month_first(&self) -> bool {
        ticked(&self.month_first)
    }

    /// Whether a fill without a full-tank column filled the tank.
    pub fn fills_up_by_default(&self) -> bool {
        ticked(&self.full_by_default)
    }

    /// The mapping for a statement with these headers: each column the saved template names
    /// when the statement has that header, else the header that usually names it; a first
    /// statement fills tanks by default.
    pub fn suggest(saved: Option<&FuelMapping>, headers: &[String]) -> Self {
        let find = |wanted: &str| {
            headers
                .iter()
                .find(|h| comparable(h) == comparable(wanted))
                .cloned()
        };
        let columns = FuelColumn::ALL
            .into_iter()
            .filter_map(|column| {
                let kept = saved
                    .and_then(|s| s.columns.get(&column))
                    .filter(|h| !h.trim().is_empty())
                    .and_then(|h| find(h));
                kept.or_else(|| column.usual_headers().iter().find_map(|usual| find(usual)))
                    .map(|header| (column, header))
            })
            .collect();
        match saved {
            Some(saved) => Self {
                columns,
                month_first: saved.month_first.clone(),
                full_by_default: saved.full_by_default.clone(),
            },
            None => Self {
                columns,
                month_first: String::new(),
                full_by_default: "on".into(),
            },
        }
    }

    /// Checks the mapping against the statement's headers: plate, day and quantity must be
    /// mapped, and the amount or the price per unit; a mapped header must be one of the
    /// statement's. Errors are on the columns' keys.
    pub fn resolve(&self, headers: &[String]) -> Result<ResolvedMapping, AppError> {
        let mut v = Validator::default();
        let mut index = BTreeMap::new();
        for column in FuelColumn::ALL {
            match self
                .columns
                .get(&column)
                .map(|h| h.trim())
                .filter(|h| !h.is_empty())
            {
                Some(header) => match headers.iter().position(|h| h.trim() == header) {
                    Some(i) => {
                        index.insert(column, i);
                    }
                    None => {
                        v.check(true, column.key(), FieldError::UnknownChoice);
                    }
                },
                None => {
                    v.check(column.required(), column.key(), FieldError::Required);
                }
            }
        }
        let priced = [FuelColumn::Amount, FuelColumn::UnitPrice]
            .iter()
            .any(|c| self.columns.get(c).is_some_and(|h| !h.trim().is_empty()));
        v.check(!priced, FuelColumn::Amount.key(), FieldError::Required);
        v.finish()?;
        Ok(ResolvedMapping {
            index,
            month_first: self.is_month_first(),
            full_by_default: self.fills_up_by_default(),
        })
    }
}

/// A statement row as the expense form would have it typed, with the time of day its date
/// cell gives (which the odometer reading takes), or its errors on the columns' keys.
#[derive(Debug, Clone, PartialEq)]
pub struct RowFill {
    pub form: ExpenseForm,
    pub day: NaiveDate,
    pub time: Option<NaiveTime>,
}

impl ResolvedMapping {
    /// The cell of `column` in a row (blank when unmapped or missing).
    pub fn cell<'a>(&self, cells: &'a [String], column: FuelColumn) -> &'a str {
        self.index
            .get(&column)
            .and_then(|i| cells.get(*i))
            .map_or("", String::as_str)
    }

    /// The day (and time, if written) of a row.
    pub fn when(&self, cells: &[String]) -> Option<(NaiveDate, Option<NaiveTime>)> {
        read_when(self.cell(cells, FuelColumn::Date), self.month_first)
    }

    /// The expense form a row fills: a fuel expense of the row's vehicle, dated its day.
    pub fn fill(&self, cells: &[String]) -> Result<RowFill, FieldErrors> {
        let cell = |column| self.cell(cells, column).to_owned();
        let Some((day, time)) = self.when(cells) else {
            let code = if cell(FuelColumn::Date).is_empty() {
                FieldError::Required
            } else {
                FieldError::InvalidDate
            };
            return Err(FieldErrors::from([(
                FuelColumn::Date.key().to_owned(),
                vec![code],
            )]));
        };
        let full = match cell(FuelColumn::FullTank) {
            raw if raw.is_empty() => self.full_by_default,
            raw => says_yes(&raw),
        };
        let form = ExpenseForm {
            vehicle: cell(FuelColumn::Plate),
            category: "fuel".into(),
            amount: cell(FuelColumn::Amount),
            currency: cell(FuelColumn::Currency).to_uppercase(),
            spent_on: day.to_string(),
            vendor: cell(FuelColumn::Vendor),
            fuel_quantity: cell(FuelColumn::Quantity),
            fuel_unit_price: cell(FuelColumn::UnitPrice),
            full_tank: if full { "true".into() } else { String::new() },
            odometer: cell(FuelColumn::Odometer),
            ..Default::default()
        };
        Ok(RowFill { form, day, time })
    }
}

/// Whether a full-tank cell says yes, in any of our languages.
fn says_yes(raw: &str) -> bool {
    const YES: [&str; 14] = [
        "1",
        "+",
        "y",
        "yes",
        "true",
        "full",
        "да",
        "полный",
        "иә",
        "толық",
        "evet",
        "oui",
        "plein",
        "نعم",
    ];
    YES.contains(&raw.trim().to_lowercase().as_str())
}

/// Reads a date cell: `2026-11-30`, `30.11.2026`, `30/11/2026` or (month first) `11/30/2026`,
/// a two-digit year meaning 20xx, optionally followed by a time (`14:32`, `14:32:10`) after a
/// space or a `T`.
pub fn read_when(raw: &str, month_first: bool) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let raw = raw.trim();
    let (date, time) = match raw.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (raw, None),
    };
    let parts: Vec<u32> = date
        .split(['-', '.', '/'])
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [a, b, c] = parts[..] else { return None };
    let (year, month, day) = if date
        .split(['-', '.', '/'])
        .next()
        .is_some_and(|p| p.len() == 4)
    {
        (a, b, c)
    } else {
        let year = if c < 100 { 2000 + c } else { c };
        if month_first {
            (year, a, b)
        } else {
            (year, b, a)
        }
    };
    let day = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = match time.filter(|t| !t.is_empty()) {
        Some(t) => Some(
            NaiveTime::parse_from_str(t, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
                .ok()?,
        ),
        None => None,
    };
    Some((day, time))
}

/// Moves an expense form's field errors onto the statement's columns (`vehicle` is the plate
/// column's, `spent_on` the date's, and so on); errors of fields no column fills stay on theirs.
pub fn on_columns(errors: FieldErrors) -> FieldErrors {
    let mut moved = FieldErrors::new();
    for (field, codes) in errors {
        let key = FuelColumn::of_form_field(&field).map_or(field, |c| c.key().to_owned());
        moved.entry(key).or_default().extend(codes);
    }
    moved
}

/// The key of a row's errors that concern the whole row (a duplicate).
pub const ROW: &str = "row";

/// One row of a statement: its cells as mapped, and the expense it makes or what is wrong with
/// it (errors on the columns' keys, or on `row`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FuelRow {
    /// 1 for the text's first line.
    pub line: usize,
    pub cells: BTreeMap<FuelColumn, String>,
    pub expense: Option<CostedExpense>,
    pub errors: FieldErrors,
}

/// What importing a statement does, or would do: the reporting currency, its headers and the mapping used (with what is
/// wrong with it: then no row is read), how many rows it has and how many are refused, how many
/// fills were written (none unless every row is good), and rows to show: the refused ones, or
/// the first `SHOWN_ROWS` when none is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FuelPreview {
    /// The reporting currency the rows' amounts are converted into.
    pub currency: String,
    pub headers: Vec<String>,
    pub mapping: FuelMapping,
    pub mapping_errors: FieldErrors,
    pub rows: usize,
    pub refused: usize,
    pub written: usize,
    pub shown: Vec<FuelRow>,
}

/// The most good rows a preview shows.
pub const SHOWN_ROWS: usize = 50;

impl FuelPreview {
    /// Whether importing it writes every row: a mapping that holds, at least one row, none refused.
    pub fn ready(&self) -> bool {
        self.mapping_errors.is_empty() && self.rows > 0 && self.refused == 0
    }

    /// Adds a row's outcome, keeping only the rows worth showing.
    pub fn push(&mut self, row: FuelRow) {
        if !row.errors.is_empty() {
            if self.refused == 0 {
                self.shown.clear();
            }
            self.refused += 1;
            self.shown.push(row);
        } else if self.refused == 0 && self.shown.len() < SHOWN_ROWS {
            self.shown.push(row);
        }
    }
}

/// A statement kept until it is imported: what the pages show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StagedImport {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub imported_at: Option<DateTime<Utc>>,
    /// Once imported: a preview without rows (they are expenses now), with `written`.
    pub preview: FuelPreview,
}

/// A line of the recent statements list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct StagedSummary {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub created_by_name: Option<String>,
    pub rows: i32,
    pub imported_at: Option<DateTime<Utc>>,
    pub written: Option<i32>,
}

/// What the REST import takes: the statement, a mapping (blank: the tenant's template, or the
/// usual headers) and whether to only preview it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FuelImportRequest {
    pub csv: String,
    pub mapping: Option<FuelMapping>,
    pub dry_run: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn days_are_read_year_first_or_day_first_unless_the_statement_writes_month_first() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(
            read_when("2026-11-30", false),
            Some((d(2026, 11, 30), None))
        );
        assert_eq!(
            read_when("30.11.2026 14:32", false),
            Some((d(2026, 11, 30), t(14, 32)))
        );
        assert_eq!(
            read_when("2026-11-30T08:05:00", true),
            Some((d(2026, 11, 30), t(8, 5))),
            "year first whatever the order"
        );
        assert_eq!(read_when("03/11/26", false), Some((d(2026, 11, 3), None)));
        assert_eq!(read_when("03/11/26", true), Some((d(2026, 3, 11), None)));
        for bad in [
            "",
            "30.13.2026",
            "31/02/2026",
            "yesterday",
            "30.11",
            "30.11.2026 25:00",
            "1.2.3.4",
        ] {
            assert_eq!(read_when(bad, false), None, "{bad:?}");
        }
    }

    fn named(m: &FuelMapping, c: FuelColumn) -> Option<&str> {
        m.columns.get(&c).map(String::as_str)
    }

    #[test]
    fn a_mapping_is_suggested_from_the_template_else_from_the_usual_headers() {
        let headers = strings(&[
            "Дата",
            "Госномер",
            "АЗС",
            "Литры",
            "Сумма, ₸",
            "Итого",
            "Card",
        ]);
        let first = FuelMapping::suggest(None, &headers);
        assert_eq!(named(&first, FuelColumn::Date), Some("Дата"));
        assert_eq!(named(&first, FuelColumn::Plate), Some("Госномер"));
        assert_eq!(named(&first, FuelColumn::Quantity), Some("Литры"));
        assert_eq!(
            named(&first, FuelColumn::Amount),
            Some("Сумма, ₸"),
            "compared without case, spaces or signs"
        );
        assert_eq!(named(&first, FuelColumn::UnitPrice), None);
        assert_eq!(first.full_by_default, "on");
        let mut saved = first.clone();
        saved.columns.insert(FuelColumn::Amount, "ИТОГО".into());
        saved.columns.insert(FuelColumn::Odometer, "Пробег".into());
        saved.month_first = "on".into();
        saved.full_by_default = String::new();
        let next = FuelMapping::suggest(Some(&saved), &headers);
        assert_eq!(
            named(&next, FuelColumn::Amount),
            Some("Итого"),
            "the template's header, in the statement's spelling"
        );
        assert_eq!(
            named(&next, FuelColumn::Odometer),
            None,
            "a header the statement lacks is left unmapped"
        );
        assert_eq!(
            (next.month_first.as_str(), next.full_by_default.as_str()),
            ("on", "")
        );
    }

    #[test]
    fn a_mapping_needs_plate_day_quantity_and_a_price_among_the_headers() {
        let headers = strings(&["plate", "date", "litres", "total"]);
        let fields = FuelMapping {
            columns: BTreeMap::from([
                (FuelColumn::Date, "date".into()),
                (FuelColumn::Odometer, "km".into()),
            ]),
            ..Default::default()
        }
        .resolve(&headers)
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["plate"], vec![FieldError::Required]);
        assert_eq!(fields["quantity"], vec![FieldError::Required]);
        assert_eq!(fields["amount"], vec![FieldError::Required]);
        assert_eq!(fields["odometer"], vec![FieldError::UnknownChoice]);
        assert!(!fields.contains_key("date"));
        assert!(
            FuelMapping::suggest(None, &headers)
                .resolve(&headers)
                .is_ok()
        );
    }

    #[test]
    fn a_row_becomes_the_fuel_expense_form_dated_its_day() {
        let headers = strings(&["Plate", "Date", "Litres", "Total", "Currency", "Full"]);
        let mapping = FuelMapping::suggest(None, &headers)
            .resolve(&headers)
            .unwrap();
        let row = mapping
            .fill(&strings(&[
                "123 ABC 02",
                "30.11.2026 07:45",
                "42,5",
                "10 433,75",
                "kzt",
                "нет",
            ]))
            .unwrap();
        assert_eq!(
            (row.day, row.time),
            (d(2026, 11, 30), NaiveTime::from_hms_opt(7, 45, 0))
        );
        let f = &row.form;
        assert_eq!(
            (
                f.vehicle.as_str(),
                f.category.as_str(),
                f.spent_on.as_str(),
                f.fuel_quantity.as_str(),
                f.amount.as_str()
            ),
            ("123 ABC 02", "fuel", "2026-11-30", "42,5", "10 433,75")
        );
        assert_eq!(
            (f.currency.as_str(), f.full_tank.as_str()),
            ("KZT", ""),
            "«нет» is a partial fill"
        );
        assert_eq!(
            mapping
                .fill(&strings(&[
                    "123 ABC 02",
                    "30.11.2026",
                    "40",
                    "9000",
                    "",
                    ""
                ]))
                .unwrap()
                .form
                .full_tank,
            "true",
            "no answer: full by default"
        );
        assert_eq!(
            mapping
                .fill(&strings(&["123 ABC 02", "31.11.2026", "40", "9000"]))
                .unwrap_err()["date"],
            vec![FieldError::InvalidDate]
        );
        assert_eq!(
            mapping.fill(&strings(&["123 ABC 02"])).unwrap_err()["date"],
            vec![FieldError::Required],
            "a short row has blank cells"
        );
    }

    #[test]
    fn form_errors_move_onto_the_columns_and_a_refused_row_hides_the_good_ones() {
        let moved = on_columns(FieldErrors::from([
            ("vehicle".into(), vec![FieldError::UnknownPlate]),
            ("fuel_quantity".into(), vec![FieldError::Required]),
            ("driver".into(), vec![FieldError::UnknownChoice]),
        ]));
        assert_eq!(
            moved.keys().map(String::as_str).collect::<Vec<_>>(),
            vec!["driver", "plate", "quantity"]
        );
        let row = |line, errors: FieldErrors| FuelRow {
            line,
            cells: BTreeMap::new(),
            expense: None,
            errors,
        };
        let mut preview = FuelPreview::default();
        for line in 2..60 {
            preview.push(row(line, FieldErrors::new()));
        }
        assert_eq!(preview.shown.len(), SHOWN_ROWS);
        preview.push(row(60, moved.clone()));
        preview.push(row(61, FieldErrors::new()));
        preview.push(row(62, moved));
        assert_eq!(
            preview.shown.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![60, 62]
        );
        assert_eq!(preview.refused, 2);
        preview.rows = 61;
        assert!(!preview.ready());
    }
}
