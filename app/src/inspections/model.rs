//! Inspection types: checklist templates, inspections with their answers, defects; the
//! validation of the forms that send them, and the rule of moving a defect.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::choice::choices;
use crate::error::{AppError, FieldError, Validator};
use crate::fleet::mileage::model::kilometres;
use crate::fleet::vehicles::BodyType;
use crate::input::{self, bounded, field, optional, optional_text, required_text};
use crate::listing::{PageRequest, Params};
use crate::maintenance::Priority;

choices! {
    /// How a checklist item was found.
    pub enum ItemResult as "inspection_result" {
        Pass = "pass", Fail = "fail", NotApplicable = "na",
    }
}

choices! {
    /// Where a defect is: reported, seen by someone who will act, dealt with.
    pub enum DefectStatus as "defect_status" {
        Open = "open", Acknowledged = "acknowledged", Resolved = "resolved",
    }
}

/// A checklist template: what to check, for one body type or every vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: Uuid,
    pub name: String,
    pub body_type: Option<BodyType>,
    pub items: Vec<String>,
    /// How many inspections used it.
    pub inspections: i64,
}

/// The most items a checklist may have, and the longest an item or a note may be.
const MAX_ITEMS: usize = 100;
const MAX_ITEM_CHARS: usize = 200;
const MAX_NOTE_CHARS: usize = 1000;

/// What the template form (and REST clients) send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    pub name: String,
    /// Blank means every vehicle.
    pub body_type: String,
    /// One item per line.
    pub items: String,
}

/// A validated template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateInput {
    pub name: String,
    pub body_type: Option<BodyType>,
    pub items: Vec<String>,
}

impl TemplateForm {
    /// Checks the form: a name, a known body type or none, one to a hundred short items.
    pub fn validate(&self) -> Result<TemplateInput, AppError> {
        let mut v = Validator::default();
        let name = required_text(&mut v, "name", &self.name, 200);
        let body_type = optional(&self.body_type).map_or(Ok(None), |raw| raw.parse().map(Some));
        let body_type = field(&mut v, "body_type", body_type);
        let items: Vec<String> = self
            .items
            .lines()
            .filter_map(optional)
            .map(str::to_owned)
            .collect();
        v.check(items.is_empty(), "items", FieldError::Required);
        v.check(
            items.len() > MAX_ITEMS || items.iter().any(|i| i.chars().count() > MAX_ITEM_CHARS),
            "items",
            FieldError::TooLong,
        );
        v.finish()?;
        let (Some(name), Some(body_type)) = (name, body_type) else {
            return Err(AppError::Internal);
        };
        Ok(TemplateInput {
            name,
            body_type,
            items,
        })
    }
}

/// One answered item of an inspection, and the defect it opened if it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub position: i32,
    pub label: String,
    pub result: ItemResult,
    pub note: Option<String>,
}

/// An inspection as stored, with its vehicle's plate and who did it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub id: Uuid,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub template_id: Uuid,
    pub template_name: String,
    pub mileage_km: i64,
    pub reading_id: Uuid,
    pub notes: Option<String>,
    pub performed_by: Uuid,
    pub performed_by_name: String,
    pub performed_at: DateTime<Utc>,
    /// When, on the reader's clock.
    pub performed_local: NaiveDateTime,
    /// How many items failed.
    pub failed: i64,
}

/// An inspection with its answers and the defects they opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectionDetail {
    #[serde(flatten)]
    pub inspection: Inspection,
    pub answers: Vec<Answer>,
    pub defects: Vec<Defect>,
}

/// What the inspection form sends: the vehicle (id or plate), the template, the odometer, and
/// an answer for each of the template's items, in its order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectionForm {
    pub vehicle: String,
    pub template: String,
    #[serde(deserialize_with = "input::text")]
    pub mileage: String,
    /// The second step of an abnormal odometer value: present when the user confirms it.
    pub confirm: Option<String>,
    pub notes: String,
    pub items: Vec<AnswerForm>,
}

/// One item's answer, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub result: String,
    pub note: String,
}

/// A validated inspection; the vehicle is still a reference to look up, the template an id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InspectionInput {
    pub vehicle: String,
    pub template: Uuid,
    pub mileage_km: i64,
    pub confirmed: bool,
    pub notes: Option<String>,
    pub answers: Vec<(ItemResult, Option<String>)>,
}

