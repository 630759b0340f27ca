//! The spreadsheet module as JavaScript sees it (`wasm-pack test --node crates/xlsx`):
//! a workbook written by LibreOffice read into rows of the decimals typed, and a report
//! written as .xlsx that reads back as the same figures.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JSON};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const USAGE_XLSX: &[u8] = include_bytes!("../../../tests/fixtures/xlsx/usage_twin.xlsx");

#[path = "../../wasm/tests/support/js.rs"]
mod support;
use support::{bytes, code, get, s, text};

#[wasm_bindgen_test]
fn a_libreoffice_workbook_reads_as_the_decimals_typed() {
    let book = vbp_savings_xlsx::read_workbook(bytes(USAGE_XLSX)).unwrap();
    assert_eq!(s(&book, "format"), "xlsx");
    assert_eq!(get(&book, "default_sheet").as_f64(), Some(1.0));
    assert_eq!(s(&book, "sheets.1.name"), "用量明细");
    assert_eq!(get(&book, "sheets.1.header_row").as_f64(), Some(2.0));
    assert!(get(&book, "sheets.0.header_row").is_null());
    // row 9 (index 8): 420 × 112.3267 and its formula amount, as typed and as shown
    assert_eq!(s(&book, "sheets.1.rows.8.5"), "420");
    assert_eq!(s(&book, "sheets.1.rows.8.6"), "112.3267");
    assert_eq!(s(&book, "sheets.1.rows.8.8"), "47177.214");
    // the merged group cell over the two price columns
    assert_eq!(s(&book, "sheets.1.rows.1.7"), "单价(元)");
    let merged: Array = get(&book, "sheets.1.merged").dyn_into().unwrap();
    assert!(merged.length() >= 2);
}

#[wasm_bindgen_test]
fn bad_bytes_throw_with_a_code() {
    assert_eq!(
        code(&vbp_savings_xlsx::read_workbook(bytes(b"")).unwrap_err()),
        "empty_input"
    );
    assert_eq!(
        code(&vbp_savings_xlsx::read_workbook(bytes(b"PK\x03\x04 not a zip")).unwrap_err()),
        "bad_workbook"
    );
    assert_eq!(
        code(&vbp_savings_xlsx::report_xlsx(JSON::parse("{}").unwrap(), None).unwrap_err()),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn a_report_written_as_xlsx_reads_back_with_its_figures() {
    let book = vbp_savings::import::xlsx::read_workbook(USAGE_XLSX).unwrap();
    let sheet = book.sheet(None).unwrap();
    let e = vbp_savings::estimate::inputs::estimate_rows(
        sheet.rows.clone(),
        "xlsx",
        Some(&sheet.name),
        vbp_savings::batch7().unwrap(),
        &Default::default(),
    )
    .unwrap();
    let report = JSON::parse(&serde_json::to_string(&e).unwrap()).unwrap();
    let out = vbp_savings_xlsx::report_xlsx(report, Some(text("en"))).unwrap();
    assert_eq!(&out[..2], b"PK");
    let back = vbp_savings_xlsx::read_workbook(bytes(&out)).unwrap();
    assert_eq!(s(&back, "sheets.0.name"), "Summary");
    let rows: Array = get(&back, "sheets.0.rows").dyn_into().unwrap();
    let total = rows
        .iter()
        .find(|r| get(r, "0").as_string().as_deref() == Some("Total"))
        .unwrap();
    assert_eq!(s(&total, "4"), e.totals.savings.normalize().to_string());
    assert_eq!(
        s(&total, "2"),
        e.totals.baseline_spend.normalize().to_string()
    );
}

#[wasm_bindgen_test]
fn a_programme_written_as_xlsx() {
    let rows = vec![
        vec![
            "批次".to_string(),
            "药品名称".into(),
            "数量".into(),
            "集采前单价".into(),
            "中选单价".into(),
        ],
        vec![
            "7".into(),
            "甲磺酸仑伐替尼胶囊".into(),
            "90".into(),
            "108".into(),
            "18".into(),
        ],
        vec![
            "9".into(),
            "某药".into(),
            "10".into(),
            "1".into(),
            "".into(),
        ],
    ];
    let p = vbp_savings::estimate::programme::estimate_programme(
        vec![vbp_savings::estimate::programme::ProgrammeInput::from_rows(
            "u.csv", rows,
        )],
        &[],
        &Default::default(),
    )
    .unwrap();
    let out = vbp_savings_xlsx::programme_xlsx(
        JSON::parse(&serde_json::to_string(&p).unwrap()).unwrap(),
        None,
    )
    .unwrap();
    let back = vbp_savings_xlsx::read_workbook(bytes(&out)).unwrap();
    assert_eq!(s(&back, "sheets.0.name"), "汇总");
    let rows: Array = get(&back, "sheets.0.rows").dyn_into().unwrap();
    let total = rows
        .iter()
        .find(|r| get(r, "0").as_string().as_deref() == Some("合计"))
        .unwrap();
    assert_eq!(s(&total, "4"), "8105.8");
}

#[wasm_bindgen_test]
fn an_evaluation_written_as_xlsx_reads_back_with_its_figures() {
    let purchases = include_bytes!("../../../tests/fixtures/evaluation/purchases.csv");
    let agreed = include_bytes!("../../../tests/fixtures/evaluation/agreed.csv");
    let options = vbp_savings::evaluation::EvaluateOptions {
        pre: Some("2021-11:2022-10".into()),
        post: Some("2022-11:2023-10".into()),
        as_of: Some("2023-06".into()),
        ..Default::default()
    };
    let e = vbp_savings::evaluation::evaluate(
        vbp_savings::batch7().unwrap(),
        vbp_savings::evaluation::Table::<String>::Csv(purchases),
        Some(vbp_savings::evaluation::Table::Csv(agreed)),
        &options,
    )
    .unwrap();
    let doc = JSON::parse(&serde_json::to_string(&e).unwrap()).unwrap();
    let out = vbp_savings_xlsx::evaluation_xlsx(doc, Some(text("zh"))).unwrap();
    assert_eq!(&out[..2], b"PK");
    let back = vbp_savings_xlsx::read_workbook(bytes(&out)).unwrap();
    assert_eq!(s(&back, "sheets.0.name"), "完成情况");
    // the first completion row, under the title, the periods and the header
    let c = &e.completion[0];
    assert_eq!(s(&back, "sheets.0.rows.5.1"), c.drug);
    assert_eq!(
        s(&back, "sheets.0.rows.5.10"),
        c.completion.unwrap().normalize().to_string()
    );
    assert_eq!(s(&back, "sheets.0.rows.5.13"), "正常");
    // not an evaluation: refused with a code
    assert_eq!(
        code(&vbp_savings_xlsx::evaluation_xlsx(JSON::parse("{}").unwrap(), None).unwrap_err()),
        "invalid_input"
    );
}
