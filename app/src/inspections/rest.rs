//! `/api/v1/inspections`: the same operations as the inspection pages.

use axum::Json;
use axum::extract::Query;
use axum::http::{Method, StatusCode};
use axum::routing::{get, post, put};
use serde::Deserialize;
use uuid::Uuid;

use super::api;
use super::model::{
    Defect, DefectActionForm, DefectQuery, Inspection, InspectionDetail, InspectionForm,
    InspectionQuery, TO_WORK_ORDER, Template, TemplateForm,
};
use crate::auth::Permission;
use crate::auth::ctx::Ctx;
use crate::error::AppError;
use crate::listing::{Paged, Params};
use crate::once::IdempotencyKey;
use crate::rest::{Access, ApiJson, ApiPath, ApiRoutes, created};

const INSPECT: Access = Access::AnyOf(&[
    Permission::InspectionPerform,
    Permission::InspectionPerformOwn,
]);
const CHECKLISTS: Access = Access::AnyOf(&[
    Permission::InspectionRead,
    Permission::InspectionPerform,
    Permission::InspectionPerformOwn,
]);

/// The inspection routes.
pub fn routes() -> ApiRoutes {
    let read = Access::Permission(Permission::InspectionRead);
    let manage = Access::Permission(Permission::MaintenanceWrite);
    ApiRoutes::default()
        .route(Method::GET, "/api/v1/inspections", read, get(list))
        .route(Method::POST, "/api/v1/inspections", INSPECT, post(perform))
        .route(Method::GET, "/api/v1/inspections/{id}", read, get(one))
        .route(
            Method::GET,
            "/api/v1/inspections/templates",
            CHECKLISTS,
            get(templates),
        )
        .route(
            Method::POST,
            "/api/v1/inspections/templates",
            manage,
            post(create_template),
        )
        .route(
            Method::PUT,
            "/api/v1/inspections/templates/{id}",
            manage,
            put(update_template),
        )
        .route(
            Method::GET,
            "/api/v1/inspections/defects",
            read,
            get(defects),
        )
        .route(
            Method::POST,
            "/api/v1/inspections/defects/{id}/move",
            manage,
            post(move_defect),
        )
        .route(
            Method::POST,
            "/api/v1/inspections/defects/{id}/work-order",
            manage,
            post(defect_work_order),
        )
}

/// `?vehicle_id=&failed=true&page=&per_page=`.
async fn list(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<Inspection>>, AppError> {
    api::list_inspections(&ctx, &InspectionQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

/// `{"vehicle", "template", "mileage", "notes", "items": [{"result": "pass|fail|na", "note"}]}`,
/// an answer for each of the template's items in its order (and `"confirm": "true"` for an
/// abnormal odometer value). Each failed item opens a defect.
async fn perform(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<InspectionForm>,
) -> Result<(StatusCode, Json<InspectionDetail>), AppError> {
    created(ctx, key, async |ctx| {
        api::perform_inspection(ctx, &form).await
    })
    .await
}

async fn one(ctx: Ctx, ApiPath(id): ApiPath<Uuid>) -> Result<Json<InspectionDetail>, AppError> {
    api::get_inspection(&ctx, id).await.map(Json)
}

#[derive(Deserialize)]
struct ForVehicle {
    vehicle: Option<String>,
}

/// `?vehicle=` (id or plate): the checklists for its body type.
async fn templates(ctx: Ctx, Query(q): Query<ForVehicle>) -> Result<Json<Vec<Template>>, AppError> {
    api::list_templates(&ctx, q.vehicle.as_deref())
        .await
        .map(Json)
}

/// `{"name", "body_type", "items"}` (items one per line; body type blank for every vehicle).
async fn create_template(
    ctx: Ctx,
    key: IdempotencyKey,
    ApiJson(form): ApiJson<TemplateForm>,
) -> Result<(StatusCode, Json<Template>), AppError> {
    created(ctx, key, async |ctx| api::create_template(ctx, &form).await).await
}

async fn update_template(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<TemplateForm>,
) -> Result<Json<Template>, AppError> {
    api::update_template(&ctx, id, &form).await.map(Json)
}

/// `?vehicle_id=&defect_status=open|acknowledged|resolved&unresolved=true&page=&per_page=`.
async fn defects(
    ctx: Ctx,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Json<Paged<Defect>>, AppError> {
    api::list_defects(&ctx, &DefectQuery::from_params(&Params(params)))
        .await
        .map(Json)
}

/// `{"to": "acknowledged"}` or `{"to": "resolved"}`.
async fn move_defect(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<DefectActionForm>,
) -> Result<Json<Defect>, AppError> {
    if form.to.trim() == TO_WORK_ORDER {
        return Err(AppError::field(
            "to",
            crate::error::FieldError::UnknownChoice,
        ));
    }
    api::act_on_defect(&ctx, id, &form).await.map(Json)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WorkOrderBody {
    priority: String,
}

/// `{"priority": "critical"}` (blank: high): a repair planned for today, linked to the defect.
async fn defect_work_order(
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<WorkOrderBody>,
) -> Result<(StatusCode, Json<Defect>), AppError> {
    let form = DefectActionForm {
        to: TO_WORK_ORDER.to_owned(),
        priority: body.priority,
    };
    api::act_on_defect(&ctx, id, &form)
        .await
        .map(|d| (StatusCode::CREATED, Json(d)))
}