/// The field an item's answer is reported on: `items.3`.
pub fn item_field(position: usize) -> String {
    format!("items.{position}")
}

impl InspectionForm {
    /// Checks the form against the template's `items`: every item answered, notes short.
    pub fn validate(&self, items: &[String]) -> Result<InspectionInput, AppError> {
        let mut v = Validator::default();
        v.check(
            optional(&self.vehicle).is_none(),
            "vehicle",
            FieldError::Required,
        );
        let template = field(
            &mut v,
            "template",
            input::required(&self.template)
                .and_then(|t| t.parse().map_err(|_| FieldError::UnknownChoice)),
        );
        let mileage_km = field(&mut v, "mileage", kilometres(&self.mileage));
        let notes = optional_text(&mut v, "notes", &self.notes, 4000);
        let mut answers = Vec::with_capacity(items.len());
        for position in 0..items.len() {
            let typed = self.items.get(position).cloned().unwrap_or_default();
            let name = item_field(position);
            let result = field(
                &mut v,
                &name,
                input::required(&typed.result).and_then(str::parse::<ItemResult>),
            );
            let note = optional(&typed.note)
                .and_then(|n| field(&mut v, &name, bounded(n, MAX_NOTE_CHARS)));
            answers.extend(result.map(|r| (r, note)));
        }
        v.finish()?;
        let (Some(template), Some(mileage_km)) = (template, mileage_km) else {
            return Err(AppError::Internal);
        };
        let confirmed = self
            .confirm
            .as_deref()
            .is_some_and(|c| !c.is_empty() && c != "false");
        Ok(InspectionInput {
            vehicle: self.vehicle.trim().to_owned(),
            template,
            mileage_km,
            confirmed,
            notes,
            answers,
        })
    }
}

/// A defect: a failed item of an inspection, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Defect {
    pub id: Uuid,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub inspection_id: Uuid,
    pub position: i32,
    pub label: String,
    pub note: Option<String>,
    pub status: DefectStatus,
    /// The work order it was turned into.
    pub work_order_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// What acting on a defect sends: `to` is `acknowledged` or `resolved` to move it, or
/// `work_order` to turn it into a work order of `priority` (blank: high).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DefectActionForm {
    pub to: String,
    pub priority: String,
}

/// A validated action on a defect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DefectAction {
    Move(DefectStatus),
    WorkOrder(Priority),
}

/// The `to` of turning a defect into a work order.
pub const TO_WORK_ORDER: &str = "work_order";

impl DefectActionForm {
    /// Checks the form.
    pub fn validate(&self) -> Result<DefectAction, AppError> {
        if self.to.trim() == TO_WORK_ORDER {
            let priority = optional(&self.priority)
                .map_or(Ok(Priority::High), str::parse)
                .map_err(|e| AppError::field("priority", e))?;
            return Ok(DefectAction::WorkOrder(priority));
        }
        let to = input::required(&self.to)
            .and_then(str::parse::<DefectStatus>)
            .map_err(|e| AppError::field("to", e))?;
        Ok(DefectAction::Move(to))
    }
}

/// Defects only move forward: open → acknowledged → resolved, or straight from open to
/// resolved (fixed on the spot).
pub fn check_defect_move(from: DefectStatus, to: DefectStatus) -> Result<(), FieldError> {
    use DefectStatus::*;
    match (from, to) {
        (Open, Acknowledged | Resolved) | (Acknowledged, Resolved) => Ok(()),
        _ => Err(FieldError::MoveNotAllowed),
    }
}

/// The inspection list's filters and page, as the address bar holds them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectionQuery {
    pub vehicle: Option<Uuid>,
    /// Only inspections with a failed item.
    pub failed: bool,
    pub page: PageRequest,
}

impl InspectionQuery {
    /// Reads `vehicle_id`, `failed`, `page`, `per_page`; anything unreadable is ignored.
    pub fn from_params(params: &Params) -> Self {
        Self {
            vehicle: params.parse("vehicle_id"),
            failed: params.get("failed") == Some("true"),
            page: PageRequest::from_params(params),
        }
    }
}

/// The defect list's filters and page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DefectQuery {
    pub vehicle: Option<Uuid>,
    pub status: Option<DefectStatus>,
    /// Open and acknowledged defects only.
    pub unresolved: bool,
    pub page: PageRequest,
}

