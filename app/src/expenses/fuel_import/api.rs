//! Fuel-card import operations, shared by the server functions below and `rest.rs`.
//!
//! Everything here needs `ExpenseWrite`. A preview is the import itself, run in a transaction
//! that is then rolled back, so it refuses exactly the rows the import would: each row goes
//! through the add form's validation and the mileage rules, and is written, between marks
//! that let a refused row be taken back alone. The import commits only when no row was
//! refused, then saves the mapping as the tenant's template.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{FuelMapping, FuelPreview, StagedImport, StagedSummary};
use crate::error::AppError;
use crate::import::CsvForm;

#[cfg(feature = "ssr")]
pub use ops::*;

#[cfg(feature = "ssr")]
mod ops {
    use std::collections::HashMap;

    use uuid::Uuid;

    use super::super::db;
    use super::super::model::{
        FuelColumn, FuelImportRequest, FuelMapping, FuelPreview, FuelRow, ROW, ResolvedMapping,
        StagedImport, StagedSummary, on_columns,
    };
    use crate::audit::{self, AuditAction, AuditEntry};
    use crate::auth::Permission;
    use crate::auth::ctx::Ctx;
    use crate::error::{AppError, FieldError, FieldErrors};
    use crate::expenses::db as expenses;
    use crate::expenses::model::CostedExpense;
    use crate::expenses::record_expense;
    use crate::fleet::vehicles::{Vehicle, find_vehicle, today_in};
    use crate::import::{self, CsvForm, Row};
    use crate::input::local_datetime;
    use crate::tenant::db::TenantSettings;
    use crate::tenant::{self, TenantTx};

    /// How many kept statements the import page lists.
    const RECENT: i64 = 10;

    /// Keeps a pasted statement for its preview, mapped by the tenant's template (or the usual
    /// headers). It must have a header line and a row. Kept statements are a user's draft, not
    /// business data: nothing is audited until the import.
    pub async fn stage_fuel_import(ctx: &Ctx, form: &CsvForm) -> Result<Uuid, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let (headers, rows) = split_header(import::rows(&form.csv).await?);
        if rows.is_empty() {
            return Err(AppError::field("csv", FieldError::Required));
        }
        let mapping = FuelMapping::suggest(db::template(&mut tx).await?.as_ref(), &headers);
        let id = db::insert(
            &mut tx,
            &form.csv,
            i32::try_from(rows.len()).unwrap_or(i32::MAX),
            &mapping,
            ctx.user.user_id.0,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn recent_fuel_imports(ctx: &Ctx) -> Result<Vec<StagedSummary>, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        db::recent(&mut tx, RECENT).await
    }

    /// A kept statement with its preview; once imported, only what it wrote.
    pub async fn fuel_import(ctx: &Ctx, id: Uuid) -> Result<StagedImport, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let staged = db::get_for_update(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let preview = match staged.imported_at {
            Some(_) => FuelPreview {
                headers: split_header(import::rows(&staged.csv).await?).0,
                mapping: staged.mapping,
                written: staged.written.map_or(0, |w| w as usize),
                ..Default::default()
            },
            // Dropping the transaction afterwards takes the dry run back.
            None => run(ctx, &mut tx, &staged.csv, staged.mapping).await?,
        };
        Ok(StagedImport {
            id,
            created_at: staged.created_at,
            imported_at: staged.imported_at,
            preview,
        })
    }

    /// Maps a kept statement's columns anew.
    pub async fn map_fuel_import(
        ctx: &Ctx,
        id: Uuid,
        mapping: &FuelMapping,
    ) -> Result<(), AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let staged = db::get_for_update(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if staged.imported_at.is_some() {
            return Err(AppError::field("import", FieldError::AlreadyImported));
        }
        db::set_mapping(&mut tx, id, mapping).await?;
        tx.commit().await
    }

    /// Imports a kept statement, all or nothing and once: answers the preview, with `written`
    /// set when it was imported.
    pub async fn import_fuel_statement(ctx: &Ctx, id: Uuid) -> Result<FuelPreview, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let staged = db::get_for_update(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if staged.imported_at.is_some() {
            return Err(AppError::field("import", FieldError::AlreadyImported));
        }
        let preview = run(ctx, &mut tx, &staged.csv, staged.mapping).await?;
        if !preview.ready() {
            return Ok(preview);
        }
        db::mark_imported(
            &mut tx,
            id,
            i32::try_from(preview.written).unwrap_or(i32::MAX),
        )
        .await?;
        commit_import(ctx, tx, preview).await
    }

