//! Monitoring and evaluation (监测与评价) from purchase records: one call to the core's
//! [`vbp_savings::evaluation::evaluate`] with the tables as bytes or rows, and the document's
//! text and CSV forms. Converts, calls once, converts back.

use crate::{invalid, to_js, to_js_error};
use vbp_savings::evaluation::{self, EvaluateOptions, Evaluation, Table};
use vbp_savings_interop::{field_value, from_js_json, known_keys, lang_arg, read_rows};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_EVALUATION: &'static str = r#"
/** A calendar month, "YYYY-MM". */
export type MonthText = string;

/** A table: CSV file bytes (UTF-8, UTF-16 or GB18030/GBK) or rows of cells (a sheet). */
export type TableInput = Uint8Array | CellValue[][];

/** A defined daily dose the user gives for a drug (e.g. from the WHO ATC/DDD index). */
export interface DddInput {
  drug: string;
  /** One dose with its unit: "10mg", "0.5 g". */
  ddd: string;
  source?: string | null;
}

export interface EvaluateInput {
  /**
   * Purchase records, one row per product per month (or per order): month/月份 (YYYY-MM or a
   * date), drug/药品名称, manufacturer/生产企业, quantity/数量 (negative = return), amount/金额;
   * optional ddds/DDD数 or ddd_per_unit/每单位DDD数, role/类别 (winning/中选, non_winning/非中选,
   * alternative/替代), group/对应集采品种, specification/规格, unit/单位.
   */
  purchases: TableInput;
  /** Agreed volumes: drug, manufacturer?, agreed_volume/约定采购量, cycle_start/周期开始, cycle_end/周期结束 (YYYY-MM), specification?, unit?. */
  agreed?: TableInput | null;
  /** The period before, "YYYY-MM:YYYY-MM". */
  pre?: string | null;
  /** The period after, "YYYY-MM:YYYY-MM". */
  post?: string | null;
  /** The last complete month counted for completion (default: the last month in the data). */
  as_of?: MonthText | null;
  /** DDDs per drug, for rows without a DDD column (the strength is read from the specification). */
  ddd?: DddInput[];
  /** Drug → the VBP drug it is an alternative to, for rows without a group column. */
  groups?: Record<string, string>;
}

export interface EvaluationPeriod {
  start: MonthText;
  end: MonthText;
  months: number;
}

/** What a group (or all groups) bought in a period. Quotients: 12 places, null when the divisor is zero. */
export interface EvaluationPeriodMetrics {
  rows: number;
  spend: DecimalString;
  /** In the smallest unit; null when a per-box row's pack is unknown. */
  quantity: DecimalString | null;
  /** Null when a row has no DDDs. */
  ddds: DecimalString | null;
  dddc: DecimalString | null;
  winning_share: DecimalString | null;
  non_winning_share: DecimalString | null;
  alternative_share: DecimalString | null;
}

/** The A.M. index system: expenditure = volume × price × structure. */
export interface EvaluationDecomposition {
  expenditure_index: DecimalString | null;
  volume_index: DecimalString | null;
  price_index: DecimalString | null;
  structure_index: DecimalString | null;
  /** Products (drug + manufacturer) bought in both periods. */
  matched_products: number;
}

export type ShareBasis = "ddds" | "quantity";

export interface EvaluationGroup {
  /** The VBP drug's generic name (the catalog's Chinese name, or as the data write it). */
  group: string;
  group_en: string | null;
  /** The catalog id, or "name:" and the normalised name. */
  key: string;
  share_basis: ShareBasis;
  pre: EvaluationPeriodMetrics | null;
  post: EvaluationPeriodMetrics | null;
  decomposition: EvaluationDecomposition | null;
}

export type CompletionStatus = "zero_purchase" | "completed" | "behind" | "on_track";

export interface Completion {
  /** The agreed-volume row's line. */
  line: number;
  drug: string;
  key: string;
  manufacturer: string | null;
  unit: string | null;
  agreed_volume: DecimalString;
  cycle_start: MonthText;
  cycle_end: MonthText;
  cycle_months: number;
  months_elapsed: number;
  purchased: DecimalString;
  completion: DecimalString | null;
  /** 序时进度: months elapsed ÷ months in the cycle. */
  time_elapsed: DecimalString | null;
  lag: DecimalString | null;
  status: CompletionStatus;
  required_monthly: DecimalString | null;
  projected_completion: DecimalString | null;
  months: { month: MonthText; quantity: DecimalString; cumulative: DecimalString }[];
}

/** The document `"schema": "vbp-savings/evaluation@1"`. */
export interface Evaluation {
  schema: "vbp-savings/evaluation@1";
  periods: { pre: EvaluationPeriod | null; post: EvaluationPeriod | null };
  as_of: MonthText | null;
  groups: EvaluationGroup[];
  total: { share_basis: ShareBasis; pre: EvaluationPeriodMetrics | null; post: EvaluationPeriodMetrics | null; decomposition: EvaluationDecomposition | null };
  completion: Completion[];
  /** Purchase rows not counted (line, column, code, message in both languages). */
  rejected: Problem[];
  /** Agreed-volume rows not counted. */
  rejected_agreed: Problem[];
  warnings: Warning[];
  formulas: Note[];
  assumptions: Note[];
  input: { purchases: InputInfo; agreed: InputInfo | null };
  rounding: { rule: string; rule_zh: string; rate_dp: number };
}

/**
 * Monitoring and evaluation from purchase records: completion of each agreed volume against
 * 序时进度, and per VBP drug before and after: spend, quantity, DDDs, DDDc, the winning /
 * non-winning / alternative shares and the decomposition into volume, price and structure.
 * Bad rows are listed with line and column; every other row counts.
 */
