//! # vbp-savings-xlsx — the spreadsheet module
//!
//! A separate WebAssembly module so the page's first load stays light: it is loaded
//! only when a spreadsheet is opened or saved. It reads workbooks into sheets of text
//! cells (`readWorkbook`) and writes reports as .xlsx (`reportXlsx`, `programmeXlsx`,
//! `evaluationXlsx`);
//! every rule — header search, column mapping, pricing, sums — stays in the core module,
//! which takes the rows (`estimateRows`, `resultTableCatalog`, `matchReview`, `programme`).
//!
//! The bindings are thin: bytes in, the core's `import::xlsx` / `report_xlsx` functions,
//! JS values out; errors are `Error` objects with the core's stable `code` and a Chinese
//! `messageZh`.

use serde::Serialize;
use vbp_savings::estimate::programme::Programme;
use vbp_savings::estimate::Estimate;
use vbp_savings::evaluation::Evaluation;
use vbp_savings_interop::{invalid, to_js_error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS: &'static str = r#"
/** The stable error codes this module throws (a subset of the core module's `ErrorCode`). */
export type XlsxErrorCode = "empty_input" | "bad_workbook" | "too_large" | "invalid_input";

/** An error thrown by this module. */
export interface VbpXlsxError extends Error {
  code: XlsxErrorCode;
  messageZh: string;
}

/** One sheet as text cells. */
export interface Sheet {
  name: string;
  /**
   * `rows[i]` is spreadsheet row `i + 1`, `rows[i][j]` column `j + 1` (A = 1). Numbers
   * are the decimal text a person typed (1234.56 → "1234.56"; at most 15 significant
   * digits, as Excel keeps); dates "YYYY-MM-DD"; a merged cell's text fills its range.
   */
  rows: string[][];
  /** The row of a usage header (药品名称, 数量, 集采前单价 …) among the first rows; null when there is none. */
  header_row: number | null;
  /** Merged ranges, 1-based inclusive: [first_row, first_col, last_row, last_col]. */
  merged: [number, number, number, number][];
}

export interface Workbook {
  format: "xlsx" | "xls" | "xlsb" | "ods";
  sheets: Sheet[];
  /** The sheet to read by default: the first with a usage header, else the first with data. */
  default_sheet: number | null;
}

/**
 * Reads a workbook's bytes (.xlsx, .xlsm, .xls, .ods) into sheets of text cells. Hand a
 * sheet's `rows` to the core module (`estimateRows`, `resultTableCatalog`, `programme`).
 * Throws `bad_workbook` for bytes that are not a workbook, `empty_input`, `too_large`.
 */
export function readWorkbook(bytes: Uint8Array): Workbook;

/**
 * An estimate report from the core module (`estimate`, `estimateCsv`, `estimateRows`), as
 * it returned it: its `EstimateReport` type is assignable to this. Checked when read.
 */
export interface EstimateReportInput { schema: "vbp-savings/estimate@1" }
/** A programme report from the batches module (`programme`): its `ProgrammeReport` is assignable to this. */
export interface ProgrammeReportInput { schema: "vbp-savings/programme@1" }

/**
 * Writes an estimate report as an .xlsx workbook ("zh", the default, or "en"): summary,
 * lines, by drug, by category, rejected rows, the review list, formulas and assumptions.
 * Numbers are spreadsheet numbers with number formats (¥ to 2 dp, unit prices to 4 dp,
 * rates as %), not text.
 */
export function reportXlsx(report: EstimateReportInput, lang?: "zh" | "en"): Uint8Array;

/** Writes a programme report as an .xlsx workbook: per batch, cumulative, lines, rejected rows. */
export function programmeXlsx(report: ProgrammeReportInput, lang?: "zh" | "en"): Uint8Array;

/** An evaluation from the core module (`evaluate`): its `Evaluation` type is assignable to this. */
export interface EvaluationInput { schema: "vbp-savings/evaluation@1" }

/**
 * Writes an evaluation (监测与评价) as an .xlsx workbook: completion against 序时进度, the
 * months behind each completion, before and after per VBP drug (spend, quantity, DDDs, DDDc,
 * shares), the decomposition, rows not counted, formulas and assumptions. Numbers are
 * spreadsheet numbers (completion and shares as %, indices to 4 places).
 */
export function evaluationXlsx(evaluation: EvaluationInput, lang?: "zh" | "en"): Uint8Array;
"#;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            invalid(
                format!("could not build the result: {e}"),
                "无法生成结果".into(),
            )
        })
}

/// A report object read straight from JavaScript (decimals are strings there, so no number
/// passes through a double).
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        invalid(
            format!("not a {what}: {e}"),
            format!("不是{}：{e}", vbp_savings::values::cells::what_zh(what)),
        )
    })
}

/// Reads a workbook into sheets of text cells (typed in `TS`).
#[wasm_bindgen(js_name = readWorkbook, skip_typescript)]
pub fn read_workbook(bytes: JsValue) -> Result<JsValue, JsValue> {
    let bytes = vbp_savings_interop::bytes_arg(&bytes, "bytes")?;
    let book = vbp_savings::import::xlsx::read_workbook(&bytes).map_err(to_js_error)?;
    to_js(&book)
}

/// Writes an estimate report as .xlsx (typed in `TS`).
#[wasm_bindgen(js_name = reportXlsx, skip_typescript)]
pub fn report_xlsx(report: JsValue, lang: Option<JsValue>) -> Result<Vec<u8>, JsValue> {
    let e: Estimate = from_js(report, "estimate report")?;
    vbp_savings::report::xlsx::estimate_xlsx(&e, vbp_savings_interop::lang_arg(lang)?)
        .map_err(to_js_error)
}

/// Writes a programme report as .xlsx (typed in `TS`).
#[wasm_bindgen(js_name = programmeXlsx, skip_typescript)]
pub fn programme_xlsx(report: JsValue, lang: Option<JsValue>) -> Result<Vec<u8>, JsValue> {
    let p: Programme = from_js(report, "programme report")?;
    vbp_savings::report::xlsx::programme_xlsx(&p, vbp_savings_interop::lang_arg(lang)?)
        .map_err(to_js_error)
}

/// Writes an evaluation as .xlsx (typed in `TS`).
#[wasm_bindgen(js_name = evaluationXlsx, skip_typescript)]
pub fn evaluation_xlsx(evaluation: JsValue, lang: Option<JsValue>) -> Result<Vec<u8>, JsValue> {
    let e: Evaluation = from_js(evaluation, "evaluation report")?;
    vbp_savings::evaluation::xlsx::evaluation_xlsx(&e, vbp_savings_interop::lang_arg(lang)?)
        .map_err(to_js_error)
}

/// The package version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
