//! Work order types, the validation of what the forms and REST clients send, and the rules of
//! moving a work order between statuses: which moves exist, and what the vehicle's status
//! becomes.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::calendar::period::Period;
use super::due::{DueState, DueWindow, Reminder, due_state, forecast_on, planned_on, reminders};
use crate::choice::choices;
use crate::error::{AppError, FieldError, Validator};
use crate::fleet::mileage::model::kilometres;
use crate::fleet::vehicles::VehicleStatus;
use crate::input::{
    self, currency, date, field, money, optional, optional_text, past_date, required_text,
};
use crate::listing::{PageRequest, Params};

choices! {
    /// What kind of work a work order is.
    pub enum WorkKind as "maintenance_kind" {
        ScheduledService = "scheduled_service", Repair = "repair", Inspection = "inspection",
        TireChange = "tire_change", BodyRepair = "body_repair", Recall = "recall",
    }
}

choices! {
    /// Where a work order is; the Kanban board's columns.
    pub enum WorkStatus as "maintenance_status" {
        Scheduled = "scheduled", InProgress = "in_progress", Completed = "completed", Cancelled = "cancelled",
    }
}

choices! {
    /// How urgent a work order is.
    pub enum Priority as "maintenance_priority" {
        Low = "low", Normal = "normal", High = "high", Critical = "critical",
    }
}

/// A work order as stored, with its vehicle's plate and current mileage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkOrder {
    pub id: Uuid,
    pub vehicle_id: Uuid,
    pub plate: String,
    pub vehicle_km: i64,
    pub kind: WorkKind,
    pub title: String,
    pub description: Option<String>,
    pub status: WorkStatus,
    pub priority: Priority,
    pub scheduled_on: Option<NaiveDate>,
    pub due_km: Option<i64>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_on: Option<NaiveDate>,
    pub mileage_at_service: Option<i64>,
    pub reading_id: Option<Uuid>,
    pub next_service_km: Option<i64>,
    pub next_service_on: Option<NaiveDate>,
    pub cost: Option<Decimal>,
    pub currency: Option<String>,
    pub service_provider: Option<String>,
    pub performed_by: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The program that planned it, if one did.
    pub program_id: Option<Uuid>,
    /// How close to its date or kilometre it counts as due soon (its program's window).
    pub due_window_km: i64,
    pub due_window_days: i32,
    /// The vehicle's average daily distance over its readings, for the forecast (`None` with
    /// fewer than two readings a day apart, as `mileage::model::averages` has it).
    pub avg_km_per_day: Option<f64>,
    /// The inspection whose defect this work order was made from, if one was.
    pub inspection_id: Option<Uuid>,
}

/// A work order as lists and pages show it: with where it stands on the tenant's date when it
/// was read (computed here, not in SQL, so the rule lives in one place: `due::due_state`).
///
/// Scheduled work also has a planned day: its date, or sooner when the vehicle's average daily
/// distance will take it to its kilometre first (the forecast moves as readings arrive), and
/// the days its reminders still go out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DueWorkOrder {
    #[serde(flatten)]
    pub order: WorkOrder,
    pub due: Option<DueState>,
    /// When the kilometre is expected at the vehicle's pace.
    pub forecast_on: Option<NaiveDate>,
    pub planned_on: Option<NaiveDate>,
    pub reminders: Vec<Reminder>,
}

impl DueWorkOrder {
    /// The order and where it stands on `today`.
    pub fn on(order: WorkOrder, today: NaiveDate) -> Self {
        let due = order.due_on(today);
        let scheduled = order.status == WorkStatus::Scheduled;
        let forecast = order
            .due_km
            .filter(|_| scheduled)
            .and_then(|km| forecast_on(today, order.vehicle_km, km, order.avg_km_per_day));
        let planned = planned_on(order.scheduled_on, forecast).filter(|_| scheduled);
        // Reminders already past have nothing left to say.
        let reminders = planned
            .map(reminders)
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.on >= today)
            .collect();
        Self {
            order,
            due,
            forecast_on: forecast,
            planned_on: planned,
            reminders,
        }
    }

    /// The day the calendar shows scheduled work on: the day it is booked for, else (due at a
    /// kilometre only) the day its forecast reaches it.
    pub fn calendar_day(&self) -> Option<NaiveDate> {
        self.order.scheduled_on.or(self.planned_on)
    }
}

