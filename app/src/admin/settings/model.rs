//! The fleet rules and the validation of their form.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::error::{AppError, Validator};

/// The rules as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FleetRules {
    /// Whether one driver may hold several vehicles at the same time (tours: yes).
    pub drivers_share_vehicles: bool,
    /// Above this many kilometres per day since the previous reading, a reading is abnormal.
    pub mileage_daily_limit_km: i32,
}

/// What the form (and REST clients) send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FleetRulesForm {
    /// A checkbox: present when ticked (`true` from REST clients).
    pub drivers_share_vehicles: Option<String>,
    #[serde(deserialize_with = "crate::input::text")]
    pub mileage_daily_limit_km: String,
}

/// The limits the daily distance threshold may take (the database checks the same).
#[cfg(feature = "ssr")]
pub const DAILY_LIMIT_RANGE: (i32, i32) = (1, 100_000);

#[cfg(feature = "ssr")]
impl FleetRulesForm {
    pub fn validate(&self) -> Result<FleetRules, AppError> {
        use crate::input::{field, integer, required};
        let mut v = Validator::default();
        let (min, max) = DAILY_LIMIT_RANGE;
        let limit = field(
            &mut v,
            "mileage_daily_limit_km",
            required(&self.mileage_daily_limit_km)
                .and_then(|raw| integer(&raw.replace([' ', '\u{a0}', '\u{202f}'], ""), min, max)),
        );
        v.finish()?;
        Ok(FleetRules {
            drivers_share_vehicles: self
                .drivers_share_vehicles
                .as_deref()
                .is_some_and(|c| !c.is_empty() && c != "false"),
            mileage_daily_limit_km: limit.ok_or(AppError::Internal)?,
        })
    }
}

#[cfg(test)]
#[cfg(feature = "ssr")]
mod tests {
    use super::*;
    use crate::error::FieldError;

    #[test]
    fn the_daily_limit_is_a_whole_number_of_kilometres_within_range() {
        let form = |limit: &str| FleetRulesForm {
            drivers_share_vehicles: Some("on".into()),
            mileage_daily_limit_km: limit.into(),
        };
        assert_eq!(
            form("1 500").validate().unwrap(),
            FleetRules {
                drivers_share_vehicles: true,
                mileage_daily_limit_km: 1_500
            }
        );
        let code = |limit: &str| {
            form(limit).validate().unwrap_err().field_errors()["mileage_daily_limit_km"][0]
        };
        assert_eq!(code("0"), FieldError::OutOfRange);
        assert_eq!(code("lots"), FieldError::NotANumber);
        assert_eq!(code(""), FieldError::Required);
        assert!(
            !FleetRulesForm {
                mileage_daily_limit_km: "800".into(),
                ..Default::default()
            }
            .validate()
            .unwrap()
            .drivers_share_vehicles
        );
    }
}
