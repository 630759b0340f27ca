//! The batches module's JavaScript API (result tables, batches, the programme view), as
//! the page calls it (`wasm-pack test --node crates/batches`). Workbooks themselves are
//! read by the separate spreadsheet module (crates/xlsx, its own wasm tests); here the
//! rows it hands over are built in JavaScript.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use vbp_savings_wasm as wasm;

#[path = "support/js.rs"]
mod support;
use support::{code, get, js, len, n, s};

const RESULT_TABLE: &str = r#"[
  ["测试样例：按中选结果表格式整理的公开来源产品（非官方中选结果表）"],
  ["序号", "通用名", "剂型", "规格", "包装", "生产企业", "中选价格(元)", "单位", "主供省份", "备供省份"],
  [1, "磷酸奥司他韦", "胶囊剂", "75mg", "10粒/盒", "Hetero Labs", 16.5, "盒", null, null],
  [2, "磷酸奥司他韦", "胶囊剂", "75mg", "30粒/盒", "东阳光", 29.97, "盒", null, null],
  [3, "依巴斯汀", "片剂", "10mg", "14片/盒", "联环药业", 7.92, "盒", null, null],
  [4, "替加环素", "注射剂", "50mg", null, "Pfizer", 415.9, "盒", null, null]
]"#;

