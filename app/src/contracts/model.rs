//! Contract types, the validation of what forms and REST clients send, the status read off the
//! dates, the expiry steps and the payments a contract's frequency makes due.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::choice::choices;
use crate::error::{AppError, FieldError, Validator};
use crate::expiry::Urgency;
use crate::input::{
    self, MAX_MONEY, currency, date, decimal, field, optional, optional_text, required_text, within,
};
use crate::listing::{PageRequest, Params};

choices! {
    /// What a contract is for.
    pub enum ContractType as "contract_type" {
        Leasing = "leasing", Rental = "rental", InsuranceCasco = "insurance_casco", InsuranceOsago = "insurance_osago",
        Warranty = "warranty", ServiceContract = "service_contract",
    }
}

choices! {
    /// How often a contract is paid; `amount` is one payment.
    pub enum PaymentFrequency as "payment_frequency" {
        OneTime = "one_time", Monthly = "monthly", Quarterly = "quarterly", Annual = "annual",
    }
}

choices! {
    /// Where a contract stands on the tenant's day; never stored, read off the dates by the SQL
    /// function `contract_status` (migration 12).
    pub enum ContractStatus as "contract_status" {
        Active = "active", PendingRenewal = "pending_renewal", Expired = "expired", Cancelled = "cancelled",
    }
}

impl ContractType {
    /// Insurance contracts say what they cover.
    pub fn is_insurance(self) -> bool {
        matches!(self, Self::InsuranceCasco | Self::InsuranceOsago)
    }
}

/// A contract as stored, with its vehicle's plate, its status on the tenant's day and the days
/// from that day to its end (negative once ended).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub id: Uuid,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub contract_type: ContractType,
    pub contractor: String,
    pub number: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub amount: Decimal,
    pub currency: String,
    pub payment_frequency: PaymentFrequency,
    pub auto_renew: bool,
    pub coverage: Option<String>,
    pub notes: Option<String>,
    pub renewal_of: Option<Uuid>,
    pub renewed_by: Option<Uuid>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub status: ContractStatus,
    pub days_left: i32,
}

impl Contract {
    /// The reminder step the contract has reached (30, 14 or 7 days before its end), while it
    /// awaits renewal. The 30-day step is also `contract_status`'s renewal window.
    pub fn expiry_step(&self) -> Option<i32> {
        (self.status == ContractStatus::PendingRenewal)
            .then(|| Urgency::of(Some(self.days_left)).and_then(Urgency::step))
            .flatten()
    }
}

/// What the contract form and REST clients send; everything as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractForm {
    /// The vehicle's id or plate.
    pub vehicle: String,
    pub contract_type: String,
    pub contractor: String,
    pub number: String,
    pub starts_on: String,
    pub ends_on: String,
    /// One payment; blank for none (a warranty bundled with the vehicle).
    #[serde(deserialize_with = "input::text")]
    pub amount: String,
    /// Blank means the reporting currency.
    pub currency: String,
    pub payment_frequency: String,
    /// `true` or `on` (a ticked box).
    #[serde(deserialize_with = "input::text")]
    pub auto_renew: String,
    pub coverage: String,
    pub notes: String,
}

/// A validated contract; the vehicle is still a reference to look up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractInput {
    pub vehicle: String,
    pub contract_type: ContractType,
    pub contractor: String,
    pub number: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub amount: Decimal,
    pub currency: String,
    pub payment_frequency: PaymentFrequency,
    pub auto_renew: bool,
    pub coverage: Option<String>,
    pub notes: Option<String>,
}