/// A calendar of scheduled work: its period and the tenant's date, the work that falls within
/// the period's grid, by day, and the overdue work that fell before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub period: Period,
    pub today: NaiveDate,
    pub entries: Vec<DueWorkOrder>,
    pub overdue_before: Vec<DueWorkOrder>,
}

impl WorkOrder {
    /// Where scheduled work stands on `today`; `None` for work started, done or cancelled, or
    /// with neither a date nor a kilometre.
    pub fn due_on(&self, today: NaiveDate) -> Option<DueState> {
        if self.status != WorkStatus::Scheduled {
            return None;
        }
        let window = DueWindow {
            km: self.due_window_km,
            days: i64::from(self.due_window_days),
        };
        due_state(
            today,
            self.vehicle_km,
            self.scheduled_on,
            self.due_km,
            window,
        )
    }
}

/// What the work order form (and REST clients) send, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkOrderForm {
    /// The vehicle's id or plate; read when the work order is created, fixed after.
    pub vehicle: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    /// Blank means normal.
    pub priority: String,
    pub scheduled_on: String,
    #[serde(deserialize_with = "input::text")]
    pub due_km: String,
    #[serde(deserialize_with = "input::text")]
    pub cost: String,
    /// Blank means the tenant's currency.
    pub currency: String,
    pub service_provider: String,
    pub performed_by: String,
    #[serde(deserialize_with = "input::text")]
    pub next_service_km: String,
    pub next_service_on: String,
}

/// A validated work order; the vehicle is still a reference to look up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkOrderInput {
    pub vehicle: String,
    pub kind: WorkKind,
    pub title: String,
    pub description: Option<String>,
    pub priority: Priority,
    pub scheduled_on: Option<NaiveDate>,
    pub due_km: Option<i64>,
    pub cost: Option<Decimal>,
    pub currency: Option<String>,
    pub service_provider: Option<String>,
    pub performed_by: Option<String>,
    pub next_service_km: Option<i64>,
    pub next_service_on: Option<NaiveDate>,
}

/// A blank field is `None`; anything typed must read as `parse` says.
fn optional_field<T>(
    v: &mut Validator,
    name: &str,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<T> {
    optional(raw).and_then(|raw| field(v, name, parse(raw)))
}

impl WorkOrderForm {
    /// Checks the form; a cost without a currency is in `default_currency`.
    pub fn validate(&self, default_currency: &str) -> Result<WorkOrderInput, AppError> {
        let mut v = Validator::default();
        v.check(
            optional(&self.vehicle).is_none(),
            "vehicle",
            FieldError::Required,
        );
        let kind = field(
            &mut v,
            "kind",
            input::required(&self.kind).and_then(str::parse::<WorkKind>),
        );
        let title = required_text(&mut v, "title", &self.title, 200);
        let description = optional_text(&mut v, "description", &self.description, 4000);
        let priority = field(
            &mut v,
            "priority",
            optional(&self.priority).map_or(Ok(Priority::Normal), str::parse),
        );
        let scheduled_on = optional_field(&mut v, "scheduled_on", &self.scheduled_on, date);
        let due_km = optional_field(&mut v, "due_km", &self.due_km, kilometres);
        let cost = optional_field(&mut v, "cost", &self.cost, money);
        let currency = cost.and_then(|_| {
            field(
                &mut v,
                "currency",
                currency(optional(&self.currency).unwrap_or(default_currency)),
            )
        });
        let service_provider =
            optional_text(&mut v, "service_provider", &self.service_provider, 200);
        let performed_by = optional_text(&mut v, "performed_by", &self.performed_by, 200);
        let next_service_km =
            optional_field(&mut v, "next_service_km", &self.next_service_km, kilometres);
        let next_service_on =
            optional_field(&mut v, "next_service_on", &self.next_service_on, date);
        v.finish()?;
        match (kind, title, priority) {
            (Some(kind), Some(title), Some(priority)) => Ok(WorkOrderInput {
                vehicle: self.vehicle.trim().to_owned(),
                kind,
                title,
                description,
                priority,
                scheduled_on,
                due_km,
                cost,
                currency,
                service_provider,
                performed_by,
                next_service_km,
                next_service_on,
            }),
            // Unreachable: every `None` above recorded a field error, so `finish` returned it.
            _ => Err(AppError::Internal),
        }
    }
}

/// What the move form (a Kanban drop, a button) sends: the status to move to and, to complete,
/// the date and the odometer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    pub to: String,
    /// Blank means today (when completing).
    pub completed_on: String,
    #[serde(deserialize_with = "input::text")]
    pub mileage: String,
    /// The second step of an abnormal odometer value: present when the user confirms it.
    pub confirm: Option<String>,
}

