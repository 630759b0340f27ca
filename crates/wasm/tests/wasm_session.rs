//! `EstimateSession` as JavaScript sees it: each edit's report equals `estimate` of the
//! edited lines; bad arguments are error values.
#![cfg(target_arch = "wasm32")]

use js_sys::JSON;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use vbp_savings_wasm as wasm;
use vbp_savings_wasm::session_api::EstimateSession;

#[path = "support/js.rs"]
mod support;
use support::{code as error_code, get, js, s};

fn json(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().as_string().unwrap()
}

const LINES: &str = r#"[
  {"line":2,"drug":"甲磺酸仑伐替尼胶囊","specification":"4mg*30粒","unit":"盒","quantity":"20","baseline_unit_price":"3240","amount":"64800"},
  {"line":3,"drug":"磷酸奥司他韦胶囊","manufacturer":"宜昌东阳光长江药业股份有限公司","unit":"粒","quantity":"3000","baseline_unit_price":"6.45"},
  {"line":4,"drug":"某院内药品","quantity":"abc","baseline_unit_price":"2"},
  {"line":5,"drug":"某院内药品","quantity":"10","baseline_unit_price":"2"}
]"#;

#[wasm_bindgen_test]
fn each_edit_gives_the_report_of_a_whole_estimate() {
    let mut session = EstimateSession::new(js(&format!(r#"{{"lines":{LINES}}}"#))).unwrap();
    assert_eq!(session.size(), 4);
    let whole = |lines: &str| wasm::estimate(js(&format!(r#"{{"lines":{lines}}}"#))).unwrap();
    assert_eq!(
        json(&session.report(None, None).unwrap()),
        json(&whole(LINES))
    );
    assert_eq!(
        s(&session.report(None, None).unwrap(), "totals.savings"),
        "70362.6"
    ); // 54,000 + 16,353 + 10 × 2 × 0.48

    // oseltamivir 3000 → 3100; the bad line fixed; line 5 removed; a line 9 added
    let out = session
        .set(js(r#"[{"line":3,"drug":"磷酸奥司他韦胶囊","manufacturer":"宜昌东阳光长江药业股份有限公司","unit":"粒","quantity":"3100","baseline_unit_price":"6.45"},
                    {"line":4,"drug":"某院内药品","quantity":"5","baseline_unit_price":"2"},
                    {"line":9,"drug":"依折麦布片","quantity":"7","baseline_unit_price":"3"}]"#))
        .unwrap();
    assert_eq!(s(&out, "0.priced.savings"), "16898.1");
    assert_eq!(get(&out, "1.problems.length").as_f64(), Some(0.0));
    assert_eq!(session.remove(js("[5, 77]")).unwrap(), 1);
    let edited = r#"[
      {"line":2,"drug":"甲磺酸仑伐替尼胶囊","specification":"4mg*30粒","unit":"盒","quantity":"20","baseline_unit_price":"3240","amount":"64800"},
      {"line":3,"drug":"磷酸奥司他韦胶囊","manufacturer":"宜昌东阳光长江药业股份有限公司","unit":"粒","quantity":"3100","baseline_unit_price":"6.45"},
      {"line":4,"drug":"某院内药品","quantity":"5","baseline_unit_price":"2"},
      {"line":9,"drug":"依折麦布片","quantity":"7","baseline_unit_price":"3"}
    ]"#;
    let w = whole(edited);
    assert_eq!(json(&session.report(None, None).unwrap()), json(&w));
    // without the per-line list: the same as omit_lines
    let omit = wasm::estimate(js(&format!(
        r#"{{"lines":{edited},"options":{{"omit_lines":true}}}}"#
    )))
    .unwrap();
    assert_eq!(
        json(&session.report(Some(false), None).unwrap()),
        json(&omit)
    );
    // the lists' version moved with the fixed line (it left the rejected rows); without the
    // lists, the review and the rejected rows are empty and the counts stay
    let v = session.lists_version();
    assert!(v > 0.0);
    let lean = session.report(Some(false), Some(false)).unwrap();
    assert_eq!(get(&lean, "rejected.length").as_f64(), Some(0.0));
    assert_eq!(json(&get(&lean, "input")), json(&get(&omit, "input")));
    assert_eq!(json(&get(&lean, "warnings")), json(&get(&omit, "warnings")));
    session
        .set(js(
            r#"[{"line":9,"drug":"依折麦布片","quantity":"8","baseline_unit_price":"3"}]"#,
        ))
        .unwrap();
    assert_eq!(session.lists_version(), v); // a quantity: no list changed
}

#[wasm_bindgen_test]
fn a_bad_argument_is_an_error_value() {
    assert_eq!(
        error_code(&EstimateSession::new(js("5")).err().unwrap()),
        "invalid_input"
    );
    assert_eq!(
        error_code(
            &EstimateSession::new(js(r#"{"lines":[],"option":{}}"#))
                .err()
                .unwrap()
        ),
        "invalid_input"
    );
    let mut session = EstimateSession::new(js(r#"{"lines":[]}"#)).unwrap();
    assert_eq!(
        error_code(&session.set(js("{}")).unwrap_err()),
        "invalid_input"
    );
    assert_eq!(
        error_code(&session.remove(js("[0.5]")).unwrap_err()),
        "invalid_input"
    );
    // a line that is not an object is that line's problem, not a throw
    let out = session.set(js(r#"[3]"#)).unwrap();
    assert_eq!(s(&out, "0.problems.0.code"), "invalid_input");
    assert_eq!(
        get(&session.report(None, None).unwrap(), "input.rejected").as_f64(),
        Some(1.0)
    );
}