impl ContractForm {
    /// Checks the form for a tenant reporting in `reporting`. Coverage is kept for insurance
    /// only.
    pub fn validate(&self, reporting: &str) -> Result<ContractInput, AppError> {
        let mut v = Validator::default();
        v.check(
            optional(&self.vehicle).is_none(),
            "vehicle",
            FieldError::Required,
        );
        let contract_type = field(
            &mut v,
            "contract_type",
            input::required(&self.contract_type).and_then(str::parse::<ContractType>),
        );
        let contractor = required_text(&mut v, "contractor", &self.contractor, 200);
        let number = optional_text(&mut v, "number", &self.number, 100);
        let starts_on = field(
            &mut v,
            "starts_on",
            input::required(&self.starts_on).and_then(date),
        );
        let ends_on = field(
            &mut v,
            "ends_on",
            input::required(&self.ends_on).and_then(date),
        );
        if let (Some(starts), Some(ends)) = (starts_on, ends_on) {
            v.check(ends < starts, "ends_on", FieldError::EndsBeforeStarts);
        }
        let amount = field(
            &mut v,
            "amount",
            optional(&self.amount).map_or(Ok(Decimal::ZERO), |raw| {
                decimal(raw, 2).and_then(|d| within(d, Decimal::ZERO, MAX_MONEY))
            }),
        );
        let currency = field(
            &mut v,
            "currency",
            currency(optional(&self.currency).unwrap_or(reporting)),
        );
        let payment_frequency = field(
            &mut v,
            "payment_frequency",
            input::required(&self.payment_frequency).and_then(str::parse::<PaymentFrequency>),
        );
        let coverage = optional_text(&mut v, "coverage", &self.coverage, 2000);
        let notes = optional_text(&mut v, "notes", &self.notes, 2000);
        v.finish()?;
        match (
            contract_type,
            contractor,
            starts_on,
            ends_on,
            amount,
            currency,
            payment_frequency,
        ) {
            (
                Some(contract_type),
                Some(contractor),
                Some(starts_on),
                Some(ends_on),
                Some(amount),
                Some(currency),
                Some(payment_frequency),
            ) => Ok(ContractInput {
                vehicle: self.vehicle.trim().to_owned(),
                contract_type,
                contractor,
                number,
                starts_on,
                ends_on,
                amount,
                currency,
                payment_frequency,
                auto_renew: matches!(self.auto_renew.trim(), "true" | "on"),
                coverage: coverage.filter(|_| contract_type.is_insurance()),
                notes,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

/// The renewal form: the new term and, when they change, the new amount and number. Blank
/// dates follow on from the old contract with the same length.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RenewalForm {
    pub starts_on: String,
    pub ends_on: String,
    /// Blank keeps the old amount.
    #[serde(deserialize_with = "input::text")]
    pub amount: String,
    /// Blank keeps the old number.
    pub number: String,
}

/// A validated renewal: the successor's dates, amount and number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renewal {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub amount: Decimal,
    pub number: Option<String>,
}

impl RenewalForm {
    /// Checks the renewal of `old`: by default the new term starts the day after the old one
    /// ends and lasts as long; it may start earlier (the old one is then cut short to the day
    /// before) but not before the old one started.
    pub fn validate(&self, old: &Contract) -> Result<Renewal, AppError> {
        let mut v = Validator::default();
        let default_start = old.ends_on.succ_opt().unwrap_or(old.ends_on);
        let starts_on = field(
            &mut v,
            "starts_on",
            optional(&self.starts_on).map_or(Ok(default_start), date),
        );
        let length = old.ends_on - old.starts_on;
        let ends_on = field(
            &mut v,
            "ends_on",
            optional(&self.ends_on)
                .map_or_else(|| Ok(starts_on.unwrap_or(default_start) + length), date),
        );
        if let Some(starts) = starts_on {
            v.check(starts <= old.starts_on, "starts_on", FieldError::OutOfRange);
            if let Some(ends) = ends_on {
                v.check(ends < starts, "ends_on", FieldError::EndsBeforeStarts);
            }
        }
        let amount = field(
            &mut v,
            "amount",
            optional(&self.amount).map_or(Ok(old.amount), |raw| {
                decimal(raw, 2).and_then(|d| within(d, Decimal::ZERO, MAX_MONEY))
            }),
        );
        let number =
            optional_text(&mut v, "number", &self.number, 100).or_else(|| old.number.clone());
        v.finish()?;
        match (starts_on, ends_on, amount) {
            (Some(starts_on), Some(ends_on), Some(amount)) => Ok(Renewal {
                starts_on,
                ends_on,
                amount,
                number,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// The contract list's filters and page, as the address bar holds them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractQuery {
    pub vehicle: Option<Uuid>,
    pub status: Option<ContractStatus>,
    pub contract_type: Option<ContractType>,
    /// Open contracts (neither cancelled nor renewed) ending within this many days from today,
    /// not yet ended.
    pub expiring_within: Option<i32>,
    pub page: PageRequest,
}

/// The longest "expiring within" a list accepts: a year.
const MAX_EXPIRING_WITHIN: i32 = 366;

impl ContractQuery {
    /// Refuses what the address reader would have dropped or cut: a query sent whole (a server
    /// function's arguments) meets the same bounds as one read from an address.
    pub fn check(&self) -> Result<(), AppError> {
        let outside = self
            .expiring_within
            .is_some_and(|days| !(0..=MAX_EXPIRING_WITHIN).contains(&days));
        Validator::default()
            .check(outside, "expiring_within", FieldError::OutOfRange)
            .finish()
    }

    /// Reads `vehicle_id`, `status`, `type`, `expiring_within`, `page`, `per_page`; anything
    /// unreadable is ignored.
    pub fn from_params(params: &Params) -> Self {
        Self {
            vehicle: params.parse("vehicle_id"),
            status: params.parse("status"),
            contract_type: params.parse("type"),
            expiring_within: params
                .parse::<i32>("expiring_within")
                .map(|days| days.clamp(0, MAX_EXPIRING_WITHIN)),
            page: PageRequest::from_params(params),
        }
    }
}

/// A page of contracts and how many the filter matches in each status (its own status filter
/// aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractPage {
    #[serde(flatten)]
    pub page: crate::listing::Paged<Contract>,
    pub by_status: Vec<(ContractStatus, i64)>,
}

/// An open contract near its end and the reminder step it has reached (see
/// [`Contract::expiry_step`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpiringContract {
    #[serde(flatten)]
    pub contract: Contract,
    pub expiry_step: Option<i32>,
}

/// A payment a contract makes due, with its contract's essentials and, once recorded, the
/// expense that recorded it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledPayment {
    pub contract_id: Uuid,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub contract_type: ContractType,
    pub contractor: String,
    pub number: Option<String>,
    pub due_on: NaiveDate,
    pub amount: Decimal,
    pub currency: String,
    pub expense_id: Option<Uuid>,
}

/// The payments falling due between `from` and `to`: what they add up to per month and
/// currency (all of them), how many are not recorded yet, and the payments themselves, the
/// earliest first (the first `limit` unrecorded ones when a limit was asked for).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentSchedule {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by_month: Vec<(NaiveDate, Vec<(String, Decimal)>)>,
    pub unrecorded: usize,
    pub payments: Vec<ScheduledPayment>,
}

impl PaymentSchedule {
    /// The schedule of `payments` (in due order), keeping the first `limit` unrecorded ones
    /// when given, every payment otherwise.
    pub fn new(
        from: NaiveDate,
        to: NaiveDate,
        payments: Vec<ScheduledPayment>,
        limit: Option<usize>,
    ) -> Self {
        let by_month = by_month(&payments);
        let unrecorded = payments.iter().filter(|p| p.expense_id.is_none()).count();
        let payments = match limit {
            Some(n) => payments
                .into_iter()
                .filter(|p| p.expense_id.is_none())
                .take(n)
                .collect(),
            None => payments,
        };
        Self {
            from,
            to,
            by_month,
            unrecorded,
            payments,
        }
    }

    /// The window the contracts page shows on `today`: from the first day of last month (what
    /// may still be unrecorded) to the last day of next month (what to expect).
    pub fn window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let this_month = today.with_day(1).unwrap_or(today);
        let from = this_month
            .checked_sub_months(Months::new(1))
            .unwrap_or(this_month);
        let to = this_month
            .checked_add_months(Months::new(2))
            .and_then(|d| d.pred_opt())
            .unwrap_or(today);
        (from, to)
    }
}

/// What `payments` add up to per month (its first day) and currency, months in order: the
/// expected cost of each period.
fn by_month(payments: &[ScheduledPayment]) -> Vec<(NaiveDate, Vec<(String, Decimal)>)> {
    let mut months: std::collections::BTreeMap<
        NaiveDate,
        std::collections::BTreeMap<String, Decimal>,
    > = Default::default();
    for p in payments {
        let month = p.due_on.with_day(1).unwrap_or(p.due_on);
        *months
            .entry(month)
            .or_default()
            .entry(p.currency.clone())
            .or_default() += p.amount;
    }
    months
        .into_iter()
        .map(|(month, sums)| (month, sums.into_iter().collect()))
        .collect()
}

/// What recording a payment sends: the day it fell due (one of the contract's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentForm {
    pub due_on: String,
}

impl Contract {
    /// The days its payments fall due: none without an amount, none after a cancellation.
    pub fn due_days(&self) -> Vec<NaiveDate> {
        if self.amount.is_zero() {
            return Vec::new();
        }
        let until = self
            .cancelled_at
            .map_or(self.ends_on, |at| at.date_naive().min(self.ends_on));
        due_days(self.starts_on, until, self.payment_frequency)
    }

