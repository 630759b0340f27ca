//! The sections a configuration adds to an estimate.

use super::input::from_js;
use super::{invalid, to_js, to_js_error};
use crate::estimate::Estimate;
use crate::plan;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_PLAN: &'static str = r#"
export interface RetentionConfig {
  fund_payment_ratio?: DecimalString | number | null;
  insured_share?: DecimalString | number | null;
  retention_ratio?: DecimalString | number | null;
  grade?: string | null;
  /** Per-drug inputs (by drug name) that override what the estimate gives. */
  drugs?: Partial<RetentionDrugInput>[];
}

/** A plan configuration: the CLI's `--config FILE.json`. Unknown keys are refused. */
export interface PlanConfig {
  suppliers?: SupplierConfig[];
  scenarios?: ScenarioInput[];
  agreed_volume?: AgreedVolumeInput[];
  retention?: RetentionConfig | null;
  /** Used by the CLI's `cycle` command. */
  cycle?: Partial<CycleOptions> | null;
  comment?: string | null;
}

/** The sections added to an estimate; each is null when not configured. */
export interface Plan {
  scenarios: ScenarioReport | null;
  agreed_volume: AgreedVolume[] | null;
  retained: RetentionReport | null;
}
"#;

/// The `scenarios`, `agreed_volume` and `retained` sections for an estimate and a
/// configuration: scenarios over the estimate's lines, agreed volumes, and the
/// retained savings of its drugs (inputs not configured are taken from the estimate
/// and say so).
#[wasm_bindgen(js_name = planForEstimate, unchecked_return_type = "Plan")]
pub fn plan_for_estimate(
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] report: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PlanConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let json = js_sys::JSON::stringify(&report)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| invalid("the report is not a JSON value".into(), "报告不是 JSON 值".into()))?;
    let est: Estimate = serde_json::from_str(&json)
        .map_err(|e| invalid(format!("not an estimate report: {e}"), format!("不是测算报告：{e}")))?;
    let config: plan::PlanConfig = from_js(config, "the configuration")?;
    to_js(&plan::batch7_plan(&est, &config).map_err(to_js_error)?)
}
