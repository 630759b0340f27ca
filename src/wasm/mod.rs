//! The core module's JavaScript bindings (feature `wasm`). Thin wrappers over the core:
//! they convert values at the boundary and nothing else. Decimals cross as strings; a JS
//! number given for a quantity or price is read once through `Number.prototype.toString`
//! (the shortest text that round-trips, i.e. what a person typed). Errors reach JS as
//! `Error` objects with a stable `code` and a Chinese `messageZh` ([`crate::js`]).
//!
//! One file per domain: [`estimate`] (estimates and reports), [`catalog`],
//! [`search`] (catalog search), [`export`] (CSV, chart data, scenario comparison),
//! [`rows`] (sheets of cells, match review), [`stream`] (chunked CSV import),
//! [`programme`] (batches 1–11), [`result_table`] (catalogs from result tables).
//! Supply scenarios, agreed volumes, cycle tracking, 结余留用 and sensitivity are the plan
//! module's (`crates/plan`, loaded by the page when the supply tab is first shown).

pub mod catalog;
pub mod estimate;
pub mod export;
pub mod programme;
pub mod result_table;
pub mod rows;
pub mod search;
pub mod stream;

pub use catalog::catalog_js;
pub use estimate::{estimate, estimate_csv, format_report};
pub use programme::{batches_js, format_programme, programme};
pub use result_table::{check_catalog, result_table_catalog, result_table_catalog_csv};
pub use rows::{estimate_rows, match_review, read_csv};

pub(crate) use crate::js::{invalid, to_js, to_js_error, use_host_decoders};
use crate::error::ErrorCode;
use crate::report;
use js_sys::{Array, Reflect};
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
  | "unknown_batch" | "bad_value" | "unknown_pack_quantity" | "sheet_not_found" | "bad_workbook";

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

/// Reads one cell: string as is, number through `Number.prototype.toString`,
/// null/undefined as absent. Anything else is a row problem.
pub(crate) fn cell(obj: &JsValue, field: &'static str) -> Result<Option<String>, &'static str> {
    // field names are interned: the key crosses to JS once, not once per line
    let v = Reflect::get(obj, &JsValue::from_str(wasm_bindgen::intern(field))).unwrap_or(JsValue::UNDEFINED);
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

/// A JS value read through `JSON.stringify` into a serde type (decimals as strings).
pub(crate) fn from_js_json<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let json = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| invalid(format!("{what} is not a JSON value"), format!("{what} 不是 JSON 值")))?;
    serde_json::from_str(&json).map_err(|e| invalid(format!("{what} has the wrong form: {e}"), format!("{what} 格式不对：{e}")))
}

/// Reads `options.catalog` (a catalog object), checked; `None` when absent.
pub(crate) fn read_catalog_option(options: &JsValue) -> Result<Option<crate::catalog::Catalog>, JsValue> {
    if !options.is_object() {
        return Ok(None);
    }
    let v = Reflect::get(options, &"catalog".into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    let c: crate::catalog::Catalog = from_js_json(&v, "catalog")?;
    crate::result_table::check_catalog(&c).map_err(to_js_error)?;
    Ok(Some(c))
}

/// Reads an overrides object `{ "12": "t3#1" }` (line → product).
pub(crate) fn read_overrides(v: &JsValue) -> Result<std::collections::BTreeMap<u64, String>, JsValue> {
    let mut out = std::collections::BTreeMap::new();
    if v.is_null() || v.is_undefined() {
        return Ok(out);
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(invalid("overrides must be an object { line: product }".into(), "overrides 必须是对象 { 行号: 产品 }".into()));
    }
    for entry in js_sys::Object::entries(&js_sys::Object::from(v.clone())).iter() {
        let pair = Array::from(&entry);
        let key = pair.get(0).as_string().unwrap_or_default();
        let line: u64 = key.trim().parse().map_err(|_| invalid(format!("overrides: '{key}' is not a line number"), format!("overrides：“{key}”不是行号")))?;
        let product = pair
            .get(1)
            .as_string()
            .ok_or_else(|| invalid(format!("overrides: the value for line {line} must be a string"), format!("overrides：第{line}行的值必须是字符串")))?;
        out.insert(line, product);
    }
    Ok(out)
}

/// A string as is, or a number through `Number#toString` (the decimal a person typed); else `None`.
pub(crate) fn js_text(v: &JsValue) -> Option<String> {
    if let Some(s) = v.as_string() {
        Some(s)
    } else if v.as_f64().is_some() {
        js_sys::Number::from(v.clone()).to_string_with_radix(10).ok().and_then(|s| s.as_string())
    } else {
        None
    }
}

/// Reads rows of cells (`CellValue[][]`): text as is, numbers through `Number#toString`,
/// booleans as TRUE/FALSE, null/undefined as empty.
pub(crate) fn read_rows(value: &JsValue) -> Result<Vec<Vec<String>>, JsValue> {
    if !Array::is_array(value) {
        return Err(invalid("rows must be an array of arrays of cells".into(), "rows 必须是由单元格数组组成的数组".into()));
    }
    let mut out = Vec::new();
    for (i, row) in Array::from(value).iter().enumerate() {
        if row.is_null() || row.is_undefined() {
            out.push(Vec::new());
            continue;
        }
        if !Array::is_array(&row) {
            return Err(invalid(format!("row {} is not an array of cells", i + 1), format!("第{}行不是单元格数组", i + 1)));
        }
        let cells = Array::from(&row)
            .iter()
            .map(|v| {
                if let Some(b) = v.as_bool() {
                    if b { "TRUE" } else { "FALSE" }.to_string()
                } else {
                    // text as is; a number as its JS text (no float arithmetic happens here)
                    js_text(&v).unwrap_or_default()
                }
            })
            .collect();
        out.push(cells);
    }
    Ok(out)
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
