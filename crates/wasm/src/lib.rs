//! # vbp-savings-wasm — the engine's JavaScript bindings
//!
//! The one WebAssembly engine module (`vbp_savings_bg.wasm`) the page, the CLI and the npm
//! package load, for Node and browsers alike. Like `ywasm` to `yrs`: every function here
//! converts its arguments, makes one call into the core crate (`vbp_savings`, which knows
//! nothing of JavaScript) and converts the result. Decimals cross as strings; a JS number
//! given for a quantity or price is read once through `Number.prototype.toString` (the
//! shortest text that round-trips, i.e. what a person typed). Errors reach JS as `Error`
//! objects with a stable `code` and a Chinese `messageZh` (`vbp_savings_interop`). The doc
//! comments here become the package's `.d.ts`.
//!
//! One file per part of the core, named `<part>_api.rs`:
//! estimates and reports ([`estimate_api`], [`rows_api`]: sheets of cells and match review,
//! [`stream_api`]: chunked CSV import, [`session_api`]: an estimate kept up to date as lines are edited, [`export_api`]: CSV, chart data, comparison), the
//! catalog ([`catalog_api`], [`search_api`]), planning ([`supply_api`]: 一省双供 scenarios,
//! [`volume_api`]: agreed volumes and the batch's rules, [`cycle_api`], [`retention_api`]:
//! 结余留用, [`sensitivity_api`], [`plan_api`]: a configuration's sections), and beyond one
//! batch ([`programme_api`]: batches 1–11, [`result_table_api`]: 中选结果表 → catalogs), and
//! monitoring and evaluation from purchase records ([`evaluation_api`]).
//! Spreadsheets are the separate `vbp-savings-xlsx` module, loaded only when a workbook is
//! opened or saved.

pub mod catalog_api;
pub mod cycle_api;
pub mod estimate_api;
pub mod evaluation_api;
pub mod export_api;
pub mod options_api;
pub mod plan_api;
pub mod programme_api;
pub mod result_table_api;
pub mod retention_api;
pub mod rows_api;
pub mod search_api;
pub mod sensitivity_api;
pub mod session_api;
pub mod stream_api;
pub mod supply_api;
pub mod volume_api;

pub use catalog_api::{batch_facts_js, catalog_js};
pub use estimate_api::{estimate, estimate_csv, format_report};
pub use evaluation_api::{check_evaluate_options, evaluate, evaluation_csv, format_evaluation};
pub use programme_api::{batches_js, format_programme, programme};
pub use result_table_api::{check_catalog, result_table_catalog, result_table_catalog_csv};
pub use rows_api::{estimate_rows, match_review, read_csv, read_lines};

use js_sys::Array;
pub(crate) use vbp_savings::error::ErrorCode;
use vbp_savings::report::text as report;
pub(crate) use vbp_savings_interop::{
    estimate_report, invalid, read_catalog_option, read_options, read_rows, to_js, to_js_error,
    use_host_decoders,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &'static str = r#"
/** An exact decimal number as a string, e.g. "8100" or "0.999". Never rounded. */
export type DecimalString = string;

export type ErrorCode =
  | "empty_input" | "encoding" | "no_header" | "missing_column" | "duplicate_column"
  | "invalid_input" | "too_large" | "catalog_data" | "missing_drug" | "missing_quantity"
  | "missing_baseline_price" | "bad_number" | "negative_price" | "zero_baseline_price"
  | "precision" | "overflow" | "division_by_zero" | "unterminated_quote" | "summary_row"
  | "not_in_batch" | "out_of_range" | "bad_month" | "missing_price" | "no_vbp_price"
  | "unknown_batch" | "bad_value" | "unknown_pack_quantity" | "sheet_not_found" | "bad_workbook"
  | "missing_amount";

/** Drug (药品) or high-value consumable (高值医用耗材). */
export type ItemKind = "drug" | "consumable";

/** A cell handed over from a sheet: text, or a number (read through Number#toString). */
export type CellValue = string | number | boolean | null | undefined;

/** An error thrown by this package. */
export interface VbpError extends Error {
  code: ErrorCode;
  messageZh: string;
}
"#;

/// Formats a fraction as a percentage for display, 2 decimals half away from
/// zero (`"0.845116"` → `"84.51%"`); `null`/empty gives `"—"`.
#[wasm_bindgen(js_name = formatPercent)]
pub fn format_percent(
    #[wasm_bindgen(unchecked_param_type = "string | null")] rate: Option<JsValue>,
) -> Result<String, JsValue> {
    let text = match rate {
        Some(v) => vbp_savings_interop::opt_text_arg(&v, "rate")?,
        None => None,
    };
    let d = match text.as_deref() {
        Some(s) => vbp_savings::values::number::parse_decimal(s).map_err(to_js_error)?,
        None => None,
    };
    Ok(report::format_percent(d))
}

/// Every stable error code.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> JsValue {
    ErrorCode::ALL
        .iter()
        .map(|c| JsValue::from_str(c.as_str()))
        .collect::<Array>()
        .into()
}

/// The package version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Rounds an exact decimal string for display: 2 decimal places, half away from
/// zero (四舍五入), e.g. `"2.345"` → `"2.35"`. The one rounding rule, shared with the page.
#[wasm_bindgen(js_name = roundDisplay)]
pub fn round_display(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> Result<String, JsValue> {
    let d = vbp_savings::values::number::parse_decimal(&vbp_savings_interop::text_arg(
        &value, "value",
    )?)
    .map_err(to_js_error)?
    .ok_or_else(|| invalid("empty value".into(), "值为空".into()))?;
    Ok(format!(
        "{:.2}",
        vbp_savings::values::money::round_display(d)
    ))
}
