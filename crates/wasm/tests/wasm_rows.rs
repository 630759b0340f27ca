//! The JavaScript API for sheets of cells and CSV rows, as the page calls it
//! (`wasm-pack test --node -- --features wasm`). Result tables, batches and the programme
//! view are the batches module's (crates/batches, its own wasm tests). Workbooks themselves are
//! read by the separate spreadsheet module (crates/xlsx, its own wasm tests); here the
//! rows it hands over are built in JavaScript.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use vbp_savings_wasm as wasm;

#[path = "support/js.rs"]
mod support;
use support::{bytes, code, get, js, len, n, s};

/// Rows as a sheet gives them: a merged title, a two-row header, JS numbers.
const SHEET: &str = r#"[
  ["某医院 第七批集采药品使用明细", "某医院 第七批集采药品使用明细", "某医院 第七批集采药品使用明细", "某医院 第七批集采药品使用明细", "某医院 第七批集采药品使用明细", "某医院 第七批集采药品使用明细"],
  ["药品名称", "生产企业", "数量", "单价(元)", "单价(元)", "金额(元)"],
  ["药品名称", "生产企业", "数量", "集采前", "中选", "金额(元)"],
  ["甲磺酸仑伐替尼胶囊", null, 90, 108, 18, 9720],
  ["磷酸奥司他韦胶囊", "宜昌东阳光长江药业股份有限公司", 30, 6.45, null, 193.5],
  ["某药", "", 3, 0.1, 0.02, null],
  ["坏行", "", "abc", 1, null, null],
  ["合计", "", null, null, null, 9913.5]
]"#;

#[wasm_bindgen_test]
fn rows_from_a_sheet_estimate_like_a_file() {
    let r = wasm::estimate_rows(js(SHEET), js(r#"{"sheet":"用量","source_kind":"xlsx"}"#)).unwrap();
    assert_eq!(s(&r, "input.kind"), "xlsx");
    assert_eq!(s(&r, "input.sheet"), "用量");
    assert_eq!(n(&r, "input.header_line"), 2.0);
    assert_eq!(n(&r, "input.header_rows"), 2.0);
    // 90 × (108 − 18) + 30 × (6.45 − 0.999) + 3 × (0.1 − 0.02): JS numbers read as typed
    assert_eq!(s(&r, "totals.savings"), "8263.77");
    assert_eq!(s(&r, "lines.1.price_source"), "catalog");
    assert_eq!(s(&r, "lines.1.product"), "oseltamivir#2");
    assert_eq!(s(&r, "lines.1.match_status"), "matched");
    assert_eq!(s(&r, "lines.1.kind"), "drug");
    assert_eq!(len(&r, "rejected"), 2);
    assert_eq!(
        (n(&r, "rejected.0.line"), n(&r, "rejected.0.column")),
        (7.0, 3.0)
    );
    assert_eq!(s(&r, "rejected.0.code"), "bad_number");
    assert_eq!(s(&r, "rejected.1.code"), "summary_row");
    assert_eq!(s(&r, "by_kind.drug.savings"), "8263.77");
    let e = wasm::estimate_rows(js(r#"[["a"],[1]]"#), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(code(&e), "no_header");
    assert_eq!(
        code(&wasm::estimate_rows(js(r#"[[]]"#), JsValue::UNDEFINED).unwrap_err()),
        "empty_input"
    );
    assert_eq!(
        code(&wasm::estimate_rows(js(r#""rows""#), JsValue::UNDEFINED).unwrap_err()),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn csv_bytes_become_rows_numbered_by_file_line() {
    let r = wasm::read_csv(bytes(
        b"title\ndrug,quantity,baseline_unit_price\n\"two\nlines\",1,2\nB,3,4\n",
    ))
    .unwrap();
    assert_eq!(s(&r, "encoding"), "UTF-8");
    assert_eq!(s(&r, "delimiter"), ",");
    // the quoted cell spans lines 3-4: row index 3 (line 4) is empty and B is line 5
    assert_eq!(s(&r, "rows.2.0"), "two\nlines");
    assert_eq!(len(&r, "rows.3"), 0);
    assert_eq!(s(&r, "rows.4.0"), "B");
    let e = wasm::estimate_rows(get(&r, "rows"), JsValue::UNDEFINED).unwrap();
    assert_eq!(n(&e, "lines.1.line"), 5.0);
}

#[wasm_bindgen_test]
fn read_lines_keeps_every_field_and_the_file_line() {
    let file = "药品名称,规格,单位,数量,集采前单价,金额\n甲磺酸仑伐替尼胶囊,4mg*30粒,盒,100,1080,108000\n\n磷酸奥司他韦胶囊,75mg*10粒,盒,abc,30,\n";
    let t = wasm::read_lines(bytes(file.as_bytes()), JsValue::UNDEFINED).unwrap();
    assert_eq!(len(&t, "lines"), 2);
    assert_eq!(n(&t, "lines.0.line"), 2.0);
    assert_eq!(s(&t, "lines.0.specification"), "4mg*30粒");
    assert_eq!(s(&t, "lines.0.amount"), "108000");
    assert_eq!(n(&t, "lines.1.line"), 4.0);
    assert_eq!(s(&t, "lines.1.quantity"), "abc");
    assert!(get(&t, "lines.1.amount").is_undefined());
    assert_eq!(s(&t, "input.encoding"), "UTF-8");
    // estimated from the objects: the file's line numbers, the file's figures
    let input = js_sys::Object::new();
    js_sys::Reflect::set(&input, &"lines".into(), &get(&t, "lines")).unwrap();
    let r = wasm::estimate(input.into()).unwrap();
    let f = wasm::estimate_csv(bytes(file.as_bytes()), JsValue::UNDEFINED).unwrap();
    assert_eq!(s(&r, "totals.savings"), s(&f, "totals.savings"));
    assert_eq!(n(&r, "lines.0.line"), 2.0);
    assert_eq!(
        (n(&r, "rejected.0.line"), s(&r, "rejected.0.code")),
        (4.0, "bad_number".to_string())
    );
    // rows of a sheet; a bad line number; an unknown option
    let rows = wasm::read_lines(js(SHEET), js(r#"{"sheet":"用量","source_kind":"xlsx"}"#)).unwrap();
    assert_eq!(n(&rows, "lines.0.line"), 4.0);
    assert_eq!(s(&rows, "input.sheet"), "用量");
    // its totals row (合计 in the drug column) is a line, which the estimate rejects
    assert_eq!((len(&rows, "lines"), len(&rows, "rejected")), (5, 0));
    let bad = wasm::estimate(js(
        r#"{"lines":[{"line":0,"drug":"某药","quantity":"1","baseline_unit_price":"2"}]}"#,
    ))
    .unwrap();
    assert_eq!(
        (s(&bad, "rejected.0.field"), s(&bad, "rejected.0.code")),
        ("line".to_string(), "invalid_input".to_string())
    );
    assert_eq!(
        code(&wasm::read_lines(bytes(file.as_bytes()), js(r#"{"sheets":"x"}"#)).unwrap_err()),
        "invalid_input"
    );
}
