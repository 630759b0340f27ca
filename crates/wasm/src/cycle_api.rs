//! Procurement-cycle tracking.

use vbp_savings::plan::cycle;
use vbp_savings_interop::from_js;
use vbp_savings_interop::{to_js, to_js_error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CYCLE: &'static str = r#"
/** A calendar month, "YYYY-MM". */
export type MonthString = string;

export interface CycleOptions {
  /** The agreed volume for the cycle tracked, in the rows' unit. */
  agreed_volume: DecimalString | number;
  /** First month; default: the first month in the rows. */
  cycle_start?: MonthString | null;
  /** Last month (required: the batch-7 cycle end is not public). */
  cycle_end: MonthString;
  /** Last complete month to count; default: the last month in the rows. */
  as_of?: MonthString | null;
  /** Only rows of this drug. */
  drug?: string | null;
}

export interface MonthRowInput {
  /** "YYYY-MM" (also YYYY/MM, YYYY年M月, YYYYMM, or a date). */
  month: string;
  quantity: DecimalString | number;
  drug?: string | null;
}

export interface CycleInput extends CycleOptions {
  rows: MonthRowInput[];
}

export type CycleStatus = "completed" | "on_track" | "at_risk" | "no_consumption";

export interface CycleReport {
  schema: "vbp-savings/cycle@1";
  drug: string | null;
  agreed_volume: DecimalString;
  cycle_start: MonthString;
  cycle_end: MonthString;
  as_of: MonthString;
  cycle_months: number;
  months_elapsed: number;
  months_remaining: number;
  consumed: DecimalString;
  remaining: DecimalString;
  /** consumed ÷ agreed, a fraction (12 dp). */
  completion: DecimalString | null;
  average_monthly: DecimalString | null;
  /** The monthly rate needed from now on. */
  required_monthly: DecimalString | null;
  /** The cycle total at the current rate. */
  projected_at_cycle_end: DecimalString | null;
  projected_completion_month: MonthString | null;
  status: CycleStatus;
  on_track: boolean;
  months: { month: MonthString; rows: number; quantity: DecimalString; cumulative: DecimalString }[];
  rejected: Problem[];
  warnings: Warning[];
  formulas: Note[];
  assumptions: Note[];
}

/**
 * Tracks the monthly rows of a CSV file (UTF-8, UTF-16 or GB18030/GBK) with a
 * month column (month / 月份) and a quantity column (quantity / 数量), optionally drug / 药品名称.
 */
export function cycleCsv(bytes: Uint8Array, options: CycleOptions): CycleReport;
"#;

/// Cycle tracking from monthly rows: completion of the agreed volume, the projected
/// completion month at the current rate, and an `agreed_volume_at_risk` warning when
/// the hospital is on course to miss it by the cycle's end.
#[wasm_bindgen(js_name = cycle, unchecked_return_type = "CycleReport")]
pub fn cycle_js(
    #[wasm_bindgen(unchecked_param_type = "CycleInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: cycle::CycleInput = from_js(input, "the cycle input")?;
    to_js(&cycle::cycle(&input).map_err(to_js_error)?)
}

/// Cycle tracking from CSV bytes (typed in `TS_CYCLE`).
#[wasm_bindgen(js_name = cycleCsv, skip_typescript)]
pub fn cycle_csv(bytes: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    vbp_savings_interop::use_host_decoders();
    let bytes = vbp_savings_interop::bytes_arg(&bytes, "bytes")?;
    let options: cycle::CycleOptions = from_js(options, "the cycle options")?;
    to_js(&cycle::cycle_csv(&bytes, &options).map_err(to_js_error)?)
}
