//! Checking options on their own, before any input: `validateOptions`.

use crate::{invalid, read_catalog_option, to_js_error};
use vbp_savings::options::{self, AnyOptions};
use vbp_savings::values::cells::Cell;
use wasm_bindgen::prelude::*;

/// `options.parts`: an array of cells, or absent.
fn parts(value: &JsValue) -> Result<Option<Vec<Cell>>, JsValue> {
    let v = vbp_savings_interop::field_value(value, "parts");
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    if !js_sys::Array::is_array(&v) {
        return Err(invalid(
            "parts must be an array".into(),
            "parts 必须是数组".into(),
        ));
    }
    js_sys::Array::from(&v)
        .iter()
        .map(|c| {
            vbp_savings_interop::cell_value(&c).map(Cell).map_err(|()| {
                invalid(
                    "parts must hold numbers".into(),
                    "parts 必须由数字组成".into(),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_OPTIONS: &'static str = r#"
/** Options of every command, each optional: only those given are checked. */
export interface AnyOptions extends EstimateOptions {
  /** 结余留用: a retention ratio (fraction) or a grade preset (A–D, Shenzhen 2024 draft). */
  retention_ratio?: DecimalString | number | null;
  grade?: string | null;
  /** Sensitivity: "savings" or "retained". */
  metric?: string | null;
  /** Agreed volume: the number of winning companies, the demand base, the ratio (fraction). */
  winners?: DecimalString | number | null;
  demand_base?: DecimalString | number | null;
  ratio?: DecimalString | number | null;
  /** Agreed volume: "half_up" | "down" | "up" | "none", and the parts of the demand base. */
  rounding?: string | null;
  parts?: (DecimalString | number)[] | null;
  /** Cycle tracking: the agreed volume and the months (YYYY-MM). */
  agreed_volume?: DecimalString | number | null;
  cycle_start?: string | null;
  cycle_end?: string | null;
  as_of?: string | null;
}
"#;

const KEYS: &[&str] = &[
    "catalog",
    "retention_ratio",
    "grade",
    "metric",
    "winners",
    "demand_base",
    "ratio",
    "rounding",
    "parts",
    "agreed_volume",
    "cycle_start",
    "cycle_end",
    "as_of",
];

/// Checks options before an input is read, with the rules the commands apply when they
/// run (an estimate cut in [0, 1], a catalog's ids and prices, a grade preset, a month …).
/// Throws the `VbpError` of the first refused, naming its option; unknown keys are refused.
#[wasm_bindgen(js_name = validateOptions)]
pub fn validate_options(
    #[wasm_bindgen(unchecked_param_type = "AnyOptions")] value: JsValue,
) -> Result<(), JsValue> {
    let estimate = vbp_savings_interop::read_options_with(&value, KEYS)?;
    let cell = |key: &'static str| -> Result<Cell, JsValue> {
        vbp_savings_interop::cell(&value, key)
            .map(Cell)
            .map_err(|field| {
                invalid(
                    format!("{field} must be a string or a number"),
                    format!("{field} 必须是字符串或数字"),
                )
            })
    };
    let text = |key: &'static str| cell(key).map(|c| c.0);
    let o = AnyOptions {
        estimate,
        catalog: read_catalog_option(&value)?,
        retention_ratio: cell("retention_ratio")?,
        grade: text("grade")?,
        metric: text("metric")?,
        winners: cell("winners")?,
        demand_base: cell("demand_base")?,
        ratio: cell("ratio")?,
        rounding: text("rounding")?,
        parts: parts(&value)?,
        agreed_volume: cell("agreed_volume")?,
        cycle_start: text("cycle_start")?,
        cycle_end: text("cycle_end")?,
        as_of: text("as_of")?,
    };
    options::validate(&o).map_err(to_js_error)
}
