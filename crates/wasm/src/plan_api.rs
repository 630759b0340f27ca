//! The sections a configuration adds to an estimate.

use vbp_savings::plan::config as plan;
use vbp_savings_interop::{estimate_report, from_js, to_js, to_js_error};
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

/** What `sensitivityForEstimate` takes: a plan configuration and the tornado's choices. */
export interface SensitivityPlanConfig {
  suppliers?: SupplierConfig[];
  scenarios?: ScenarioInput[];
  agreed_volume?: AgreedVolumeInput[];
  retention?: RetentionConfig | null;
  /**
   * The scenario whose shares are the base disruption: a scenario's id; absent or "auto" =
   * the first scenario over every drug; "" = none. A scenario of some drugs only can't be the base.
   */
  base_scenario?: string | null;
  ranges?: SensitivityInput["ranges"];
  /** Read by the CLI's `cycle` command, not here: the same configuration file serves both. */
  cycle?: Partial<CycleOptions> | null;
  comment?: string | null;
}

/** The scenario whose shares are the sensitivity model's base disruption. */
export interface BaseScenario {
  id: string;
  name: string;
  primary_failure_share: DecimalString;
  backup_failure_share: DecimalString;
}

/** The sensitivity models of an estimate, for `sensitivity`. */
export interface SensitivityModel {
  /** The model for the savings tornado (metric "savings"). */
  savings: SensitivityInput;
  /** The model for the retained-amount tornado (metric "retained"), or null: `retained_missing` says why. */
  retained: SensitivityInput | null;
  retained_missing: Note | null;
  /** The base disruption, or null (none chosen, or no scenario over every drug). */
  base_scenario: BaseScenario | null;
  /** Drugs on several supply lines: their lines keep the model's defaults for agreed volume and pre-VBP price. */
  multi_line_drugs: string[];
  assumptions: Note[];
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
    let est = estimate_report(&report)?;
    let config: plan::PlanConfig = from_js(config, "the configuration")?;
    to_js(&plan::batch7_plan(&est, &config).map_err(to_js_error)?)
}

/// The sensitivity models of an estimate (what `sensitivity` takes, for the savings and,
/// when the retention can be computed, for the retained amount): its priced lines as the
/// supply scenarios resolve them, the chosen base disruption, and per drug the agreed volume
/// and pre-VBP price of the retention. Pass `model.savings` / `model.retained` to `sensitivity`.
#[wasm_bindgen(js_name = sensitivityForEstimate, unchecked_return_type = "SensitivityModel")]
pub fn sensitivity_for_estimate(
    #[wasm_bindgen(unchecked_param_type = "EstimateReport")] report: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SensitivityPlanConfig")] config: JsValue,
) -> Result<JsValue, JsValue> {
    let est = estimate_report(&report)?;
    let config: plan::SensitivityPlanConfig = from_js(config, "the configuration")?;
    to_js(&plan::batch7_sensitivity_for_estimate(&est, &config).map_err(to_js_error)?)
}
