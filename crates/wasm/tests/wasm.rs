//! The WebAssembly API as JavaScript sees it, run by `wasm-pack test --node -- --features wasm`
//! (and in headless Chromium with WASM_BINDGEN_USE_BROWSER=1 ... --headless --chrome).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use vbp_savings_wasm as wasm;

#[path = "support/js.rs"]
mod support;
use support::{bytes, code as error_code, get, js, s, text};

#[wasm_bindgen_test]
fn lenvatinib_course_saves_8100_through_the_js_api() {
    let r = wasm::estimate(js(r#"{"lines":[{"drug":"甲磺酸仑伐替尼胶囊","quantity":"90","baseline_unit_price":"108","vbp_unit_price":"18"}]}"#)).unwrap();
    assert_eq!(s(&r, "totals.baseline_spend"), "9720");
    assert_eq!(s(&r, "totals.vbp_spend"), "1620");
    assert_eq!(s(&r, "totals.savings"), "8100");
    assert_eq!(s(&r, "lines.0.price_source"), "input");
    assert_eq!(get(&r, "lines.0.line").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn js_numbers_are_read_as_the_decimal_a_person_typed() {
    // 0.1 and 0.2 are inexact binary doubles; read through Number#toString they are 0.1 and 0.2.
    let r = wasm::estimate(js(r#"{"lines":[{"drug":"某药","quantity":3,"baseline_unit_price":0.1,"vbp_unit_price":0.02}]}"#)).unwrap();
    assert_eq!(s(&r, "totals.baseline_spend"), "0.3");
    assert_eq!(s(&r, "totals.vbp_spend"), "0.06");
    assert_eq!(s(&r, "totals.savings"), "0.24");
}

#[wasm_bindgen_test]
fn oseltamivir_cut_is_84_51_percent() {
    let r = wasm::estimate(js(r#"{"lines":[{"drug":"磷酸奥司他韦胶囊","manufacturer":"东阳光","quantity":"30","baseline_unit_price":"6.45"}]}"#)).unwrap();
    assert_eq!(s(&r, "lines.0.vbp_unit_price"), "0.999");
    assert_eq!(s(&r, "lines.0.price_source"), "catalog");
    assert_eq!(
        wasm::format_percent(Some(text(&s(&r, "totals.savings_rate")))).unwrap(),
        "84.51%"
    );
}

#[wasm_bindgen_test]
fn bad_lines_are_rejected_by_index_and_good_lines_count() {
    let r = wasm::estimate(js(r#"{"lines":[
        {"drug":"A","quantity":"1","baseline_unit_price":"2"},
        {"drug":"B","quantity":"x","baseline_unit_price":"2"},
        {"drug":"C","quantity":{"nested":1},"baseline_unit_price":"2"},
        "not an object"
    ]}"#))
    .unwrap();
    assert_eq!(get(&r, "totals.lines").as_f64(), Some(1.0));
    let rejected: Array = get(&r, "rejected").dyn_into().unwrap();
    assert_eq!(rejected.length(), 3);
    assert_eq!(s(&r, "rejected.0.code"), "bad_number");
    assert_eq!(get(&r, "rejected.0.line").as_f64(), Some(2.0));
    assert!(get(&r, "rejected.0.column").is_null());
    assert_eq!(s(&r, "rejected.1.code"), "invalid_input");
    assert_eq!(s(&r, "rejected.1.field"), "quantity");
    assert_eq!(get(&r, "rejected.2.line").as_f64(), Some(4.0));
}

#[wasm_bindgen_test]
fn malformed_input_throws_an_error_with_a_code() {
    let e = wasm::estimate(JsValue::from_str("nope")).unwrap_err();
    assert_eq!(error_code(&e), "invalid_input");
    assert!(!s(&e, "messageZh").is_empty());
    let e = wasm::estimate(js(r#"{"lines":3}"#)).unwrap_err();
    assert_eq!(error_code(&e), "invalid_input");
    let e = wasm::estimate(js(r#"{"lines":[],"options":{"estimate_cut":"2"}}"#)).unwrap_err();
    assert_eq!(error_code(&e), "invalid_input");
}

#[wasm_bindgen_test]
fn csv_bytes_in_gbk_with_chinese_headers() {
    let (bytes, _, _) = encoding_rs::GB18030
        .encode("药品名称,数量,集采前单价,中选单价\r\n仑伐替尼,90,108,18\r\n坏行,abc,1,\r\n");
    let r = wasm::estimate_csv(support::bytes(&bytes), JsValue::UNDEFINED).unwrap();
    assert_eq!(s(&r, "input.encoding"), "GB18030");
    assert_eq!(s(&r, "totals.savings"), "8100");
    assert_eq!(get(&r, "rejected.0.line").as_f64(), Some(3.0));
    assert_eq!(get(&r, "rejected.0.column").as_f64(), Some(2.0));
    assert_eq!(s(&r, "rejected.0.header"), "数量");
}

#[wasm_bindgen_test]
fn unreadable_csv_throws_with_code() {
    assert_eq!(
        error_code(&wasm::estimate_csv(bytes(b""), JsValue::UNDEFINED).unwrap_err()),
        "empty_input"
    );
    assert_eq!(
        error_code(&wasm::estimate_csv(bytes(b"a,b\n1,2\n"), JsValue::UNDEFINED).unwrap_err()),
        "no_header"
    );
    assert_eq!(
        error_code(&wasm::estimate_csv(bytes(b"drug,quantity\n"), JsValue::UNDEFINED).unwrap_err()),
        "missing_column"
    );
}

#[wasm_bindgen_test]
fn options_reach_the_engine() {
    let opts: Object = js(r#"{"estimate_cut":"0.5","omit_lines":true}"#)
        .dyn_into()
        .unwrap();
    let r = wasm::estimate_csv(
        bytes(b"drug,quantity,baseline_unit_price\nX,2,10\n"),
        opts.into(),
    )
    .unwrap();
    assert_eq!(s(&r, "totals.savings"), "10");
    assert_eq!(Array::from(&get(&r, "lines")).length(), 0);
}

#[wasm_bindgen_test]
fn catalog_has_sourced_headline_facts_and_coverage() {
    let c = wasm::catalog_js().unwrap();
    assert_eq!(get(&c, "batch.drug_count.value").as_f64(), Some(60.0));
    assert_eq!(s(&c, "batch.average_price_cut.value"), "0.48");
    assert_eq!(s(&c, "batch.average_price_cut.confidence"), "H");
    assert!(!s(&c, "batch.average_price_cut.source").is_empty());
    assert_eq!(get(&c, "coverage.drug_count").as_f64(), Some(60.0));
    let entries: Array = get(&c, "entries").dyn_into().unwrap();
    assert!(entries.length() > 30);
    let lenv = entries.iter().find(|e| s(e, "id") == "lenvatinib").unwrap();
    assert_eq!(s(&lenv, "reference_price.value"), "18");
    assert_eq!(s(&lenv, "ceiling_price.value"), "108");
}

#[wasm_bindgen_test]
fn batch_facts_are_the_catalogs_own() {
    let facts = wasm::batch_facts_js().unwrap();
    let c = wasm::catalog_js().unwrap();
    let whole = JSON::stringify(&get(&c, "batch")).unwrap();
    assert_eq!(JSON::stringify(&facts).unwrap(), whole);
    assert_eq!(s(&facts, "average_price_cut.value"), "0.48");
    assert!(get(&facts, "entries").is_undefined());
}

#[wasm_bindgen_test]
fn format_report_renders_both_languages_and_rounding() {
    let r = wasm::estimate(js(r#"{"lines":[{"drug":"A","quantity":"1","baseline_unit_price":"2.345","vbp_unit_price":"0"}]}"#)).unwrap();
    let zh = wasm::format_report(r.clone(), None).unwrap();
    assert!(zh.contains("2.35"), "{zh}");
    assert!(zh.contains("四舍五入"));
    let en = wasm::format_report(r, Some(text("en"))).unwrap();
    assert!(en.contains("Savings"));
    assert_eq!(
        error_code(&wasm::format_report(Object::new().into(), None).unwrap_err()),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn display_rounding_is_half_away_from_zero() {
    assert_eq!(wasm::round_display(text("2.325")).unwrap(), "2.33");
    assert_eq!(wasm::round_display(text("-2.325")).unwrap(), "-2.33");
    assert_eq!(wasm::round_display(text("8100")).unwrap(), "8100.00");
    assert_eq!(
        error_code(&wasm::round_display(text("abc")).unwrap_err()),
        "bad_number"
    );
    let codes: Array = wasm::error_codes().dyn_into().unwrap();
    assert_eq!(codes.length() as usize, vbp_savings::ErrorCode::ALL.len());
}

// --- the page's bindings: search, CSV export, chart data, scenario comparison ---

#[wasm_bindgen_test]
fn search_catalog_by_pinyin_initials_with_one_typo() {
    let hits = wasm::search_api::search_catalog(text("lftn")).unwrap();
    assert_eq!(Array::from(&hits).length(), 1);
    assert_eq!(s(&hits, "0.id"), "lenvatinib");
    assert_eq!(s(&hits, "0.matched"), "initials");
    let hits = wasm::search_api::search_catalog(text("lfttn")).unwrap();
    assert_eq!(s(&hits, "0.id"), "lenvatinib");
    assert_eq!(s(&hits, "0.matched"), "fuzzy_initials");
    let hits = wasm::search_api::search_catalog(text("Oseltamivir")).unwrap();
    assert_eq!(s(&hits, "0.generic_name_zh"), "磷酸奥司他韦胶囊");
}

#[wasm_bindgen_test]
fn report_csv_has_bom_and_exact_amounts() {
    let r = wasm::estimate(js(r#"{"lines":[{"drug":"甲磺酸仑伐替尼胶囊","quantity":"90","baseline_unit_price":"108","vbp_unit_price":"18"}]}"#)).unwrap();
    let bytes = wasm::export_api::report_csv(r.clone(), Some(text("en"))).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("level,line,name,"));
    assert!(
        text.contains("\r\ntotal,,all,,,,,,,,9720,1620,8100,"),
        "{text}"
    );
    let zh =
        String::from_utf8(wasm::export_api::report_csv(r, None).unwrap()[3..].to_vec()).unwrap();
    assert!(zh.starts_with("层级,行号,名称,"));
}

#[wasm_bindgen_test]
fn cut_distribution_and_compare_through_js() {
    let a = wasm::estimate(js(r#"{"lines":[{"drug":"甲磺酸仑伐替尼胶囊","quantity":"90","baseline_unit_price":"108","vbp_unit_price":"18"}]}"#)).unwrap();
    let b = wasm::estimate(js(r#"{"lines":[{"drug":"甲磺酸仑伐替尼胶囊","quantity":"100","baseline_unit_price":"108","vbp_unit_price":"18"}]}"#)).unwrap();
    let bands = wasm::export_api::cut_distribution(a.clone()).unwrap();
    assert_eq!(Array::from(&bands).length(), 11);
    assert_eq!(get(&bands, "9.from").as_f64(), Some(80.0));
    assert_eq!(get(&bands, "9.known").as_f64(), Some(1.0));
    let c = wasm::export_api::compare_estimates(a, b).unwrap();
    assert_eq!(s(&c, "delta.savings"), "900");
    assert_eq!(s(&c, "b.savings"), "9000");
    let bad = wasm::export_api::compare_estimates(js("{}"), js("{}")).unwrap_err();
    assert_eq!(error_code(&bad), "invalid_input");
}

#[wasm_bindgen_test]
fn streaming_import_in_pieces_gives_the_whole_file_report() {
    let (bytes, _, _) = encoding_rs::GB18030.encode("标题行\r\n药品名称,数量,集采前单价,中选单价\r\n仑伐替尼,90,108,18\r\n坏行,abc,1,\r\n\"依折麦布片\",10,3,\r\n合计,1,1,1\r\n");
    let whole = wasm::estimate_csv(support::bytes(&bytes), JsValue::UNDEFINED).unwrap();
    let mut import = vbp_savings_wasm::stream_api::CsvImport::new(JsValue::UNDEFINED).unwrap();
    let mut last_bytes = 0.0;
    for piece in bytes.chunks(5) {
        let p = import.push(support::bytes(piece)).unwrap();
        let b = get(&p, "bytes").as_f64().unwrap();
        assert!(b > last_bytes);
        last_bytes = b;
    }
    let streamed = import.finish().unwrap();
    assert_eq!(
        JSON::stringify(&get(&streamed, "totals"))
            .unwrap()
            .as_string(),
        JSON::stringify(&get(&whole, "totals")).unwrap().as_string()
    );
    assert_eq!(
        JSON::stringify(&get(&streamed, "rejected"))
            .unwrap()
            .as_string(),
        JSON::stringify(&get(&whole, "rejected"))
            .unwrap()
            .as_string()
    );
    assert_eq!(s(&streamed, "input.encoding"), "GB18030");
    // finished: further use is an error value, not a crash
    assert_eq!(error_code(&import.finish().unwrap_err()), "invalid_input");
    assert_eq!(
        error_code(&import.push(support::bytes(b"x")).unwrap_err()),
        "invalid_input"
    );
}

#[wasm_bindgen_test]
fn an_estimate_cut_is_a_fraction_or_a_percentage() {
    // the core's reading of a cut (estimate::parse_cut): "48%" is 0.48, "48" is refused
    assert!(wasm::options_api::validate_options(js(r#"{"estimate_cut":"48%"}"#)).is_ok());
    assert_eq!(
        error_code(
            &wasm::options_api::validate_options(js(r#"{"estimate_cut":"48"}"#)).unwrap_err()
        ),
        "invalid_input"
    );
    let lines = r#"[{"drug":"某院内药品","quantity":"10","baseline_unit_price":"2"}]"#;
    let total = |cut: &str| {
        let r = wasm::estimate(js(&format!(
            r#"{{"lines":{lines},"options":{{"estimate_cut":"{cut}"}}}}"#
        )))
        .unwrap();
        let totals = js_sys::Reflect::get(&r, &"totals".into()).unwrap();
        js_sys::Reflect::get(&totals, &"savings".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(total("0.48"), "9.6");
    assert_eq!(total("48%"), "9.6");
    assert_eq!(total("４８％"), "9.6");
}

#[wasm_bindgen_test]
fn validate_options_checks_each_option_with_its_command_rule() {
    assert!(wasm::options_api::validate_options(js(r#"{"estimate_cut":"0.48","grade":"B","metric":"retained","cycle_end":"2025-12","winners":2}"#)).is_ok());
    assert!(wasm::options_api::validate_options(JsValue::UNDEFINED).is_ok());
    for (options, code) in [
        (r#"{"estimate_cut":"2"}"#, "invalid_input"),
        (r#"{"estimate_cut":0.48,"grade":"Z"}"#, "invalid_input"),
        (r#"{"metric":"profit"}"#, "invalid_input"),
        (r#"{"cycle_end":"2025-13"}"#, "bad_month"),
        (r#"{"winners":0}"#, "out_of_range"),
        (r#"{"estimateCut":"0.5"}"#, "invalid_input"),
    ] {
        assert_eq!(
            error_code(&wasm::options_api::validate_options(js(options)).unwrap_err()),
            code,
            "{options}"
        );
    }
}

#[wasm_bindgen_test]
fn line_objects_read_through_json_as_object_by_object() {
    use vbp_savings_interop::lines::{read_json, read_line, read_line_objects};
    // every kind of cell and line the object-by-object reader knows, in one array; the fast
    // reader (the array's JSON text) must give the same inputs and problems for each
    let lines = js_sys::eval(
        r#"[
          { drug: "甲磺酸仑伐替尼胶囊", quantity: 90, baseline_unit_price: "108", vbp_unit_price: 18 },
          { drug: "某药\n\"引号\"", quantity: 0.1, baseline_unit_price: 1e21, line: 7 },
          { drug: "某药", quantity: NaN, baseline_unit_price: 1 },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, vbp_unit_price: null },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, vbpUnitPrice: 2 },
          { drug: "某药", quantity: true, baseline_unit_price: { a: 1 } },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, line: 0 },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, line: 2.5 },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, date: "2024-08-21", kind: "药品" },
          42, "text", null, [1, 2],
          { drug: "某药", quantity: -3, baseline_unit_price: Infinity }
        ]"#,
    )
    .unwrap();
    let array = js_sys::Array::from(&lines);
    let fast = read_json(&array).expect("the array has JSON text");
    assert_eq!(
        format!("{fast:?}"),
        format!("{:?}", read_line_objects(&array))
    );
    let slow: Vec<_> = array
        .iter()
        .enumerate()
        .map(|(i, v)| read_line(&v, i as u64 + 1))
        .collect();
    assert_eq!(fast.len(), 14);
    assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
    // and a BigInt (no JSON text): object by object, the same
    let big = js_sys::eval(r#"[{ drug: "某药", quantity: 12n, baseline_unit_price: 1 }]"#).unwrap();
    let big = js_sys::Array::from(&big);
    assert!(read_json(&big).is_none(), "a BigInt has no JSON text");
    assert_eq!(
        format!("{:?}", read_line_objects(&big)),
        format!("{:?}", vec![read_line(&big.get(0), 1)])
    );
}

/// The fast reader, the object-by-object one (the reference) and the estimate read from the
/// array: the same lines, problems and report, for the cells JSON writes in its own way.
fn same_lines_both_ways(source: &str) -> js_sys::Array {
    use vbp_savings_interop::lines::{read_line, read_line_objects};
    // the array itself (Array::from would copy it into a plain array)
    let array: js_sys::Array = js_sys::eval(source).unwrap().dyn_into().unwrap();
    let slow: Vec<_> = array
        .iter()
        .enumerate()
        .map(|(i, v)| read_line(&v, i as u64 + 1))
        .collect();
    assert_eq!(
        format!("{:?}", read_line_objects(&array)),
        format!("{slow:?}"),
        "{source}"
    );
    // the estimate streams each line into the estimator as it is read: the same report as
    // the estimate of the reference reader's lines
    let input = Object::new();
    js_sys::Reflect::set(&input, &"lines".into(), &array).unwrap();
    let report = wasm::estimate(input.into()).unwrap();
    let reference = vbp_savings::estimate::inputs::estimate_numbered_lines(
        slow,
        vbp_savings::batch7().unwrap(),
        &vbp_savings::Options::default(),
    )
    .unwrap();
    assert_eq!(
        JSON::stringify(&report).unwrap().as_string().unwrap(),
        serde_json::to_string(&reference).unwrap(),
        "{source}"
    );
    array
}

#[wasm_bindgen_test]
fn line_objects_read_from_json_text_in_place_as_object_by_object() {
    use vbp_savings_interop::lines::read_json;
    // numbers as Number#toString writes them, strings with escapes (and one JSON can't
    // carry: a lone surrogate), keys whose values JSON leaves out (undefined, a function,
    // a symbol), null cells, an escaped key no line has
    let array = same_lines_both_ways(
        r#"[
          { drug: "甲磺酸仑伐替尼胶囊", quantity: 1e21, baseline_unit_price: -0, vbp_unit_price: 0.1 + 0.2 },
          { drug: "某药", quantity: 1e-7, baseline_unit_price: 123456789012345680000, amount: 5e-324 },
          { drug: "某药", quantity: 2, baseline_unit_price: 1.7976931348623157e308 },
          { drug: "tab\there \"quoted\" back\\slash \u2028 😀", quantity: "1", baseline_unit_price: "3" },
          { drug: "lone \uD800 surrogate", quantity: 1, baseline_unit_price: 1 },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, unit: undefined },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, note: undefined },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, vbp_unit_price: function () {} },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, kind: Symbol("k") },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, manufacturer: null, line: null },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, "a\nb": 2 },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, line: "12" },
          { drug: "某药", quantity: 1, baseline_unit_price: 1, line: 1e21 },
          { drug: "某药", quantity: 1, baseline_unit_price: true, line: false },
          {},
          { drug: "某药", quantity: 1, baseline_unit_price: 1, amount: { a: "}],\"{[", b: ["]", { c: "\\" }], d: [[[]]] } },
          { drug: "某药", 'we"i\\rd': 1, quantity: 1, baseline_unit_price: 1 },
          -1, true, "}", [{ drug: "某药" }]
        ]"#,
    );
    assert_eq!(
        format!("{:?}", read_json(&array).expect("the array has JSON text")),
        format!(
            "{:?}",
            vbp_savings_interop::lines::read_line_objects(&array)
        )
    );
    let lines = vbp_savings_interop::lines::read_line_objects(&array);
    // what JavaScript wrote, not a float's nearest decimal
    let cells = |i: usize| lines[i].1.as_ref().unwrap().clone();
    assert_eq!(cells(0).quantity.as_deref(), Some("1e+21"));
    assert_eq!(cells(0).baseline_unit_price.as_deref(), Some("0"));
    assert_eq!(
        cells(0).vbp_unit_price.as_deref(),
        Some("0.30000000000000004")
    );
    assert_eq!(cells(1).quantity.as_deref(), Some("1e-7"));
    assert_eq!(
        cells(3).drug.as_deref(),
        Some("tab\there \"quoted\" back\\slash \u{2028} 😀")
    );
    assert!(cells(5).unit.is_none(), "undefined is no value");
    let field = |i: usize| lines[i].1.as_ref().unwrap_err()[0].field.clone();
    assert_eq!(
        field(6).as_deref(),
        Some("note"),
        "an unknown key given as undefined"
    );
    assert_eq!(field(7).as_deref(), Some("vbp_unit_price"));
    assert_eq!(field(8).as_deref(), Some("kind"));
    assert_eq!(field(10).as_deref(), Some("a\nb"));
    assert_eq!(lines[11].0, 12);
    assert_eq!(field(12).as_deref(), Some("line"));
    assert_eq!(field(13).as_deref(), Some("line"));
    assert_eq!(field(15).as_deref(), Some("amount"));
    assert_eq!(field(16).as_deref(), Some("we\"i\\rd"));
    assert_eq!(lines.len(), 21);
}

#[wasm_bindgen_test]
fn line_objects_json_cannot_stand_for_are_read_object_by_object() {
    // a BigInt (no JSON text), the array's own toJSON (JSON of other lines), a cell nested
    // deeper than serde reads, an element that is not an object: each still as the reference
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    for source in [
        r#"[{ drug: "某药", quantity: 12n, baseline_unit_price: 1 }, { drug: "某药", quantity: 1, baseline_unit_price: 2 }]"#.to_string(),
        r#"Object.assign([{ drug: "某药", quantity: 1, baseline_unit_price: 2 }], { toJSON() { return []; } })"#.to_string(),
        r#"Object.assign([{ drug: "某药", quantity: 1, baseline_unit_price: 2 }], { toJSON() { return [{ drug: "别药", quantity: 9, baseline_unit_price: 9 }, 1]; } })"#.to_string(),
        format!(r#"[{{ drug: "某药", quantity: 1, baseline_unit_price: 2 }}, {{ drug: "某药", quantity: 1, baseline_unit_price: 2, amount: {deep} }}]"#),
        r#"[7, "text", [1], null, undefined, { drug: "某药", quantity: 1, baseline_unit_price: 2 }]"#.to_string(),
        // a class whose toJSON writes other lines: its pieces (slices, of the same class) too
        r#"(() => { class L extends Array { toJSON() { return [{ drug: "别药", quantity: 9, baseline_unit_price: 9 }]; } }
            return L.from({ length: 1500 }, (_, i) => ({ drug: "某药", quantity: i + 1, baseline_unit_price: 2 })); })()"#.to_string(),
        // more lines than a piece of JSON holds: an unknown key given as undefined in the
        // second piece, a known one in two others; then a BigInt in the last piece
        r#"Array.from({ length: 1300 }, (_, i) => ({ drug: "某药", quantity: i + 1, baseline_unit_price: 2, unit: i % 700 ? "片" : undefined, ...(i === 600 ? { note: undefined } : {}) }))"#.to_string(),
        r#"Array.from({ length: 1300 }, (_, i) => ({ drug: "某药", quantity: i === 1299 ? 1n : i + 1, baseline_unit_price: 2 }))"#.to_string(),
    ] {
        same_lines_both_ways(&source);
    }
}