/// A validated move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MoveInput {
    pub to: WorkStatus,
    pub completion: Option<Completion>,
}

/// What completing records: the day the work was done and the odometer then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Completion {
    pub on: NaiveDate,
    pub km: i64,
    pub confirmed: bool,
}

impl MoveForm {
    /// Checks the form; `today` is the tenant's date (work is not completed in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<MoveInput, AppError> {
        let mut v = Validator::default();
        let to = field(
            &mut v,
            "to",
            input::required(&self.to).and_then(str::parse::<WorkStatus>),
        );
        let completion = if to == Some(WorkStatus::Completed) {
            let on = field(
                &mut v,
                "completed_on",
                optional(&self.completed_on).map_or(Ok(today), |raw| past_date(raw, today)),
            );
            let km = field(&mut v, "mileage", kilometres(&self.mileage));
            let confirmed = self
                .confirm
                .as_deref()
                .is_some_and(|c| !c.is_empty() && c != "false");
            on.zip(km).map(|(on, km)| Completion { on, km, confirmed })
        } else {
            None
        };
        v.finish()?;
        let to = to.ok_or(AppError::Internal)?;
        Ok(MoveInput { to, completion })
    }
}

/// What rescheduling (a drop on the calendar, its form) sends: the day to book the work for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RescheduleForm {
    pub scheduled_on: String,
}

impl RescheduleForm {
    /// Checks the form: a day, not before `today` (the tenant's date; work is not booked in
    /// the past).
    pub fn validate(&self, today: NaiveDate) -> Result<NaiveDate, AppError> {
        let on = input::required(&self.scheduled_on)
            .and_then(date)
            .and_then(|on| {
                if on < today {
                    Err(FieldError::InPast)
                } else {
                    Ok(on)
                }
            });
        on.map_err(|e| AppError::field("scheduled_on", e))
    }
}

/// Whether a work order may move from `from` to `to`. Completed work stays completed (its
/// odometer reading is history); cancelled work may be scheduled again.
pub fn check_move(from: WorkStatus, to: WorkStatus) -> Result<(), FieldError> {
    use WorkStatus::*;
    match (from, to) {
        (Scheduled, InProgress | Completed | Cancelled)
        | (InProgress, Scheduled | Completed | Cancelled)
        | (Cancelled, Scheduled) => Ok(()),
        _ => Err(FieldError::MoveNotAllowed),
    }
}

/// The status the vehicle takes when one of its work orders moves from `from` to `to`, if it
/// changes: in maintenance while work is in progress, active again when the last work in
/// progress (`others_in_progress` counts the vehicle's other ones) ends. A reserved vehicle
/// going into the workshop is in maintenance; a vehicle whose status someone set by hand to
/// something else meanwhile keeps it.
pub fn vehicle_status_after(
    vehicle: VehicleStatus,
    from: WorkStatus,
    to: WorkStatus,
    others_in_progress: i64,
) -> Option<VehicleStatus> {
    use VehicleStatus::*;
    match (from, to, vehicle) {
        (_, WorkStatus::InProgress, Active | Reserved) => Some(InMaintenance),
        (WorkStatus::InProgress, _, InMaintenance)
            if to != WorkStatus::InProgress && others_in_progress == 0 =>
        {
            Some(Active)
        }
        _ => None,
    }
}

/// One column of the Kanban board: its first cards and how many it holds under the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub status: WorkStatus,
    pub total: i64,
    pub cards: Vec<DueWorkOrder>,
}

/// The fleet-wide list's filters and page, as the address bar holds them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkOrderQuery {
    pub vehicle: Option<Uuid>,
    pub status: Option<WorkStatus>,
    /// Open (scheduled or in progress) or closed (completed or cancelled) work only.
    pub open: Option<bool>,
    /// Scheduled work in any of these due states (none: no filter).
    pub due: Vec<DueState>,
    pub kind: Option<WorkKind>,
    pub priority: Option<Priority>,
    pub department: Option<String>,
    pub page: PageRequest,
}