impl DefectQuery {
    /// Reads `vehicle_id`, `defect_status` (or `unresolved`), `page`, `per_page`.
    pub fn from_params(params: &Params) -> Self {
        Self {
            vehicle: params.parse("vehicle_id"),
            status: params.parse("defect_status"),
            unresolved: params.get("unresolved") == Some("true"),
            page: PageRequest::from_params(params),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<String> {
        vec!["Tyres".into(), "Lights".into(), "Brakes".into()]
    }

    #[test]
    fn a_template_needs_a_name_and_items_one_per_line() {
        let fields = TemplateForm {
            body_type: "tank".into(),
            items: " \n".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["name"], vec![FieldError::Required]);
        assert_eq!(fields["body_type"], vec![FieldError::UnknownChoice]);
        assert_eq!(fields["items"], vec![FieldError::Required]);
        let input = TemplateForm {
            name: "Pre-trip".into(),
            items: "Tyres\n\n  Lights  \r\nBrakes".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!((input.body_type, input.items), (None, items()));
        let long = TemplateForm {
            name: "x".into(),
            items: "a\n".repeat(101),
            body_type: "bus".into(),
        }
        .validate()
        .unwrap_err();
        assert_eq!(long.field_errors()["items"], vec![FieldError::TooLong]);
    }

    #[test]
    fn every_item_is_answered_and_notes_stay_short() {
        let answer = |result: &str, note: &str| AnswerForm {
            result: result.into(),
            note: note.into(),
        };
        let form = InspectionForm {
            vehicle: "1".into(),
            template: Uuid::nil().to_string(),
            mileage: "12 000".into(),
            items: vec![
                answer("pass", ""),
                answer("broken", ""),
                answer("fail", &"x".repeat(1001)),
            ],
            ..Default::default()
        };
        let fields = form.validate(&items()).unwrap_err().field_errors();
        assert_eq!(
            (
                fields.get("items.0"),
                &fields["items.1"],
                &fields["items.2"]
            ),
            (
                None,
                &vec![FieldError::UnknownChoice],
                &vec![FieldError::TooLong]
            )
        );
        // Fewer answers than items: the missing ones are required.
        let short = InspectionForm {
            items: vec![answer("pass", "")],
            ..form.clone()
        };
        assert_eq!(
            short.validate(&items()).unwrap_err().field_errors()["items.2"],
            vec![FieldError::Required]
        );
        let done = InspectionForm {
            items: vec![
                answer("pass", ""),
                answer("na", ""),
                answer("fail", " worn pads "),
            ],
            ..form
        };
        let input = done.validate(&items()).unwrap();
        assert_eq!(input.mileage_km, 12_000);
        assert_eq!(
            input.answers[2],
            (ItemResult::Fail, Some("worn pads".to_owned()))
        );
        assert_eq!(input.answers[1], (ItemResult::NotApplicable, None));
    }

    #[test]
    fn a_defect_moves_or_becomes_a_work_order_of_high_priority_unless_told() {
        let act = |to: &str, priority: &str| {
            DefectActionForm {
                to: to.into(),
                priority: priority.into(),
            }
            .validate()
        };
        assert_eq!(
            act("resolved", "").unwrap(),
            DefectAction::Move(DefectStatus::Resolved)
        );
        assert_eq!(
            act("work_order", "").unwrap(),
            DefectAction::WorkOrder(Priority::High)
        );
        assert_eq!(
            act(" work_order ", "critical").unwrap(),
            DefectAction::WorkOrder(Priority::Critical)
        );
        assert_eq!(
            act("work_order", "urgent").unwrap_err().field_errors()["priority"],
            vec![FieldError::UnknownChoice]
        );
        assert_eq!(
            act("fixed", "").unwrap_err().field_errors()["to"],
            vec![FieldError::UnknownChoice]
        );
    }

    #[test]
    fn defects_only_move_forward() {
        use DefectStatus::*;
        assert_eq!(check_defect_move(Open, Acknowledged), Ok(()));
        assert_eq!(check_defect_move(Open, Resolved), Ok(()));
        assert_eq!(check_defect_move(Acknowledged, Resolved), Ok(()));
        for (from, to) in [
            (Resolved, Open),
            (Resolved, Acknowledged),
            (Acknowledged, Open),
            (Open, Open),
            (Resolved, Resolved),
        ] {
            assert_eq!(
                check_defect_move(from, to),
                Err(FieldError::MoveNotAllowed),
                "{from:?} → {to:?}"
            );
        }
    }
}
