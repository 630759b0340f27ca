//! The evaluation's JavaScript API (`evaluate`, `formatEvaluation`, `evaluationCsv`), run by
//! `wasm-pack test --node -- --no-default-features --features wasm`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use vbp_savings_wasm as wasm;

#[path = "support/js.rs"]
mod support;
use support::{bytes, code as error_code, get, js, s, text};

const PURCHASES: &str = include_str!("../../../tests/fixtures/evaluation/purchases.csv");
const AGREED: &str = include_str!("../../../tests/fixtures/evaluation/agreed.csv");

fn input(purchases: JsValue, agreed: JsValue) -> JsValue {
    let o = js(r#"{"pre":"2021-11:2022-10","post":"2022-11:2023-10","as_of":"2023-06"}"#);
    Reflect::set(&o, &"purchases".into(), &purchases).unwrap();
    Reflect::set(&o, &"agreed".into(), &agreed).unwrap();
    o
}

fn rows(text: &str) -> JsValue {
    text.lines()
        .map(|l| l.split(',').map(JsValue::from_str).collect::<Array>())
        .collect::<Array>()
        .into()
}

#[wasm_bindgen_test]
fn the_made_up_hospital_through_the_js_api() {
    let e = wasm::evaluate(input(bytes(PURCHASES.as_bytes()), bytes(AGREED.as_bytes()))).unwrap();
    assert_eq!(s(&e, "schema"), "vbp-savings/evaluation@1");
    assert_eq!(s(&e, "as_of"), "2023-06");
    assert_eq!(Array::from(&get(&e, "groups")).length(), 6);
    assert_eq!(Array::from(&get(&e, "completion")).length(), 6);
    // lenvatinib: boxes of 30 bought, capsules agreed (the native test checks the figures independently)
    assert_eq!(s(&e, "completion.0.drug"), "甲磺酸仑伐替尼胶囊");
    assert_eq!(s(&e, "completion.0.unit"), "粒");
    assert_eq!(s(&e, "completion.0.time_elapsed"), "0.666666666667");
    assert_eq!(s(&e, "completion.4.status"), "zero_purchase");
    assert_eq!(s(&e, "rejected.0.code"), "bad_month");
    // rows give the same document
    let r = wasm::evaluate(input(rows(PURCHASES), rows(AGREED))).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&get(&r, "groups")).unwrap(),
        js_sys::JSON::stringify(&get(&e, "groups")).unwrap()
    );
    assert_eq!(s(&r, "input.purchases.kind"), "rows");
    // the text and CSV forms
    let zh = wasm::format_evaluation(e.clone(), None).unwrap();
    assert!(zh.contains("零采购") && zh.contains("序时进度"), "{zh}");
    let en = wasm::format_evaluation(e.clone(), Some(text("en"))).unwrap();
    assert!(
        en.contains("zero purchase") && en.contains("Structure"),
        "{en}"
    );
    let csv = wasm::evaluation_csv(e, Some(text("en"))).unwrap();
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    assert!(String::from_utf8(csv)
        .unwrap()
        .contains("\r\ncompletion,3,"));
}

#[wasm_bindgen_test]
fn wrong_arguments_are_errors_with_a_code() {
    let code = |v: JsValue| error_code(&wasm::evaluate(v).unwrap_err());
    assert_eq!(code(JsValue::NULL), "invalid_input");
    assert_eq!(code(js(r#"{"agreed":null}"#)), "invalid_input");
    assert_eq!(code(js(r#"{"purchases":"month,drug"}"#)), "invalid_input");
    assert_eq!(
        code(js(
            r#"{"purchases":[["月份","药品名称","数量","金额"]],"asOf":"2023-01"}"#
        )),
        "invalid_input"
    );
    let e = wasm::evaluate(js(
        r#"{"purchases":[["月份","药品名称","数量","金额"]],"asOf":"2023-01"}"#,
    ))
    .unwrap_err();
    assert!(
        s(&e, "message").contains("as_of"),
        "names the key it resembles"
    );
    assert_eq!(
        code(js(
            r#"{"purchases":[["月份","药品名称","数量","金额"]],"pre":"2022"}"#
        )),
        "bad_month"
    );
    assert_eq!(
        code(js(r#"{"purchases":[["药品名称","数量"]]}"#)),
        "missing_column"
    );
    assert_eq!(
        code(js(
            r#"{"purchases":[["月份","药品名称","数量","金额"]],"ddd":[{"drug":"x","ddd":"ten"}]}"#
        )),
        "invalid_input"
    );
    // the options alone, as the CLI checks them before reading a file
    assert!(
        wasm::check_evaluate_options(js(r#"{"pre":"2022-01:2022-12","as_of":"2023-06"}"#)).is_ok()
    );
    assert_eq!(
        error_code(&wasm::check_evaluate_options(js(r#"{"post":"2023"}"#)).unwrap_err()),
        "bad_month"
    );
    assert_eq!(
        error_code(&wasm::check_evaluate_options(js(r#"{"purchases":[]}"#)).unwrap_err()),
        "invalid_input"
    );
    // numbers in cells are read as typed
    let r = wasm::evaluate(js(
        r#"{"purchases":[["月份","药品名称","生产企业","数量","金额"],["2023-01","甲磺酸仑伐替尼胶囊","先声药业",3,0.3]],"pre":"2022-01:2022-12","post":"2023-01:2023-12"}"#,
    ))
    .unwrap();
    assert_eq!(s(&r, "groups.0.post.spend"), "0.3");
    assert!(Object::keys(&Object::from(r)).length() > 0);
}