export function evaluate(input: EvaluateInput): Evaluation;

/** Checks the options of `evaluate` (pre, post, as_of, ddd, groups) without reading a table; throws as `evaluate` would. */
export function checkEvaluateOptions(options: Omit<EvaluateInput, "purchases" | "agreed">): void;

/** The evaluation as a plain-text report ("zh", the default, or "en"); figures rounded for display only. */
export function formatEvaluation(evaluation: Evaluation, lang?: string | null): string;

/** The evaluation as a CSV file for Excel/WPS (UTF-8 with BOM, CRLF; exact decimal strings). */
export function evaluationCsv(evaluation: Evaluation, lang?: string | null): Uint8Array;
"#;

const KEYS: [&str; 7] = [
    "purchases",
    "agreed",
    "pre",
    "post",
    "as_of",
    "ddd",
    "groups",
];

enum Owned {
    Bytes(Vec<u8>),
    Rows(Vec<Vec<String>>),
}

impl Owned {
    fn table(&self) -> Table<'_, String> {
        match self {
            Owned::Bytes(b) => Table::Csv(b),
            Owned::Rows(r) => Table::Rows(r),
        }
    }
}

fn table_arg(v: &JsValue, what: &str) -> Result<Option<Owned>, JsValue> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    if js_sys::Array::is_array(v) {
        return Ok(Some(Owned::Rows(read_rows(v)?)));
    }
    // bytes, or the reason they are not (text, a number …)
    Ok(Some(Owned::Bytes(vbp_savings_interop::bytes_arg(v, what)?)))
}

fn text_field(input: &JsValue, key: &'static str) -> Result<Option<String>, JsValue> {
    vbp_savings_interop::cell(input, key).map_err(|_| {
        invalid(
            format!("{key} must be a string"),
            format!("{key} 必须是字符串"),
        )
    })
}

fn read_options(input: &JsValue) -> Result<EvaluateOptions, JsValue> {
    let ddd = field_value(input, "ddd");
    let groups = field_value(input, "groups");
    Ok(EvaluateOptions {
        pre: text_field(input, "pre")?,
        post: text_field(input, "post")?,
        as_of: text_field(input, "as_of")?,
        ddd: if ddd.is_null() || ddd.is_undefined() {
            Vec::new()
        } else {
            from_js_json(&ddd, "ddd")?
        },
        groups: if groups.is_null() || groups.is_undefined() {
            Default::default()
        } else {
            from_js_json(&groups, "groups")?
        },
    })
}

fn object(input: &JsValue, what: &str, what_zh: &str) -> Result<(), JsValue> {
    if !input.is_object() || js_sys::Array::is_array(input) {
        return Err(invalid(
            format!("{what} must be an object"),
            format!("{what_zh}必须是对象"),
        ));
    }
    Ok(())
}

/// Evaluates purchase records (typed in `TS_EVALUATION`).
#[wasm_bindgen(js_name = evaluate, skip_typescript)]
pub fn evaluate(input: JsValue) -> Result<JsValue, JsValue> {
    crate::use_host_decoders();
    object(
        &input,
        "the evaluate input { purchases, agreed, pre, post, as_of }",
        "evaluate 的输入 { purchases, agreed, pre, post, as_of }",
    )?;
    known_keys(&input, "the evaluate input", &KEYS)?;
    let purchases =
        table_arg(&field_value(&input, "purchases"), "purchases")?.ok_or_else(|| {
            invalid(
                "purchases is missing: give the purchase records' bytes or rows".into(),
                "缺少 purchases：请给出采购记录的文件字节或单元格行".into(),
            )
        })?;
    let agreed = table_arg(&field_value(&input, "agreed"), "agreed")?;
    let options = read_options(&input)?;
    let catalog = vbp_savings::catalog::batch7().map_err(to_js_error)?;
    let e = evaluation::evaluate(
        catalog,
        purchases.table(),
        agreed.as_ref().map(Owned::table),
        &options,
    )
    .map_err(to_js_error)?;
    to_js(&e)
}

/// Checks evaluate options without tables (typed in `TS_EVALUATION`).
#[wasm_bindgen(js_name = checkEvaluateOptions, skip_typescript)]
pub fn check_evaluate_options(options: JsValue) -> Result<(), JsValue> {
    object(&options, "the evaluate options", "evaluate 的选项")?;
    known_keys(&options, "the evaluate options", &KEYS[2..])?;
    evaluation::check_options(&read_options(&options)?).map_err(to_js_error)
}

fn evaluation_arg(v: &JsValue) -> Result<Evaluation, JsValue> {
    from_js_json(v, "the evaluation")
}

/// The evaluation as text (typed in `TS_EVALUATION`).
#[wasm_bindgen(js_name = formatEvaluation, skip_typescript)]
pub fn format_evaluation(evaluation: JsValue, lang: Option<JsValue>) -> Result<String, JsValue> {
    Ok(evaluation::text::render(
        &evaluation_arg(&evaluation)?,
        lang_arg(lang)?,
    ))
}

/// The evaluation as CSV bytes (typed in `TS_EVALUATION`).
#[wasm_bindgen(js_name = evaluationCsv, skip_typescript)]
pub fn evaluation_csv(evaluation: JsValue, lang: Option<JsValue>) -> Result<Vec<u8>, JsValue> {
    Ok(evaluation::export::evaluation_csv(
        &evaluation_arg(&evaluation)?,
        lang_arg(lang)?,
    ))
}