    /// The REST import: a statement sent whole, previewed (`dry_run`) or imported all or
    /// nothing, without keeping it.
    pub async fn import_fuel_csv(
        ctx: &Ctx,
        request: &FuelImportRequest,
    ) -> Result<FuelPreview, AppError> {
        let mut tx = ctx.authorize(Permission::ExpenseWrite).await?;
        let mapping = match &request.mapping {
            Some(mapping) => mapping.clone(),
            None => FuelMapping::suggest(
                db::template(&mut tx).await?.as_ref(),
                &split_header(import::rows(&request.csv).await?).0,
            ),
        };
        let preview = run(ctx, &mut tx, &request.csv, mapping).await?;
        if request.dry_run || !preview.ready() {
            return Ok(FuelPreview {
                written: 0,
                ..preview
            });
        }
        commit_import(ctx, tx, preview).await
    }

    /// Saves the mapping as the template, audits the import and commits.
    async fn commit_import(
        ctx: &Ctx,
        mut tx: TenantTx,
        preview: FuelPreview,
    ) -> Result<FuelPreview, AppError> {
        db::save_template(&mut tx, &preview.mapping, ctx.user.user_id.0).await?;
        let summary = serde_json::json!({ "fills": preview.written, "mapping": preview.mapping });
        let entry = AuditEntry::new(AuditAction::ExpenseImport, "tenant", tx.tenant_id().0)
            .diff(None::<()>, Some(&summary));
        audit::record(&mut tx, Some(ctx.user.user_id), &ctx.meta, entry).await?;
        tx.commit().await?;
        Ok(preview)
    }

    /// The statement's first row as its headers, and the rows under it.
    fn split_header(mut rows: Vec<Row>) -> (Vec<String>, Vec<Row>) {
        if rows.is_empty() {
            return (Vec::new(), rows);
        }
        let (_, headers) = rows.remove(0);
        (headers, rows)
    }

    /// Writes every row of the statement as a fuel expense in `tx`, in the order of their days
    /// (a statement may list the latest first), each between marks: a refused row is taken
    /// back and its errors kept. `written` counts the rows written.
    async fn run(
        ctx: &Ctx,
        tx: &mut TenantTx,
        csv: &str,
        mapping: FuelMapping,
    ) -> Result<FuelPreview, AppError> {
        let (headers, mut rows) = split_header(import::rows(csv).await?);
        let settings = tenant::db::settings(tx).await?;
        let mut preview = FuelPreview {
            currency: settings.currency.clone(),
            rows: rows.len(),
            ..Default::default()
        };
        let resolved = match mapping.resolve(&headers) {
            Ok(resolved) => resolved,
            Err(e) => {
                return Ok(FuelPreview {
                    headers,
                    mapping,
                    mapping_errors: e.field_errors(),
                    ..preview
                });
            }
        };
        rows.sort_by_key(|(line, cells)| (resolved.when(cells), *line));
        let mut fleet = Fleet {
            settings,
            vehicles: HashMap::new(),
        };
        let mut lines: Vec<FuelRow> = Vec::with_capacity(rows.len());
        for (line, cells) in &rows {
            tx.mark().await?;
            let (expense, errors) = match write_row(ctx, tx, &mut fleet, &resolved, cells).await? {
                Ok(expense) => {
                    tx.keep_since_mark().await?;
                    preview.written += 1;
                    (Some(expense), FieldErrors::new())
                }
                Err(errors) => {
                    tx.undo_to_mark().await?;
                    (None, errors)
                }
            };
            let cells = FuelColumn::ALL
                .into_iter()
                .map(|c| (c, resolved.cell(cells, c).to_owned()))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            lines.push(FuelRow {
                line: *line,
                cells,
                expense,
                errors,
            });
        }
        // Shown in the statement's order, whatever order they were written in.
        lines.sort_by_key(|r| r.line);
        lines.into_iter().for_each(|row| preview.push(row));
        Ok(FuelPreview {
            headers,
            mapping,
            ..preview
        })
    }

    /// The tenant's settings and the vehicles the statement's plates name, looked up once.
    struct Fleet {
        settings: TenantSettings,
        vehicles: HashMap<String, Option<Vehicle>>,
    }