    /// Checks that `form` names one of the contract's due days.
    pub fn due_day(&self, form: &PaymentForm) -> Result<NaiveDate, AppError> {
        let day = input::required(&form.due_on)
            .and_then(date)
            .map_err(|e| AppError::field("due_on", e))?;
        if self.due_days().contains(&day) {
            Ok(day)
        } else {
            Err(AppError::field("due_on", FieldError::UnknownChoice))
        }
    }
}

/// The days a contract's payments fall due: its start, then every month, quarter or year after
/// it while within the term (one payment for `one_time`). A start on the 31st pays on the last
/// day of shorter months.
pub fn due_days(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    frequency: PaymentFrequency,
) -> Vec<NaiveDate> {
    let step = match frequency {
        PaymentFrequency::OneTime => 0,
        PaymentFrequency::Monthly => 1,
        PaymentFrequency::Quarterly => 3,
        PaymentFrequency::Annual => 12,
    };
    let days = (0..).map_while(|n| starts_on.checked_add_months(Months::new(n * step)));
    let within = days.take_while(|day| *day <= ends_on);
    if step == 0 {
        within.take(1).collect()
    } else {
        within.collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn form() -> ContractForm {
        ContractForm {
            vehicle: "123 ABC 02".into(),
            contract_type: "insurance_casco".into(),
            contractor: "Nomad Insurance".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-12-31".into(),
            amount: "180 000".into(),
            payment_frequency: "quarterly".into(),
            coverage: "Damage, theft".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_contract_needs_its_type_contractor_and_a_term_that_ends_after_it_starts() {
        let fields = ContractForm {
            contract_type: "loan".into(),
            starts_on: "2026-05-01".into(),
            ends_on: "2026-04-30".into(),
            amount: "-5".into(),
            ..Default::default()
        }
        .validate("KZT")
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["vehicle"], vec![FieldError::Required]);
        assert_eq!(fields["contract_type"], vec![FieldError::UnknownChoice]);
        assert_eq!(fields["contractor"], vec![FieldError::Required]);
        assert_eq!(fields["ends_on"], vec![FieldError::EndsBeforeStarts]);
        assert_eq!(fields["amount"], vec![FieldError::OutOfRange]);
        assert_eq!(fields["payment_frequency"], vec![FieldError::Required]);
        let input = form().validate("KZT").unwrap();
        assert_eq!(
            (
                input.amount,
                input.currency.as_str(),
                input.coverage.as_deref()
            ),
            ("180000".parse().unwrap(), "KZT", Some("Damage, theft"))
        );
        let warranty = ContractForm {
            contract_type: "warranty".into(),
            amount: "".into(),
            ..form()
        }
        .validate("KZT")
        .unwrap();
        assert_eq!(
            (warranty.amount, warranty.coverage),
            (Decimal::ZERO, None),
            "no amount is none; coverage is for insurance"
        );
    }

    #[test]
    fn payments_fall_due_from_the_start_every_period_within_the_term() {
        assert_eq!(
            due_days(
                d("2026-01-15"),
                d("2026-12-31"),
                PaymentFrequency::Quarterly
            ),
            vec![
                d("2026-01-15"),
                d("2026-04-15"),
                d("2026-07-15"),
                d("2026-10-15")
            ]
        );
        assert_eq!(
            due_days(d("2026-01-31"), d("2026-04-30"), PaymentFrequency::Monthly),
            vec![
                d("2026-01-31"),
                d("2026-02-28"),
                d("2026-03-31"),
                d("2026-04-30")
            ]
        );
        assert_eq!(
            due_days(d("2026-03-01"), d("2027-02-28"), PaymentFrequency::Annual),
            vec![d("2026-03-01")]
        );
        assert_eq!(
            due_days(d("2026-03-01"), d("2029-02-28"), PaymentFrequency::OneTime),
            vec![d("2026-03-01")]
        );
        assert_eq!(
            due_days(d("2026-03-01"), d("2026-02-28"), PaymentFrequency::OneTime),
            vec![],
            "cancelled before it started"
        );
    }

    #[test]
    fn a_contract_pays_on_its_due_days_until_cancelled_and_nothing_without_an_amount() {
        let mut lease = contract("2026-01-10", "2026-12-09");
        lease.payment_frequency = PaymentFrequency::Monthly;
        assert_eq!(lease.due_days().len(), 11);
        assert_eq!(
            lease.due_day(&PaymentForm {
                due_on: "2026-03-10".into()
            }),
            Ok(d("2026-03-10"))
        );
        let not_due = lease
            .due_day(&PaymentForm {
                due_on: "2026-03-11".into(),
            })
            .unwrap_err()
            .field_errors();
        assert_eq!(not_due["due_on"], vec![FieldError::UnknownChoice]);
        lease.cancelled_at = Some("2026-04-20T08:00:00Z".parse().unwrap());
        assert_eq!(lease.due_days().last(), Some(&d("2026-04-10")));
        lease.amount = Decimal::ZERO;
        assert!(lease.due_days().is_empty());
    }

    #[test]
    fn the_window_runs_from_last_month_to_the_end_of_next_and_sums_by_month() {
        assert_eq!(
            PaymentSchedule::window(d("2026-01-15")),
            (d("2025-12-01"), d("2026-02-28"))
        );
        let c = contract("2026-01-01", "2026-12-31");
        let pay = |day: &str, amount: i64, currency: &str| ScheduledPayment {
            contract_id: c.id,
            vehicle_id: c.vehicle_id,
            plate: c.plate.clone(),
            contract_type: c.contract_type,
            contractor: c.contractor.clone(),
            number: None,
            due_on: d(day),
            amount: Decimal::from(amount),
            currency: currency.into(),
            expense_id: None,
        };
        let mut recorded = pay("2026-01-20", 50, "KZT");
        recorded.expense_id = Some(Uuid::now_v7());
        let payments = vec![
            pay("2025-12-20", 7, "EUR"),
            pay("2026-01-05", 100, "KZT"),
            recorded,
            pay("2026-02-01", 1, "KZT"),
        ];
        let schedule = PaymentSchedule::new(d("2025-12-01"), d("2026-02-28"), payments, Some(2));
        assert_eq!(
            schedule.by_month[0],
            (d("2025-12-01"), vec![("EUR".to_owned(), Decimal::from(7))])
        );
        assert_eq!(
            schedule.by_month[1],
            (
                d("2026-01-01"),
                vec![("KZT".to_owned(), Decimal::from(150))]
            ),
            "recorded ones count too"
        );
        assert_eq!(schedule.unrecorded, 3);
        let shown: Vec<_> = schedule.payments.iter().map(|p| p.due_on).collect();
        assert_eq!(
            shown,
            vec![d("2025-12-20"), d("2026-01-05")],
            "the first two unrecorded"
        );
    }

    pub(crate) fn contract(starts: &str, ends: &str) -> Contract {
        Contract {
            id: Uuid::now_v7(),
            vehicle_id: Uuid::now_v7(),
            plate: "123 ABC 02".into(),
            contract_type: ContractType::InsuranceOsago,
            contractor: "Nomad".into(),
            number: Some("OS-1".into()),
            starts_on: d(starts),
            ends_on: d(ends),
            amount: "24000".parse().unwrap(),
            currency: "KZT".into(),
            payment_frequency: PaymentFrequency::Annual,
            auto_renew: false,
            coverage: None,
            notes: None,
            renewal_of: None,
            renewed_by: None,
            cancelled_at: None,
            created_at: Utc::now(),
            status: ContractStatus::PendingRenewal,
            days_left: 10,
        }
    }

    #[test]
    fn a_renewal_follows_on_with_the_same_length_unless_told_otherwise() {
        let old = contract("2026-01-01", "2026-12-31");
        let next = RenewalForm::default().validate(&old).unwrap();
        assert_eq!(
            (
                next.starts_on,
                next.ends_on,
                next.amount,
                next.number.as_deref()
            ),
            (d("2027-01-01"), d("2027-12-31"), old.amount, Some("OS-1"))
        );
        let earlier = RenewalForm {
            starts_on: "2026-12-01".into(),
            amount: "26 500".into(),
            number: "OS-2".into(),
            ..Default::default()
        }
        .validate(&old)
        .unwrap();
        assert_eq!(
            (
                earlier.starts_on,
                earlier.ends_on,
                earlier.amount.to_string(),
                earlier.number.as_deref()
            ),
            (
                d("2026-12-01"),
                d("2027-11-30"),
                "26500".into(),
                Some("OS-2")
            )
        );
        let fields = RenewalForm {
            starts_on: "2026-01-01".into(),
            ends_on: "2025-01-01".into(),
            ..Default::default()
        }
        .validate(&old)
        .unwrap_err()
        .field_errors();
        assert_eq!(
            (fields["starts_on"].clone(), fields["ends_on"].clone()),
            (
                vec![FieldError::OutOfRange],
                vec![FieldError::EndsBeforeStarts]
            )
        );
        assert_eq!(old.expiry_step(), Some(14));
    }
}
