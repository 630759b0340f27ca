//! The supply, agreed-volume, cycle, retention, sensitivity and plan bindings as
//! JavaScript sees them, run by `wasm-pack test --node crates/plan`.
#![cfg(target_arch = "wasm32")]

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use vbp_savings_wasm as wasm;

#[path = "support/js.rs"]
mod support;
use support::{code as error_code, get, js, s};

#[wasm_bindgen_test]
fn agreed_volume_hospital_rule_and_published_parts() {
    // 596,327 × 50% = 298,163.5 → 298,164 (half up, inferred and said so)
    let r = wasm::volume_api::agreed_volume(js(
        r#"{"drug":"马来酸阿法替尼片","demand_base":"596327","winners":1}"#,
    ))
    .unwrap();
    assert_eq!(s(&r, "exact"), "298163.5");
    assert_eq!(s(&r, "agreed_volume"), "298164");
    assert_eq!(s(&r, "rounding.rule"), "half_up");
    assert_eq!(s(&r, "rounding.status"), "inferred");
    assert_eq!(get(&r, "cycle_years").as_f64(), Some(1.0));
    // meropenem is a special anti-infective: 3 winners → 50%, numbers as JS numbers
    let r = wasm::volume_api::agreed_volume(js(
        r#"{"drug":"注射用美罗培南","demand_base":7286887,"winners":3}"#,
    ))
    .unwrap();
    assert_eq!(s(&r, "ratio"), "0.5");
    assert_eq!(get(&r, "special_anti_infective").as_bool(), Some(true));
    // the published national figure as a sum of separately rounded parts (constructed parts, see tests/supply.rs)
    let parts = "[113849,151809,189767,227707,265667,303621,341561,113841,151801,189761,227701,265661,303621,341560,113840,151800,189760,227700,265660,303620,341560,113840,151800,189760,227700,265660,303620,341560,113840,151800,189760,455680]";
    let r = wasm::volume_api::agreed_volume(js(&format!(
        r#"{{"drug":"注射用美罗培南","winners":1,"parts":{parts}}}"#
    )))
    .unwrap();
    assert_eq!(s(&r, "demand_base"), "7286887");
    assert_eq!(s(&r, "agreed_volume"), "2186064");
    assert_eq!(s(&r, "parts.max_deviation"), "16");
    // errors carry codes
    assert_eq!(
        error_code(
            &wasm::volume_api::agreed_volume(js(r#"{"demand_base":"10","winners":0}"#))
                .unwrap_err()
        ),
        "out_of_range"
    );
    assert_eq!(
        error_code(
            &wasm::volume_api::agreed_volume(js(
                r#"{"demand_base":"10","winners":1,"ratios":"0.5"}"#
            ))
            .unwrap_err()
        ),
        "invalid_input"
    );
    assert_eq!(
        error_code(&wasm::volume_api::agreed_volume(JsValue::from_str("x")).unwrap_err()),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn batch_rules_carry_sources_and_the_shenzhen_presets() {
    let r = wasm::volume_api::batch_rules().unwrap();
    assert_eq!(s(&r, "agreed_volume.general.tiers.3.ratio"), "0.8");
    assert!(s(&r, "agreed_volume.source").contains("baipharm"));
    assert!(get(&r, "agreed_volume.cycle_end.value").is_null());
    assert_eq!(s(&r, "retention.grade_presets.grades.1.ratio"), "0.4");
    assert!(s(&r, "retention.grade_presets.label_en").contains("Shenzhen 2024 draft"));
}

#[wasm_bindgen_test]
fn scenarios_through_the_js_api() {
    let r = wasm::supply_api::scenarios(js(r#"{
        "lines":[{"drug":"甲磺酸仑伐替尼胶囊","volume":1200,"baseline_unit_price":"108",
                  "primary":{"name":"先声药业","unit_price":"3.2"},"backup":{"name":"某备供","unit_price":18}},
                 {"drug":"坏行","volume":"x","baseline_unit_price":"1"}],
        "scenarios":[{"id":"3m","primary_failure_months":3,"probability":"0.1"},
                     {"id":"both","primary_failure_share":0.25,"backup_failure_share":0.5,"probability":0.05}]
    }"#))
    .unwrap();
    assert_eq!(s(&r, "no_disruption.savings"), "125760");
    assert_eq!(s(&r, "scenarios.0.totals.savings"), "121320");
    assert_eq!(s(&r, "scenarios.0.totals.savings_at_risk"), "4440");
    assert_eq!(s(&r, "scenarios.1.totals.savings"), "107820");
    assert_eq!(s(&r, "expected.savings"), "124419");
    assert_eq!(s(&r, "lines.0.backup.basis"), "input");
    assert_eq!(s(&r, "lines.0.fallback.basis"), "baseline");
    assert_eq!(s(&r, "rejected.0.code"), "bad_number");
    assert_eq!(get(&r, "rejected.0.line").as_f64(), Some(2.0));
    let e = wasm::supply_api::scenarios(js(
        r#"{"lines":[],"scenarios":[{"primary_failure_share":"2"}]}"#,
    ))
    .unwrap_err();
    assert_eq!(error_code(&e), "out_of_range");
    let e = wasm::supply_api::scenarios(js(
        r#"{"lines":[],"scenarios":[{"primary_failure":"0.2"}]}"#,
    ))
    .unwrap_err();
    assert_eq!(error_code(&e), "invalid_input");
    assert!(s(&e, "message").contains("primary_failure"));
}

#[wasm_bindgen_test]
fn cycle_from_objects_and_csv() {
    let r = wasm::cycle_api::cycle_js(js(r#"{"agreed_volume":1200,"cycle_start":"2023-01","cycle_end":"2023-12",
        "rows":[{"month":"2023-01","quantity":80},{"month":"2023-02","quantity":"80"},{"month":"2023年3月","quantity":80},
                {"month":"2023-04","quantity":80},{"month":"2023-05","quantity":80},{"month":"2023-06","quantity":80}]}"#))
    .unwrap();
    assert_eq!(s(&r, "status"), "at_risk");
    assert_eq!(s(&r, "projected_completion_month"), "2024-03");
    assert_eq!(s(&r, "completion"), "0.4");
    assert_eq!(s(&r, "warnings.0.code"), "agreed_volume_at_risk");
    let (bytes, _, _) = encoding_rs::GB18030.encode("月份,数量\r\n2023-01,100\r\n2023-02,坏\r\n");
    let r = wasm::cycle_api::cycle_csv(
        support::bytes(&bytes),
        js(r#"{"agreed_volume":"300","cycle_end":"2023-03"}"#),
    )
    .unwrap();
    assert_eq!(s(&r, "consumed"), "100");
    assert_eq!(get(&r, "rejected.0.line").as_f64(), Some(3.0));
    assert_eq!(get(&r, "rejected.0.column").as_f64(), Some(2.0));
    assert_eq!(
        error_code(
            &wasm::cycle_api::cycle_csv(
                support::bytes(b"month,quantity\n2023-01,1\n"),
                js(r#"{"agreed_volume":"3"}"#)
            )
            .unwrap_err()
        ),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn retained_with_grade_preset() {
    let r = wasm::retention_api::retained(js(r#"{"fund_payment_ratio":0.7,"insured_share":"0.9","grade":"B",
        "drugs":[{"drug":"甲","agreed_volume":"10000","pre_vbp_unit_price":"5","actual_fund_spend":"10000"}]}"#))
    .unwrap();
    assert_eq!(s(&r, "drugs.0.budget"), "31500");
    assert_eq!(s(&r, "totals.balance"), "21500");
    assert_eq!(s(&r, "retained"), "8600");
    assert_eq!(s(&r, "retention_ratio.basis"), "grade");
    assert_eq!(s(&r, "presets.grades.3.ratio"), "0");
    let inputs: Array = get(&r, "drugs.0.inputs").dyn_into().unwrap();
    assert_eq!(inputs.length(), 5);
}

#[wasm_bindgen_test]
fn sensitivity_gives_tornado_bars() {
    let r = wasm::sensitivity_api::sensitivity_js(js(r#"{"lines":[{"volume":1000,"baseline_unit_price":10,"vbp_unit_price":4,"backup_unit_price":6}],
        "fund_payment_ratio":"0.5","insured_share":"1"}"#))
    .unwrap();
    assert_eq!(s(&r, "base.savings"), "6000");
    assert_eq!(s(&r, "base.retained"), "1500");
    assert_eq!(s(&r, "bars.0.parameter"), "volume");
    assert_eq!(s(&r, "bars.0.low_result"), "4800");
    assert_eq!(s(&r, "bars.0.high_result"), "7200");
    assert_eq!(s(&r, "bars.0.base_result"), "6000");
    let bars: Array = get(&r, "bars").dyn_into().unwrap();
    assert_eq!(bars.length(), 4);
}

#[wasm_bindgen_test]
fn plan_for_an_estimate() {
    let est = vbp_savings_wasm::estimate(js(r#"{"lines":[{"drug":"甲磺酸仑伐替尼胶囊","manufacturer":"先声药业","quantity":"1200","baseline_unit_price":"108","vbp_unit_price":"18"}]}"#)).unwrap();
    let p = wasm::plan_api::plan_for_estimate(
        est,
        js(r#"{
        "suppliers":[{"drug":"仑伐替尼","backup":{"name":"某备供","unit_price":"20"}}],
        "scenarios":[{"primary_failure_months":6}],
        "agreed_volume":[{"drug":"甲磺酸仑伐替尼胶囊","demand_base":"2000","winners":7}],
        "retention":{"fund_payment_ratio":"0.7","insured_share":"1","grade":"B"}}"#),
    )
    .unwrap();
    assert_eq!(
        s(&p, "scenarios.scenarios.0.totals.savings_at_risk"),
        "1200"
    );
    assert_eq!(s(&p, "agreed_volume.0.agreed_volume"), "1600");
    assert_eq!(s(&p, "retained.retained"), "42336");
    let p = wasm::plan_api::plan_for_estimate(
        vbp_savings_wasm::estimate(js(r#"{"lines":[]}"#)).unwrap(),
        js("{}"),
    )
    .unwrap();
    assert!(get(&p, "scenarios").is_null() && get(&p, "retained").is_null());
}
