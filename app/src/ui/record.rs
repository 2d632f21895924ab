//! Pages about one record (`/vehicles/{id}`, `/drivers/{id}/edit`): reading its id from the address.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::error::AppError;

/// The `:id` of the address, if it is a well-formed id.
pub fn id_param() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse().ok())))
}

/// Calls `fetch` with the address's id; an id that does not parse is simply not found.
pub async fn for_id<T, F: Future<Output = Result<T, AppError>>>(
    id: Option<Uuid>,
    fetch: impl FnOnce(Uuid) -> F,
) -> Result<T, AppError> {
    match id {
        Some(id) => fetch(id).await,
        None => Err(AppError::NotFound),
    }
}