    impl Fleet {
        async fn vehicle(
            &mut self,
            tx: &mut TenantTx,
            plate: &str,
        ) -> Result<Option<Vehicle>, AppError> {
            if let Some(found) = self.vehicles.get(plate) {
                return Ok(found.clone());
            }
            let found = find_vehicle(tx, &self.settings.country, plate).await?;
            self.vehicles.insert(plate.to_owned(), found.clone());
            Ok(found)
        }
    }

    /// One row as a fuel expense: the add form's checks, a plate of the fleet, not a fill
    /// recorded already (earlier in the statement too), then written like the add form's.
    /// A refused row answers its errors on the statement's columns (or `row`); anything else
    /// that fails stops the import.
    async fn write_row(
        ctx: &Ctx,
        tx: &mut TenantTx,
        fleet: &mut Fleet,
        mapping: &ResolvedMapping,
        cells: &[String],
    ) -> Result<Result<CostedExpense, FieldErrors>, AppError> {
        let only = |key: &str, code| Ok(Err(FieldErrors::from([(key.to_owned(), vec![code])])));
        let fill = match mapping.fill(cells) {
            Ok(fill) => fill,
            Err(errors) => return Ok(Err(errors)),
        };
        let input = match fill.form.validate(
            today_in(&fleet.settings.time_zone),
            &fleet.settings.currency,
        ) {
            Ok(input) => input,
            Err(e) => return refused(e),
        };
        let Some(vehicle) = fleet.vehicle(tx, &input.vehicle).await? else {
            return only(FuelColumn::Plate.key(), FieldError::UnknownPlate);
        };
        let fuel = input.fuel.as_ref().ok_or(AppError::Internal)?;
        if expenses::fill_recorded(
            tx,
            vehicle.id.0,
            input.spent_on,
            fuel.quantity,
            input.amount,
        )
        .await?
        {
            return only(ROW, FieldError::AlreadyRecorded);
        }
        let read_at = match fill.time.map(|time| {
            local_datetime(
                &format!("{}T{}", fill.day, time.format("%H:%M:%S")),
                &fleet.settings.time_zone,
            )
        }) {
            Some(Err(e)) => return only(FuelColumn::Date.key(), e),
            Some(Ok(at)) => Some(at),
            None => None,
        };
        match record_expense(ctx, tx, &fleet.settings, &vehicle, &input, read_at).await {
            Ok(expense) => Ok(Ok(expense)),
            Err(e) => refused(e),
        }
    }

    /// A refusal of the row's input as the row's errors, on the statement's columns; any other
    /// failure as itself.
    fn refused(e: AppError) -> Result<Result<CostedExpense, FieldErrors>, AppError> {
        match e.field_errors() {
            fields if fields.is_empty() => Err(e),
            fields => Ok(Err(on_columns(fields))),
        }
    }
}

#[cfg(feature = "ssr")]
fn ctx() -> Result<crate::auth::ctx::Ctx, AppError> {
    crate::auth::ctx::Ctx::from_context()
}

#[cfg(feature = "ssr")]
use crate::ui::form::finish;

/// The paste form: keeps the statement and opens its preview.
#[server(prefix = "/fn", endpoint = "expenses/fuel-import/stage")]
pub async fn stage_fuel_import_fn(form: CsvForm) -> Result<Uuid, AppError> {
    let result = stage_fuel_import(&ctx()?, &form).await;
    let to = result
        .as_ref()
        .ok()
        .map(|id| format!("{}/{id}", super::PATH));
    finish(result, to.as_deref())
}

#[server(prefix = "/fn", endpoint = "expenses/fuel-import/recent")]
pub async fn recent_fuel_imports_fn() -> Result<Vec<StagedSummary>, AppError> {
    finish(recent_fuel_imports(&ctx()?).await, None)
}

#[server(prefix = "/fn", endpoint = "expenses/fuel-import/get")]
pub async fn fuel_import_fn(id: Uuid) -> Result<StagedImport, AppError> {
    finish(fuel_import(&ctx()?, id).await, None)
}

/// The mapping form; a plain post goes back to the preview.
#[server(prefix = "/fn", endpoint = "expenses/fuel-import/map")]
pub async fn map_fuel_import_fn(id: Uuid, mapping: FuelMapping) -> Result<(), AppError> {
    finish(map_fuel_import(&ctx()?, id, &mapping).await, None)
}

/// The import button; a plain post goes back to the statement, imported or with its refusals.
#[server(prefix = "/fn", endpoint = "expenses/fuel-import/import")]
pub async fn import_fuel_statement_fn(id: Uuid) -> Result<FuelPreview, AppError> {
    finish(import_fuel_statement(&ctx()?, id).await, None)
}
