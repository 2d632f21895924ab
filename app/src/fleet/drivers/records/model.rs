//! A driver's certificates and fines, and the validation of their forms.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, FieldError, Validator};
use crate::input::{
    self, currency, field, money, optional, optional_text, past_date, required_text,
};

/// A certificate or training: dangerous goods, first aid, tachograph, defensive driving…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Certification {
    pub id: Uuid,
    pub driver_id: Uuid,
    pub kind: String,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub issuer: Option<String>,
    /// Days until it expires in the tenant's calendar (negative: expired).
    pub days_left: Option<i32>,
}

/// What the certificate form sends, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificationForm {
    pub kind: String,
    pub issued_on: String,
    pub expires_on: String,
    pub issuer: String,
}

/// A validated certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificationInput {
    pub kind: String,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub issuer: Option<String>,
}

impl CertificationForm {
    /// Checks the form; `today` is the tenant's date (a certificate is not issued later).
    pub fn validate(&self, today: NaiveDate) -> Result<CertificationInput, AppError> {
        let mut v = Validator::default();
        let kind = required_text(&mut v, "kind", &self.kind, 80);
        let issued_on = optional(&self.issued_on)
            .and_then(|raw| field(&mut v, "issued_on", past_date(raw, today)));
        let expires_on = optional(&self.expires_on)
            .and_then(|raw| field(&mut v, "expires_on", input::date(raw)));
        if let (Some(issued), Some(expires)) = (issued_on, expires_on) {
            v.check(expires < issued, "expires_on", FieldError::EndsBeforeStarts);
        }
        let issuer = optional_text(&mut v, "issuer", &self.issuer, 120);
        v.finish()?;
        let kind = kind.ok_or(AppError::Internal)?;
        Ok(CertificationInput {
            kind,
            issued_on,
            expires_on,
            issuer,
        })
    }
}

/// A traffic fine or violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Fine {
    pub id: Uuid,
    pub driver_id: Uuid,
    pub vehicle_id: Option<Uuid>,
    pub plate: Option<String>,
    pub occurred_on: NaiveDate,
    pub kind: String,
    pub amount: Decimal,
    pub currency: String,
    pub paid: bool,
    pub reference: Option<String>,
}

/// What the fine form sends, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FineForm {
    pub occurred_on: String,
    /// The vehicle's plate or id, or blank.
    pub vehicle: String,
    pub kind: String,
    #[serde(deserialize_with = "input::text")]
    pub amount: String,
    pub currency: String,
    pub reference: String,
    /// A checkbox: present when ticked.
    pub paid: Option<String>,
}

/// A validated fine; the vehicle is still a reference to look up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FineInput {
    pub occurred_on: NaiveDate,
    pub vehicle: Option<String>,
    pub kind: String,
    pub amount: Decimal,
    pub currency: String,
    pub reference: Option<String>,
    pub paid: bool,
}

impl FineForm {
    /// Checks the form; `today` is the tenant's date (a fine is not in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<FineInput, AppError> {
        let mut v = Validator::default();
        let occurred_on = field(
            &mut v,
            "occurred_on",
            input::required(&self.occurred_on).and_then(|raw| past_date(raw, today)),
        );
        let kind = required_text(&mut v, "kind", &self.kind, 80);
        let amount = field(
            &mut v,
            "amount",
            input::required(&self.amount).and_then(money),
        );
        let currency = field(&mut v, "currency", currency(&self.currency));
        let reference = optional_text(&mut v, "reference", &self.reference, 80);
        v.finish()?;
        match (occurred_on, kind, amount, currency) {
            (Some(occurred_on), Some(kind), Some(amount), Some(currency)) => Ok(FineInput {
                occurred_on,
                vehicle: optional(&self.vehicle).map(str::to_owned),
                kind,
                amount,
                currency,
                reference,
                paid: self
                    .paid
                    .as_deref()
                    .is_some_and(|p| !p.is_empty() && p != "false"),
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn a_certificate_cannot_expire_before_it_was_issued() {
        let form = CertificationForm {
            kind: "ADR".into(),
            issued_on: "2026-01-10".into(),
            expires_on: "2025-01-10".into(),
            ..Default::default()
        };
        assert_eq!(
            form.validate(today()).unwrap_err().field_errors()["expires_on"],
            vec![FieldError::EndsBeforeStarts]
        );
        let form = CertificationForm {
            kind: " ".into(),
            issued_on: "2027-01-01".into(),
            ..Default::default()
        };
        let fields = form.validate(today()).unwrap_err().field_errors();
        assert_eq!(
            (fields["kind"][0], fields["issued_on"][0]),
            (FieldError::Required, FieldError::InFuture)
        );
    }

    #[test]
    fn a_fine_needs_a_date_a_kind_and_a_positive_amount_in_a_known_currency() {
        let fields = FineForm {
            amount: "-5".into(),
            currency: "XXX".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap_err()
        .field_errors();
        let code = |f: &str| fields.get(f).map(|e| e[0]);
        assert_eq!(code("occurred_on"), Some(FieldError::Required));
        assert_eq!(code("kind"), Some(FieldError::Required));
        assert_eq!(code("amount"), Some(FieldError::MustBePositive));
        assert_eq!(code("currency"), Some(FieldError::UnknownChoice));
        let good = FineForm {
            occurred_on: "2026-11-01".into(),
            kind: "Speeding".into(),
            amount: "15 000".into(),
            currency: "kzt".into(),
            paid: Some("on".into()),
            ..Default::default()
        };
        let fine = good.validate(today()).unwrap();
        assert_eq!(
            (fine.amount, fine.currency.as_str(), fine.paid),
            (Decimal::from(15_000), "KZT", true)
        );
    }
}
