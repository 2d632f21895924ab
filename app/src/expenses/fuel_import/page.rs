//! `/expenses/fuel-import`: paste a fuel-card statement (and see the latest ones pasted);
//! `/expenses/fuel-import/{id}`: map its columns, preview every row as the expense it makes or
//! what is wrong with it, and import it, all or nothing.

use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

use super::model::{
    FuelColumn, FuelPreview, FuelRow, ROW, SHOWN_ROWS, StagedImport, StagedSummary,
};
use super::{
    ImportFuelStatementFn, MapFuelImportFn, PATH, StageFuelImportFn, fuel_import_fn,
    recent_fuel_imports_fn,
};
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::import::problems;
use crate::ui::form::{FieldErrors, FormError, use_form_error};
use crate::ui::{for_id, format, id_param};

/// The paste form and the latest statements.
#[component]
pub fn FuelImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let stage = ServerAction::<StageFuelImportFn>::new();
    let error = use_form_error(stage);
    let recent = Resource::new(|| (), |_| recent_fuel_imports_fn());
    view! {
        <Title text=t_string!(i18n, expenses.fuel_import.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, expenses.fuel_import.title)}</h1>
            <a class="button ghost" href="/expenses">{t!(i18n, expenses.title)}</a>
        </div>
        <section class="card">
            <ActionForm action=stage attr:class="form" attr:data-testid="statement-form">
                <FormError error />
                <label class="field" data-field="csv">
                    <span>{t!(i18n, expenses.fuel_import.csv)}</span>
                    <textarea name="form[csv]" rows="10" class="mono" required data-testid="statement-csv"
                        placeholder="Date;Plate;Station;Litres;Price;Amount\n30.11.2026 08:15;123ABC02;Helios;45,2;245;11074"></textarea>
                    <small class="hint">{t!(i18n, expenses.fuel_import.csv_hint)}</small>
                    <FieldErrors error field="csv" />
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="statement-preview">{t!(i18n, expenses.fuel_import.preview)}</button>
                </div>
            </ActionForm>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match recent.await {
                    Ok(list) => view! { <RecentStatements list /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RecentStatements(list: Vec<StagedSummary>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        if list.is_empty() {
            return view! { <section class="card empty-state" data-testid="statements"><p>{td_string!(l, expenses.fuel_import.none_yet)}</p></section> }.into_any();
        }
        let rows = list
            .iter()
            .map(|s| {
                let status = match (s.imported_at, s.written) {
                    (Some(_), Some(written)) => format!("{} {}", td_string!(l, expenses.fuel_import.imported), format::number(l, written.into())),
                    _ => td_string!(l, expenses.fuel_import.pending).to_owned(),
                };
                view! {
                    <tr data-testid="statement-row" data-id=s.id.to_string()>
                        <td class="nowrap"><a href=format!("{PATH}/{}", s.id)>{format::date(l, s.created_at.date_naive())}</a></td>
                        <td>{s.created_by_name.clone()}</td>
                        <td class="num">{format::number(l, s.rows.into())}</td>
                        <td>{status}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="statements">
                <h2>{td_string!(l, expenses.fuel_import.recent)}</h2>
                <div class="table-wrap">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{td_string!(l, expenses.fuel_import.pasted)}</th>
                                <th scope="col">{td_string!(l, expenses.fuel_import.by)}</th>
                                <th scope="col" class="num">{td_string!(l, expenses.fuel_import.rows)}</th>
                                <th scope="col">{td_string!(l, expenses.fuel_import.status)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any()
    }
}

/// One statement: its mapping, its preview and the import button; once imported, what it wrote.
#[component]
pub fn FuelImportPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let map = ServerAction::<MapFuelImportFn>::new();
    let import = ServerAction::<ImportFuelStatementFn>::new();
    let map_error = use_form_error(map);
    let import_error = use_form_error(import);
    let staged = Resource::new(
        move || (id.get(), map.version().get(), import.version().get()),
        |(id, ..)| for_id(id, fuel_import_fn),
    );
    view! {
        <Title text=t_string!(i18n, expenses.fuel_import.title).to_string() />
        <div class="page-header">
            <h1>{t!(i18n, expenses.fuel_import.title)}</h1>
            <a class="button ghost" href=PATH data-testid="statements-link">{t!(i18n, expenses.fuel_import.recent)}</a>
        </div>
        <FormError error=import_error />
        // A second import of the same statement (another tab, a double click) says so.
        <FieldErrors error=import_error field="import" />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match staged.await {
                    Ok(StagedImport { imported_at: Some(_), preview, .. }) => view! { <Imported preview /> }.into_any(),
                    Ok(StagedImport { id, preview, .. }) => view! {
                        <Mapping id preview=preview.clone() action=map error=map_error />
                        <Preview id preview action=import />
                    }
                    .into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e)) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Imported(preview: FuelPreview) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        view! {
            <p class="notice" role="status" data-testid="statement-imported">
                {td_string!(l, expenses.fuel_import.imported)} " " <strong>{format::number(l, preview.written as i64)}</strong> " · "
                <a href="/expenses?category=fuel">{td_string!(l, expenses.title)}</a>
            </p>
        }
    }
}

/// The column of each field, from the statement's headers, and how days and full tanks read.
#[component]
fn Mapping(
    id: Uuid,
    preview: FuelPreview,
    action: ServerAction<MapFuelImportFn>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mapping = preview.mapping.clone();
    // The errors of the mapping as it stands, or of the mapping just sent.
    let standing = preview.mapping_errors.clone();
    let errors = Signal::derive(move || {
        error.get().or_else(|| {
            (!standing.is_empty()).then(|| AppError::Invalid {
                fields: standing.clone(),
            })
        })
    });
    move || {
        let l = i18n.get_locale();
        let selects = FuelColumn::ALL
            .into_iter()
            .map(|column| {
                let chosen = mapping.columns.get(&column).cloned().unwrap_or_default();
                let options = preview
                    .headers
                    .iter()
                    .map(|h| view! { <option value=h.clone() selected=*h == chosen>{h.clone()}</option> })
                    .collect_view();
                view! {
                    <label class="field" data-field=column.key()>
                        <span>{column_label(l, column)} {column.required().then_some(" *")}</span>
                        <select name=format!("mapping[columns][{}]", column.key()) data-testid=format!("map-{}", column.key())>
                            <option value="" selected=chosen.is_empty()>"—"</option>
                            {options}
                        </select>
                        <FieldErrors error=errors field=column.key() />
                    </label>
                }
            })
            .collect_view();
        let (month_first, full_by_default) =
            (mapping.is_month_first(), mapping.fills_up_by_default());
        view! {
            <section class="card" data-testid="statement-mapping">
                <h2>{td_string!(l, expenses.fuel_import.mapping)}</h2>
                <p class="muted">{td_string!(l, expenses.fuel_import.mapping_hint)}</p>
                <ActionForm action attr:class="form" attr:data-testid="mapping-form">
                    <FormError error />
                    <input type="hidden" name="id" value=id.to_string() />
                    <div class="form-grid">{selects}</div>
                    <label class="checkbox">
                        <input type="checkbox" name="mapping[month_first]" value="on" checked=month_first data-testid="month-first" />
                        <span>{td_string!(l, expenses.fuel_import.month_first)}</span>
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name="mapping[full_by_default]" value="on" checked=full_by_default data-testid="full-by-default" />
                        <span>{td_string!(l, expenses.fuel_import.full_by_default)}</span>
                    </label>
                    <div class="form-actions">
                        <button type="submit" class="button" data-testid="apply-mapping">{td_string!(l, expenses.fuel_import.apply)}</button>
                    </div>
                </ActionForm>
            </section>
        }
    }
}

/// The counts, the import button (only when every row can be imported) and the rows worth
/// showing: the refused ones, else the first few as the expenses they make.
#[component]
fn Preview(
    id: Uuid,
    preview: FuelPreview,
    action: ServerAction<ImportFuelStatementFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let ready = preview.ready();
        let header = |column| {
            preview
                .mapping
                .columns
                .get(&column)
                .cloned()
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| column_label(l, column).to_owned())
        };
        let label = |key: &str| match FuelColumn::ALL.into_iter().find(|c| c.key() == key) {
            Some(column) => header(column),
            None if key == ROW => String::new(),
            None => key.to_owned(),
        };
        let rows = preview.shown.iter().map(|row| view! { <PreviewRow row=row.clone() problems=problems(l, &row.errors, label) reporting=preview.currency.clone() /> }).collect_view();
        let more = (ready && preview.rows > SHOWN_ROWS).then(
            || view! { <p class="muted">{td_string!(l, expenses.fuel_import.first_rows)}</p> },
        );
        let verdict = if ready {
            view! { <p class="notice" role="status" data-testid="statement-ready">{td_string!(l, expenses.fuel_import.ready)}</p> }.into_any()
        } else if preview.mapping_errors.is_empty() {
            view! { <p class="notice" data-status="warning" role="alert" data-testid="statement-refused">{td_string!(l, common.import.nothing_imported)}</p> }.into_any()
        } else {
            ().into_any()
        };
        view! {
            <section class="card" data-testid="statement-preview-rows">
                <dl class="figures">
                    <div><dt>{td_string!(l, expenses.fuel_import.rows)}</dt><dd data-testid="statement-rows">{format::number(l, preview.rows as i64)}</dd></div>
                    <div><dt>{td_string!(l, expenses.fuel_import.refused)}</dt><dd data-testid="statement-refused-count">{format::number(l, preview.refused as i64)}</dd></div>
                </dl>
                {verdict}
                <ActionForm action attr:class="form-inline">
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="button primary" disabled=!ready data-testid="statement-import">{td_string!(l, expenses.fuel_import.import)}</button>
                </ActionForm>
                {(!preview.shown.is_empty()).then(|| view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col" class="num">{td_string!(l, common.import.line)}</th>
                                    <th scope="col">{header(FuelColumn::Plate)}</th>
                                    <th scope="col">{header(FuelColumn::Date)}</th>
                                    <th scope="col" class="num">{header(FuelColumn::Quantity)}</th>
                                    <th scope="col" class="num">{td_string!(l, expenses.amount)}</th>
                                    <th scope="col" class="num">{td_string!(l, expenses.converted)}</th>
                                    <th scope="col" class="num">{td_string!(l, expenses.odometer)}</th>
                                    <th scope="col">{td_string!(l, common.import.problem)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                })}
                {more}
            </section>
        }
    }
}

/// A refused row shows its cells as written; a good one the expense it makes.
#[component]
fn PreviewRow(row: FuelRow, problems: String, reporting: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let l = i18n.get_locale();
        let cell = |column| row.cells.get(&column).cloned().unwrap_or_default();
        let refused = !row.errors.is_empty();
        let cells = match &row.expense {
            Some(c) => {
                let e = &c.expense;
                let converted = match c.converted {
                    Some(amount) => format::money(l, amount, &reporting),
                    None => td_string!(l, expenses.no_rate).to_owned(),
                };
                view! {
                    <td>{e.plate.clone()}</td>
                    <td class="nowrap">{format::date(l, e.spent_on)}</td>
                    <td class="num">{e.fuel_quantity.map(|q| format::decimal(l, q))}</td>
                    <td class="num">{format::money(l, e.amount, &e.currency)}</td>
                    <td class="num" data-testid="row-converted">{converted}</td>
                    <td class="num">{e.odometer_km.map(|km| format::number(l, km))}</td>
                }
                .into_any()
            }
            None => view! {
                <td>{cell(FuelColumn::Plate)}</td>
                <td class="nowrap">{cell(FuelColumn::Date)}</td>
                <td class="num">{cell(FuelColumn::Quantity)}</td>
                <td class="num">{cell(FuelColumn::Amount)} " " {cell(FuelColumn::Currency)}</td>
                <td></td>
                <td class="num">{cell(FuelColumn::Odometer)}</td>
            }
            .into_any(),
        };
        view! {
            <tr data-testid="statement-line" data-line=row.line.to_string() data-refused=refused.to_string()>
                <td class="num">{row.line}</td>
                {cells}
                <td>
                    {problems.clone()}
                    {row.expense.as_ref().filter(|c| c.expense.over_tank).map(|_| view! { <span class="badge" data-status="warning" data-testid="over-tank">{td_string!(l, expenses.over_tank)}</span> })}
                </td>
            </tr>
        }
    }
}

/// A column as the add form names its field.
fn column_label(l: Locale, column: FuelColumn) -> &'static str {
    match column {
        FuelColumn::Plate => td_string!(l, vehicles.fields.plate),
        FuelColumn::Date => td_string!(l, expenses.spent_on),
        FuelColumn::Quantity => td_string!(l, expenses.fuel_quantity),
        FuelColumn::Amount => td_string!(l, expenses.amount),
        FuelColumn::UnitPrice => td_string!(l, expenses.fuel_unit_price),
        FuelColumn::Currency => td_string!(l, expenses.currency),
        FuelColumn::Odometer => td_string!(l, expenses.odometer),
        FuelColumn::Vendor => td_string!(l, expenses.vendor),
        FuelColumn::FullTank => td_string!(l, expenses.full_tank),
    }
}
