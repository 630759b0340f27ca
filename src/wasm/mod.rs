//! The core module's JavaScript bindings (feature `wasm`). Thin wrappers over the core:
//! they convert values at the boundary and nothing else. Decimals cross as strings; a JS
//! number given for a quantity or price is read once through `Number.prototype.toString`
//! (the shortest text that round-trips, i.e. what a person typed). Errors reach JS as
//! `Error` objects with a stable `code` and a Chinese `messageZh` ([`crate::js`]).
//!
//! One file per domain: [`estimate`] (estimates and reports), [`catalog`],
//! [`search`] (catalog search), [`export`] (CSV, chart data, scenario comparison),
//! [`rows`] (sheets of cells, match review), [`stream`] (chunked CSV import), [`evaluation`]
//! (monitoring and evaluation from purchase records).
//! Supply scenarios, agreed volumes, cycle tracking, 结余留用 and sensitivity are the plan
//! module's (`crates/plan`, loaded by the page when the supply tab is first shown); the
//! programme across batches 1–11 and result tables are the batches module's
//! (`crates/batches`, loaded with the 多批次总览 tab or a result table).

pub mod catalog;
pub mod estimate;
pub mod evaluation;
pub mod export;
pub mod rows;
pub mod search;
pub mod stream;

pub use catalog::catalog_js;
pub use estimate::{estimate, estimate_csv, format_report};
pub use evaluation::{check_evaluate_options, evaluate, evaluation_csv, format_evaluation};
pub use rows::{estimate_rows, match_review, read_csv};

pub(crate) use crate::js::{estimate_report, invalid, read_catalog_option, read_options, read_rows, to_js, to_js_error, use_host_decoders};
use crate::error::ErrorCode;
use crate::report;
use js_sys::Array;
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
pub fn format_percent(#[wasm_bindgen(unchecked_param_type = "string | null")] rate: Option<JsValue>) -> Result<String, JsValue> {
    let text = match rate {
        Some(v) => crate::js::opt_text_arg(&v, "rate")?,
        None => None,
    };
    let d = match text.as_deref() {
        Some(s) => crate::number::parse_decimal(s).map_err(to_js_error)?,
        None => None,
    };
    Ok(report::format_percent(d))
}

/// Every stable error code.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> JsValue {
    ErrorCode::ALL.iter().map(|c| JsValue::from_str(c.as_str())).collect::<Array>().into()
}

/// The package version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Rounds an exact decimal string for display: 2 decimal places, half away from
/// zero (四舍五入), e.g. `"2.345"` → `"2.35"`. The one rounding rule, shared with the page.
#[wasm_bindgen(js_name = roundDisplay)]
pub fn round_display(#[wasm_bindgen(unchecked_param_type = "string")] value: JsValue) -> Result<String, JsValue> {
    let d = crate::number::parse_decimal(&crate::js::text_arg(&value, "value")?)
        .map_err(to_js_error)?
        .ok_or_else(|| invalid("empty value".into(), "值为空".into()))?;
    Ok(format!("{:.2}", crate::money::round_display(d)))
}