impl WorkOrderQuery {
    /// Reads `vehicle_id`, `status`, `open`, `due` (repeatable), `kind`, `priority`,
    /// `department`, `page`, `per_page`; anything unreadable is ignored.
    pub fn from_params(params: &Params) -> Self {
        Self {
            vehicle: params.parse("vehicle_id"),
            status: params.parse("status"),
            open: params.parse("open"),
            due: params
                .all("due")
                .into_iter()
                .filter_map(|d| d.parse().ok())
                .collect(),
            kind: params.parse("kind"),
            priority: params.parse("priority"),
            department: params
                .get("department")
                .and_then(optional)
                .map(str::to_owned),
            page: PageRequest::from_params(params),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WorkStatus::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn a_work_order_needs_a_vehicle_a_kind_and_a_title_and_reads_what_is_typed() {
        let fields = WorkOrderForm {
            kind: "oil".into(),
            cost: "-3".into(),
            due_km: "12a".into(),
            ..Default::default()
        }
        .validate("KZT")
        .unwrap_err()
        .field_errors();
        assert_eq!(fields["vehicle"], vec![FieldError::Required]);
        assert_eq!(fields["kind"], vec![FieldError::UnknownChoice]);
        assert_eq!(fields["title"], vec![FieldError::Required]);
        assert_eq!(fields["cost"], vec![FieldError::MustBePositive]);
        assert_eq!(fields["due_km"], vec![FieldError::NotANumber]);
        let input = WorkOrderForm {
            vehicle: " 123 ABC 02 ".into(),
            kind: "repair".into(),
            title: "Brake pads".into(),
            cost: "45 000,50".into(),
            next_service_km: "120 000".into(),
            ..Default::default()
        }
        .validate("KZT")
        .unwrap();
        assert_eq!(
            (
                input.vehicle.as_str(),
                input.priority,
                input.currency.as_deref()
            ),
            ("123 ABC 02", Priority::Normal, Some("KZT"))
        );
        assert_eq!(
            (input.cost, input.next_service_km),
            (Some(Decimal::new(4_500_050, 2)), Some(120_000))
        );
        assert_eq!(input.scheduled_on, None);
    }

    #[test]
    fn completing_needs_the_odometer_and_a_day_not_in_the_future() {
        let form = MoveForm {
            to: "completed".into(),
            completed_on: "2026-11-23".into(),
            ..Default::default()
        };
        let fields = form.validate(today()).unwrap_err().field_errors();
        assert_eq!(
            (fields["completed_on"][0], fields["mileage"][0]),
            (FieldError::InFuture, FieldError::Required)
        );
        let done = MoveForm {
            to: "completed".into(),
            mileage: "88 000".into(),
            confirm: Some("on".into()),
            ..Default::default()
        };
        let completion = done.validate(today()).unwrap().completion.unwrap();
        assert_eq!(
            completion,
            Completion {
                on: today(),
                km: 88_000,
                confirmed: true
            }
        );
        let start = MoveForm {
            to: "in_progress".into(),
            mileage: "nonsense".into(),
            ..Default::default()
        };
        assert_eq!(
            start.validate(today()).unwrap(),
            MoveInput {
                to: InProgress,
                completion: None
            }
        );
        assert_eq!(
            MoveForm {
                to: "done".into(),
                ..Default::default()
            }
            .validate(today())
            .unwrap_err()
            .field_errors()["to"],
            vec![FieldError::UnknownChoice]
        );
    }

    #[test]
    fn work_is_rescheduled_to_a_day_from_today_on() {
        let on = |raw: &str| {
            RescheduleForm {
                scheduled_on: raw.into(),
            }
            .validate(today())
        };
        assert_eq!(on(" 2026-11-22 ").unwrap(), today());
        assert_eq!(
            on("2027-02-28").unwrap(),
            NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()
        );
        assert_eq!(
            on("2026-11-21").unwrap_err().field_errors()["scheduled_on"],
            vec![FieldError::InPast]
        );
        assert_eq!(
            on("").unwrap_err().field_errors()["scheduled_on"],
            vec![FieldError::Required]
        );
        assert_eq!(
            on("2027-02-29").unwrap_err().field_errors()["scheduled_on"],
            vec![FieldError::InvalidDate]
        );
    }

    #[test]
    fn completed_work_stays_completed_and_cancelled_work_can_be_planned_again() {
        for to in [Scheduled, InProgress, Cancelled, Completed] {
            assert_eq!(
                check_move(Completed, to),
                Err(FieldError::MoveNotAllowed),
                "{to:?}"
            );
        }
        assert_eq!(check_move(Cancelled, Scheduled), Ok(()));
        assert_eq!(
            check_move(Cancelled, InProgress),
            Err(FieldError::MoveNotAllowed)
        );
        assert_eq!(
            check_move(Scheduled, Scheduled),
            Err(FieldError::MoveNotAllowed)
        );
        assert_eq!(check_move(Scheduled, Completed), Ok(()));
        assert_eq!(check_move(InProgress, Scheduled), Ok(()));
    }

    #[test]
    fn the_vehicle_is_in_maintenance_while_work_is_in_progress_and_active_after_the_last() {
        use VehicleStatus::*;
        assert_eq!(
            vehicle_status_after(Active, Scheduled, InProgress, 0),
            Some(InMaintenance)
        );
        assert_eq!(
            vehicle_status_after(Reserved, Scheduled, InProgress, 0),
            Some(InMaintenance)
        );
        assert_eq!(
            vehicle_status_after(InMaintenance, Scheduled, InProgress, 1),
            None
        );
        assert_eq!(
            vehicle_status_after(InMaintenance, InProgress, Completed, 0),
            Some(Active)
        );
        assert_eq!(
            vehicle_status_after(InMaintenance, InProgress, Cancelled, 0),
            Some(Active)
        );
        assert_eq!(
            vehicle_status_after(InMaintenance, InProgress, Scheduled, 0),
            Some(Active)
        );
        // Another job still open on the vehicle keeps it in the workshop.
        assert_eq!(
            vehicle_status_after(InMaintenance, InProgress, Completed, 1),
            None
        );
        // Completing scheduled work straight away never touches the vehicle.
        assert_eq!(vehicle_status_after(Active, Scheduled, Completed, 0), None);
        // Someone reserved the vehicle by hand meanwhile: finishing leaves that alone.
        assert_eq!(
            vehicle_status_after(Reserved, InProgress, Completed, 0),
            None
        );
        assert_eq!(
            vehicle_status_after(Decommissioned, Scheduled, InProgress, 0),
            None
        );
    }

    #[test]
    fn only_scheduled_work_is_due() {
        let order = WorkOrder {
            id: Uuid::nil(),
            vehicle_id: Uuid::nil(),
            plate: "X".into(),
            vehicle_km: 10_100,
            kind: WorkKind::ScheduledService,
            title: "Oil".into(),
            description: None,
            status: Scheduled,
            priority: Priority::Normal,
            scheduled_on: Some(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()),
            due_km: Some(10_000),
            started_at: None,
            completed_on: None,
            mileage_at_service: None,
            reading_id: None,
            next_service_km: None,
            next_service_on: None,
            cost: None,
            currency: None,
            service_provider: None,
            performed_by: None,
            created_at: Utc::now(),
            program_id: None,
            due_window_km: 500,
            due_window_days: 14,
            avg_km_per_day: Some(50.0),
            inspection_id: None,
        };
        assert_eq!(order.due_on(today()), Some(DueState::Overdue));
        // Its own window decides "due soon": 100 km before is due soon in a 500 km window only.
        let ahead = WorkOrder {
            due_km: Some(10_200),
            ..order.clone()
        };
        assert_eq!(ahead.due_on(today()), Some(DueState::DueSoon));
        assert_eq!(
            WorkOrder {
                due_window_km: 50,
                ..ahead.clone()
            }
            .due_on(today()),
            Some(DueState::Later)
        );
        // 100 km at 50 km a day: planned in two days, before its date; reminders lead up to it.
        let planned = DueWorkOrder::on(ahead, today());
        assert_eq!(
            (planned.forecast_on, planned.planned_on),
            (
                Some(today() + chrono::Duration::days(2)),
                Some(today() + chrono::Duration::days(2))
            )
        );
        // Two days ahead: the 14, 7 and 3 day reminders have passed, the 1 day one is to come.
        assert_eq!(
            planned
                .reminders
                .iter()
                .map(|r| r.days_before)
                .collect::<Vec<_>>(),
            vec![1]
        );
        let started = DueWorkOrder::on(
            WorkOrder {
                status: InProgress,
                ..order.clone()
            },
            today(),
        );
        assert_eq!(
            (started.due, started.planned_on, started.reminders.len()),
            (None, None, 0)
        );
    }
}
