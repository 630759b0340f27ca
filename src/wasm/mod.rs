//! JavaScript bindings (feature `wasm`). Thin wrappers over the core: they convert
//! values at the boundary and nothing else. Decimals cross as strings; a JS number
//! given for a quantity or price is read once through `Number.prototype.toString`
//! (the shortest text that round-trips, i.e. what a person typed). Errors reach JS
//! as `Error` objects with a stable `code` and a Chinese `messageZh`.
//!
//! One file per domain: [`estimate`] (estimates and reports), [`catalog`].

pub mod catalog;
pub mod estimate;

pub use catalog::catalog_js;
pub use estimate::{estimate, estimate_csv, format_report};

use crate::error::{Error, ErrorCode};
use crate::report;
use js_sys::{Array, Reflect};
use serde::Serialize;
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
  | "not_in_batch" | "no_vbp_price" | "unknown_batch" | "bad_value" | "unknown_pack_quantity"
  | "sheet_not_found" | "bad_workbook";

/** An error thrown by this package. */
export interface VbpError extends Error {
  code: ErrorCode;
  messageZh: string;
}
"#;

pub(crate) fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&format!("{}: {}", e.code, e.message));
    let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    let _ = Reflect::set(&err, &"messageZh".into(), &e.message_zh.into());
    err.into()
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| to_js_error(Error::new(ErrorCode::InvalidInput, format!("could not build the result: {e}"), "无法生成结果")))
}

pub(crate) fn invalid(en: String, zh: String) -> JsValue {
    to_js_error(Error::new(ErrorCode::InvalidInput, en, zh))
}

/// Reads one cell: string as is, number through `Number.prototype.toString`,
/// null/undefined as absent. Anything else is a row problem.
pub(crate) fn cell(obj: &JsValue, field: &'static str) -> Result<Option<String>, &'static str> {
    let v = Reflect::get(obj, &field.into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_null() || v.is_undefined() {
        Ok(None)
    } else if let Some(s) = v.as_string() {
        Ok(Some(s))
    } else if v.as_f64().is_some() {
        // The JS text of the number: no float arithmetic happens here.
        Ok(js_sys::Number::from(v).to_string_with_radix(10).ok().and_then(|s| s.as_string()))
    } else if v.is_bigint() {
        Ok(js_sys::BigInt::from(v).to_string(10).ok().and_then(|s| s.as_string()))
    } else {
        Err(field)
    }
}

/// Formats a fraction as a percentage for display, 2 decimals half away from
/// zero (`"0.845116"` → `"84.51%"`); `null`/empty gives `"—"`.
#[wasm_bindgen(js_name = formatPercent)]
pub fn format_percent(rate: Option<String>) -> Result<String, JsValue> {
    let d = match rate.as_deref() {
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
pub fn round_display(value: &str) -> Result<String, JsValue> {
    let d = crate::number::parse_decimal(value)
        .map_err(to_js_error)?
        .ok_or_else(|| invalid("empty value".into(), "值为空".into()))?;
    Ok(format!("{:.2}", crate::money::round_display(d)))
}