#[wasm_bindgen_test]
fn a_result_table_is_a_catalog_with_per_unit_prices_and_questions() {
    let r = wasm::result_table_catalog(js(RESULT_TABLE), js(r#"{"batch":7,"label":"test.xlsx"}"#))
        .unwrap();
    assert_eq!(s(&r, "schema"), "vbp-savings/result-table@1");
    assert_eq!(len(&r, "products"), 3);
    assert_eq!(s(&r, "products.0.unit_price"), "1.65");
    assert_eq!(s(&r, "products.2.unit_price"), "0.5657142857");
    assert_eq!(s(&r, "products.2.unit"), "tablet");
    assert_eq!(s(&r, "products.2.pack_quantity_from"), "packaging");
    assert_eq!(s(&r, "needs_pack_quantity.0.code"), "unknown_pack_quantity");
    assert_eq!(n(&r, "needs_pack_quantity.0.line"), 6.0);
    assert_eq!(n(&r, "catalog.batch.batch"), 7.0);
    // answered: the pack quantity as a JS number
    let r = wasm::result_table_catalog(
        js(RESULT_TABLE),
        js(r#"{"batch":7,"pack_quantities":{"6":10}}"#),
    )
    .unwrap();
    assert_eq!(len(&r, "needs_pack_quantity"), 0);
    assert_eq!(s(&r, "products.3.unit_price"), "41.59");
    // the catalog saved as JSON and given back prices a usage table
    let saved = JSON::stringify(&get(&r, "catalog"))
        .unwrap()
        .as_string()
        .unwrap();
    let catalog = wasm::check_catalog(js(&saved)).unwrap();
    let options = js(&format!(
        r#"{{"catalog":{}}}"#,
        JSON::stringify(&catalog).unwrap().as_string().unwrap()
    ));
    let usage = js(
        r#"[["药品名称","生产企业","规格","数量","集采前单价"],["依巴斯汀片","江苏联环药业股份有限公司","10mg*14片",1400,1.2345],["磷酸奥司他韦胶囊",null,"75mg",100,6.45]]"#,
    );
    let e = vbp_savings_wasm::estimate_rows(usage.clone(), options.clone()).unwrap();
    assert_eq!(n(&e, "batch"), 7.0);
    assert_eq!(s(&e, "lines.0.vbp_unit_price"), "0.5657142857");
    assert_eq!(s(&e, "lines.1.match_status"), "uncertain");
    assert_eq!(s(&e, "lines.1.price_source"), "estimated");
    assert_eq!(len(&e, "review"), 1);
    assert_eq!(len(&e, "review.0.candidates"), 2);
    // the review table, then the user's override
    let review = vbp_savings_wasm::match_review(usage.clone(), options.clone()).unwrap();
    assert_eq!((n(&review, "matched"), n(&review, "uncertain")), (1.0, 1.0));
    let choice = s(&review, "lines.1.candidates.0.product");
    Reflect::set(
        &options,
        &"overrides".into(),
        &js(&format!(r#"{{"3":"{choice}"}}"#)),
    )
    .unwrap();
    let e = vbp_savings_wasm::estimate_rows(usage, options).unwrap();
    assert_eq!(s(&e, "lines.1.vbp_unit_price"), "1.65");
    assert_eq!(s(&e, "lines.1.match_status"), "overridden");
    assert_eq!(len(&e, "review"), 0);
    // a catalog that names no valid override target is refused for that line only
    let e = vbp_savings_wasm::estimate(js(r#"{"lines":[{"drug":"磷酸奥司他韦胶囊","quantity":"1","baseline_unit_price":"6.45"}],"options":{"overrides":{"1":"oseltamivir#7"}}}"#)).unwrap();
    assert_eq!(s(&e, "rejected.0.code"), "bad_value");
    // a broken catalog is refused as a whole
    assert_eq!(
        code(&wasm::check_catalog(js(r#"{"schema":"x"}"#)).unwrap_err()),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn the_programme_sums_batches_and_consumables_exactly() {
    let input = js(r#"{
      "parts": [
        {"source": "usage.xlsx", "sheet": "2023", "rows": [
          ["批次", "药品名称", "药品/耗材", "器械类别", "数量", "集采前单价", "中选单价"],
          ["7", "甲磺酸仑伐替尼胶囊", "药品", null, 90, 108, 18],
          ["第八批", "某药", "药品", null, 100, 2, null],
          [null, "冠脉支架", "耗材", "冠脉支架", 2, 13000, 700],
          ["第十批", "无价药", null, null, 5, 4, null]
        ]},
        {"source": "b9.csv", "batch": 9, "rows": [["药品名称", "数量", "集采前单价"], ["另一药", 10, 1]]}
      ]
    }"#);
    let p = wasm::programme(input).unwrap();
    assert_eq!(s(&p, "schema"), "vbp-savings/programme@1");
    let keys: Vec<String> = Array::from(&get(&p, "parts"))
        .iter()
        .map(|x| s(&x, "key"))
        .collect();
    assert_eq!(
        keys,
        vec!["batch:7", "batch:8", "batch:9", "batch:10", "consumables"]
    );
    // 8100 + 112 (batch 8's sourced 56%) + 5.8 (batch 9's 58%) + 0 (batch 10: no cut known) + 24600
    assert_eq!(s(&p, "totals.savings"), "32817.8");
    assert_eq!(s(&p, "cumulative.2.cumulative_savings"), "8217.8");
    assert_eq!(s(&p, "cumulative.4.cumulative_savings"), "32817.8");
    assert_eq!(s(&p, "by_kind.consumable.savings"), "24600");
    assert_eq!(s(&p, "parts.1.facts.0.average_price_cut.value"), "0.56");
    assert_eq!(s(&p, "rejected.0.code"), "no_vbp_price");
    assert_eq!(s(&p, "rejected.0.source"), "usage.xlsx");
    assert_eq!(s(&p, "inputs.0.input.sheet"), "2023");
    assert!(Array::from(&get(&p, "context"))
        .iter()
        .any(|c| get(&c, "value").as_string().as_deref() == Some("680000000")));
    assert_eq!(
        code(&wasm::programme(js(r#"{"parts":3}"#)).unwrap_err()),
        "invalid_input"
    );
    let e = wasm::programme(js(r#"{"parts":[{"source":"x.csv","rows":[["a"]]}]}"#)).unwrap_err();
    assert_eq!(code(&e), "no_header");
    assert!(s(&e, "message").contains("x.csv"));
}

#[wasm_bindgen_test]
fn batches_carry_their_sources() {
    let b = wasm::batches_js().unwrap();
    let all: Array = get(&b, "batches").dyn_into().unwrap();
    assert_eq!(all.length(), 12);
    let b9 = all.iter().find(|r| n(r, "batch") == 9.0).unwrap();
    assert_eq!(s(&b9, "average_price_cut.value"), "0.58");
    assert!(!s(&b9, "average_price_cut.source").is_empty());
    let b10 = all.iter().find(|r| n(r, "batch") == 10.0).unwrap();
    assert!(get(&b10, "average_price_cut.value").is_null());
    assert_eq!(s(&b10, "average_price_cut.confidence"), "unknown");
}
