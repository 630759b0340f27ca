//! `sensitivityForEstimate` as JavaScript sees it: the models built from an estimate report
//! handed back from JS, then given to `sensitivity`. Run by `wasm-pack test --node crates/plan`.
#![cfg(target_arch = "wasm32")]

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use vbp_savings_wasm as wasm;

#[path = "support/js.rs"]
mod support;
use support::{get, js, s};

fn estimate() -> JsValue {
    vbp_savings_wasm::estimate(js(r#"{"lines":[
        {"drug":"甲磺酸仑伐替尼胶囊","manufacturer":"先声药业","quantity":"1200","baseline_unit_price":"108","vbp_unit_price":"18"},
        {"drug":"某院内药品","quantity":"100","baseline_unit_price":"3","vbp_unit_price":"1.2"},
        {"drug":"某院内药品","quantity":"50","baseline_unit_price":"3","vbp_unit_price":"1.2"}]}"#))
    .unwrap()
}

const CONFIG: &str = r#"{
  "suppliers":[{"drug":"仑伐替尼","backup":{"name":"某备供","unit_price":"20"},"fallback_unit_price":"120"}],
  "scenarios":[{"id":"part","drugs":["仑伐替尼"],"primary_failure_share":"0.5"},
               {"id":"all","name":"全部断供10%","primary_failure_share":"0.1","backup_failure_share":"0.5"}],
  "agreed_volume":[{"drug":"甲磺酸仑伐替尼胶囊","demand_base":"2000","winners":7}],
  "retention":{"fund_payment_ratio":"0.7","insured_share":1,"grade":"B"}}"#;

#[wasm_bindgen_test]
fn sensitivity_models_of_an_estimate() {
    let m = wasm::plan_api::sensitivity_for_estimate(estimate(), js(CONFIG)).unwrap();
    assert_eq!(s(&m, "base_scenario.id"), "all");
    assert_eq!(s(&m, "savings.primary_failure_share"), "0.1");
    assert_eq!(s(&m, "savings.lines.0.backup_unit_price"), "20");
    assert_eq!(s(&m, "savings.lines.0.agreed_volume"), "1600");
    assert!(
        get(&m, "savings.lines.1.backup_unit_price").is_null(),
        "a backup that follows the primary is left to the default"
    );
    assert_eq!(s(&m, "multi_line_drugs.0"), "某院内药品");
    assert_eq!(s(&m, "retained.retention_ratio"), "0.4");
    assert!(get(&m, "retained_missing").is_null());
    // the models go to `sensitivity` as they are: the figures worked out in tests/sensitivity_estimate.rs
    let r = wasm::sensitivity_api::sensitivity_js(get(&m, "savings")).unwrap();
    assert_eq!(s(&r, "base.savings"), "102016.5");
    let r = wasm::sensitivity_api::sensitivity_js(get(&m, "retained")).unwrap();
    assert_eq!(s(&r, "base.retained"), "40660.62");
    let bars: Array = get(&r, "bars").dyn_into().unwrap();
    assert_eq!(bars.length(), 4);
}

#[wasm_bindgen_test]
fn no_base_no_retention_and_typos() {
    let m = wasm::plan_api::sensitivity_for_estimate(
        estimate(),
        js(r#"{"base_scenario":"","scenarios":[{"id":"all","primary_failure_share":"0.1"}]}"#),
    )
    .unwrap();
    assert!(get(&m, "base_scenario").is_null());
    assert!(get(&m, "retained").is_null());
    assert_eq!(s(&m, "retained_missing.code"), "no_retention");
    let r = wasm::sensitivity_api::sensitivity_js(get(&m, "savings")).unwrap();
    assert_eq!(s(&r, "base.savings"), "108270");
    // a typo is an error with a code, not a silent default
    let e = wasm::plan_api::sensitivity_for_estimate(estimate(), js(r#"{"base_scenarios":"all"}"#))
        .unwrap_err();
    assert_eq!(s(&e, "code"), "invalid_input");
    // something that is not an estimate report
    let e = wasm::plan_api::sensitivity_for_estimate(js(r#"{"totals":1}"#), js("{}")).unwrap_err();
    assert_eq!(s(&e, "code"), "invalid_input");
}
