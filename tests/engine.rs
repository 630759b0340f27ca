//! Native integration tests of the public API: published figures, CSV files as
//! hospital systems write them, rejected rows, and the report's structure.
#![cfg(not(target_arch = "wasm32"))]

use rust_decimal::Decimal;
use std::str::FromStr;
use vbp_savings::{estimate, estimate_csv, ErrorCode, LineInput, Options, PriceSource};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn line(drug: &str, qty: &str, base: &str, vbp: Option<&str>) -> LineInput {
    LineInput {
        drug: Some(drug.into()),
        quantity: Some(qty.into()),
        baseline_unit_price: Some(base.into()),
        vbp_unit_price: vbp.map(Into::into),
        ..Default::default()
    }
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

#[test]
fn lenvatinib_90_capsules_at_the_nhsa_average_prices_save_8100_yuan() {
    // NHSA: lenvatinib's average price fell from 108 to 18 yuan per capsule, and a patient saves
    // 8,100 yuan per treatment course. The sources do not say how many capsules a course is:
    // 90 is worked back from 8,100 ÷ (108 − 18), not published.
    let r = estimate(
        &[line("甲磺酸仑伐替尼胶囊", "90", "108", Some("18"))],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.totals.baseline_spend, d("9720"));
    assert_eq!(r.totals.vbp_spend, d("1620"));
    assert_eq!(r.totals.savings, d("8100"));
    assert_eq!(r.lines[0].price_source, PriceSource::Input);
}

#[test]
fn lenvatinib_from_the_catalog_uses_the_nhsa_average() {
    let r = estimate(&[line("仑伐替尼", "90", "108", None)], &Options::default()).unwrap();
    assert_eq!(r.lines[0].price_source, PriceSource::Catalog);
    assert_eq!(r.lines[0].vbp_unit_price, d("18"));
    assert_eq!(r.totals.savings, d("8100"));
    assert!(r
        .assumptions
        .iter()
        .any(|a| a.code == "reference_price:lenvatinib"));
}

#[test]
fn lenvatinib_of_a_named_supplier_without_its_own_price_is_estimated_at_the_average() {
    let with = |m: &str| {
        let mut l = line("甲磺酸仑伐替尼胶囊", "90", "108", None);
        l.manufacturer = Some(m.into());
        estimate(&[l], &Options::default()).unwrap()
    };
    // a winner whose own price was not found: the average, marked estimated, saying why
    let qilu = with("齐鲁制药有限公司");
    assert_eq!(
        (qilu.lines[0].price_source, qilu.lines[0].vbp_unit_price),
        (PriceSource::Estimated, d("18"))
    );
    assert!(
        qilu.lines[0]
            .price_basis
            .contains("is a winner whose own price was not found"),
        "{}",
        qilu.lines[0].price_basis
    );
    assert!(qilu.lines[0]
        .price_basis_zh
        .contains("为中选企业，但未找到其自身中选价"));
    // a company that is not among the winners: the same, and it says so
    let other = with("某未中选企业");
    assert_eq!(other.lines[0].price_source, PriceSource::Estimated);
    assert!(
        other.lines[0]
            .price_basis
            .contains("is not among the known winners (先声药业, 江苏奥赛康"),
        "{}",
        other.lines[0].price_basis
    );
    // a winner with its own known price: that price (96 yuan per box of 30 = 3.2)
    let simcere = with("先声药业");
    assert_eq!(
        (
            simcere.lines[0].price_source,
            simcere.lines[0].vbp_unit_price
        ),
        (PriceSource::Catalog, d("3.2"))
    );
    // no manufacturer: the NHSA's published average, with its caveat in both languages
    let r = estimate(
        &[line("甲磺酸仑伐替尼胶囊", "90", "108", None)],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.lines[0].price_source, PriceSource::Catalog);
    assert!(r.lines[0]
        .price_basis_zh
        .contains("所用供应企业的实际中选价可能不同"));
}

#[test]
fn oseltamivir_ceiling_to_lowest_bid_is_an_84_51_percent_cut() {
    let mut l = line("磷酸奥司他韦胶囊", "30", "6.45", None);
    l.manufacturer = Some("宜昌东阳光长江药业股份有限公司".into());
    let r = estimate(&[l], &Options::default()).unwrap();
    let pl = &r.lines[0];
    assert_eq!(pl.price_source, PriceSource::Catalog);
    assert_eq!(pl.vbp_unit_price, d("0.999"));
    assert_eq!(pl.vbp_spend, d("29.97")); // one box of 30 at the winning 29.97 yuan
    assert_eq!(
        vbp_savings::report::text::format_percent(pl.savings_rate),
        "84.51%"
    );
    assert_eq!(
        r.price_cut
            .all_drugs
            .simple_average
            .map(|c| vbp_savings::values::money::round_dp(c, 4)),
        Some(d("0.8451"))
    );
}

#[test]
fn missing_vbp_price_is_estimated_at_the_batch_cut_and_marked() {
    let r = estimate(
        &[line("某未列明药品", "10", "10", None)],
        &Options::default(),
    )
    .unwrap();
    let pl = &r.lines[0];
    assert_eq!(pl.price_source, PriceSource::Estimated);
    assert_eq!(pl.vbp_unit_price, d("5.2"));
    assert_eq!(r.by_price_source.estimated.lines, 1);
    assert_eq!(r.by_price_source.estimated.savings, d("48"));
    assert!(r.by_drug[0].estimated);
    assert!(r.warnings.iter().any(|w| w.code == "not_in_catalog"));
    assert!(r.assumptions.iter().any(|a| a.code == "estimated_prices"));
    // known-price averages leave the estimate out instead of mixing it in
    assert_eq!(r.price_cut.known_prices_only.drugs, 0);
    assert_eq!(r.price_cut.all_drugs.drugs, 1);
}

#[test]
fn a_drug_with_its_own_sourced_cut_is_estimated_at_that_cut() {
    // Nifedipine controlled-release: average −58% (reach24h, M).
    let r = estimate(
        &[line("硝苯地平控释片", "100", "2", None)],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.lines[0].price_source, PriceSource::Estimated);
    assert_eq!(r.lines[0].vbp_unit_price, d("0.84"));
    assert!(r.lines[0].price_basis.contains("58%"));
}

#[test]
fn estimate_cut_option_overrides_and_is_validated() {
    let opts = Options {
        estimate_cut: Some(d("0.5")),
        ..Default::default()
    };
    let r = estimate(&[line("某药", "2", "10", None)], &opts).unwrap();
    assert_eq!(r.totals.savings, d("10"));
    let bad = Options {
        estimate_cut: Some(d("1.5")),
        ..Default::default()
    };
    assert_eq!(
        estimate(&[], &bad).unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn withdrawn_drug_without_price_is_rejected_not_estimated() {
    let r = estimate(
        &[
            line("磺胺甲噁唑", "10", "1", None),
            line("磺胺甲噁唑", "10", "1", Some("0.5")),
        ],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].code, ErrorCode::NotInBatch);
    assert_eq!(r.rejected[0].line, 1);
    assert_eq!(r.totals.lines, 1);
}

#[test]
fn returns_net_against_the_same_drug() {
    let r = estimate(
        &[
            line("依折麦布片", "100", "3", Some("1.2")),
            line("ezetimibe", "-40", "3", Some("1.2")),
        ],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.by_drug.len(), 1, "Chinese and English names are one drug");
    assert_eq!(r.by_drug[0].quantity, d("60"));
    assert_eq!(r.by_drug[0].sums.savings, d("108"));
    assert_eq!(r.totals.savings, d("108"));
}

#[test]
fn net_negative_drug_is_warned_and_left_out_of_averages() {
    let r = estimate(&[line("某药", "-5", "2", Some("1"))], &Options::default()).unwrap();
    assert!(r.warnings.iter().any(|w| w.code == "net_negative_quantity"));
    assert_eq!(r.price_cut.excluded_drugs, vec!["某药"]);
    assert_eq!(r.price_cut.all_drugs.drugs, 0);
}

#[test]
fn aggregates_per_drug_category_and_two_kinds_of_average() {
    let r = estimate(
        &[
            line("A药", "100", "10", Some("5")), // 50% cut, spend 1000
            line("B药", "10", "10", Some("9")),  // 10% cut, spend 100
        ],
        &Options::default(),
    )
    .unwrap();
    assert_eq!(r.price_cut.all_drugs.simple_average, Some(d("0.3")));
    assert_eq!(
        r.price_cut.all_drugs.spend_weighted,
        Some(d("0.463636363636"))
    );
    assert_eq!(r.by_drug[0].drug, "A药", "ranked by savings");
    assert_eq!(r.by_category.len(), 1);
    assert_eq!(r.by_category[0].label.key, "uncategorized");
    assert_eq!(r.by_category[0].drugs, 2);
}

#[test]
fn csv_in_utf8_with_bom_english_headers() {
    let csv = "\u{feff}drug,quantity,baseline_unit_price,vbp_unit_price\nLenvatinib,90,108,18\n";
    let r = estimate_csv(csv.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.input.encoding.as_deref(), Some("UTF-8 (BOM)"));
    assert_eq!(r.totals.savings, d("8100"));
    assert_eq!(r.lines[0].line, 2);
}

#[test]
fn csv_in_gbk_with_title_row_chinese_headers_and_decorated_numbers() {
    let text = "某医院第七批集采药品使用情况（2023年）\r\n\
序号,通用名,规格,单位,数量,集采前单价(元),中选单价(元),生产企业\r\n\
1,甲磺酸仑伐替尼胶囊,4mg,粒,\"1,200\",￥108.00,18,\r\n\
2,马来酸阿法替尼片,30mg,片, ３００ ,112.3267,,\r\n\
3,依巴斯汀片,10mg,片,-14,¥0.80,0.349,\r\n\
,合计,,,,,,\r\n";
    let r = estimate_csv(&gbk(text), &Options::default()).unwrap();
    assert_eq!(r.input.encoding.as_deref(), Some("GB18030"));
    assert_eq!(r.input.header_line, Some(2));
    assert_eq!(r.input.lines_before_header, 1);
    assert_eq!(r.totals.lines, 3);
    assert_eq!(r.lines[0].quantity, d("1200"));
    assert_eq!(r.lines[1].quantity, d("300"));
    assert_eq!(r.lines[1].price_source, PriceSource::Estimated);
    // baseline = 1200×108 + 300×112.3267 − 14×0.80
    assert_eq!(
        r.totals.baseline_spend,
        d("129600") + d("33698.01") - d("11.2")
    );
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].code, ErrorCode::SummaryRow);
    assert_eq!(r.rejected[0].line, 6);
}

#[test]
fn bad_rows_are_reported_by_line_and_column_and_good_rows_still_count() {
    let csv = "药品名称,数量,集采前单价,中选单价\n\
A药,10,2,1\n\
,10,2,1\n\
B药,abc,2,1\n\
C药,10,-2,1\n\
D药,10,0,1\n\
E药,10,2,-1\n\
F药,,2,1\n\
G药,10,,1\n\
H药,1e400,2,1\n\
I药,10,2,\n";
    let r = estimate_csv(csv.as_bytes(), &Options::default()).unwrap();
    let codes: Vec<(u64, Option<u32>, ErrorCode)> = r
        .rejected
        .iter()
        .map(|p| (p.line, p.column, p.code))
        .collect();
    assert_eq!(
        codes,
        vec![
            (3, Some(1), ErrorCode::MissingDrug),
            (4, Some(2), ErrorCode::BadNumber),
            (5, Some(3), ErrorCode::NegativePrice),
            (6, Some(3), ErrorCode::ZeroBaselinePrice),
            (7, Some(4), ErrorCode::NegativePrice),
            (8, Some(2), ErrorCode::MissingQuantity),
            (9, Some(3), ErrorCode::MissingBaselinePrice),
            (10, Some(2), ErrorCode::Overflow),
        ]
    );
    assert_eq!(r.rejected[1].header.as_deref(), Some("数量"));
    assert_eq!(r.rejected[1].value.as_deref(), Some("abc"));
    assert_eq!(r.totals.lines, 2);
    assert_eq!(r.input.rows, 10);
    assert_eq!(r.input.accepted + r.input.rejected, r.input.rows);
    assert!(r
        .rejected
        .iter()
        .all(|p| !p.message.is_empty() && !p.message_zh.is_empty()));
}

#[test]
fn a_row_with_several_problems_reports_each() {
    let csv = "drug,quantity,baseline_unit_price\n,x,-1\n";
    let r = estimate_csv(csv.as_bytes(), &Options::default()).unwrap();
    let codes: Vec<ErrorCode> = r.rejected.iter().map(|p| p.code).collect();
    assert_eq!(
        codes,
        vec![
            ErrorCode::MissingDrug,
            ErrorCode::BadNumber,
            ErrorCode::NegativePrice
        ]
    );
    assert_eq!(r.input.rejected, 1, "one row, three problems");
}

#[test]
fn whole_file_errors_are_values_with_codes() {
    let o = Options::default();
    assert_eq!(
        estimate_csv(b"", &o).unwrap_err().code,
        ErrorCode::EmptyInput
    );
    assert_eq!(
        estimate_csv(b"\n\n  \n", &o).unwrap_err().code,
        ErrorCode::EmptyInput
    );
    assert_eq!(
        estimate_csv(b"drug,quantity\nx,1\n", &o).unwrap_err().code,
        ErrorCode::MissingColumn
    );
    assert_eq!(
        estimate_csv(b"a,b,c\n1,2,3\n", &o).unwrap_err().code,
        ErrorCode::NoHeader
    );
    assert_eq!(
        estimate_csv(b"drug,quantity,baseline_unit_price,qty\n", &o)
            .unwrap_err()
            .code,
        ErrorCode::DuplicateColumn
    );
    assert_eq!(
        estimate_csv(b"PK\x03\x04\x14\x00\x06\x00", &o)
            .unwrap_err()
            .code,
        ErrorCode::Encoding
    );
}

#[test]
fn header_only_gives_an_empty_report() {
    let r = estimate_csv(b"drug,quantity,baseline_unit_price\n", &Options::default()).unwrap();
    assert_eq!(r.totals.lines, 0);
    assert_eq!(r.totals.savings, Decimal::ZERO);
    assert_eq!(r.totals.savings_rate, None);
}

#[test]
fn unterminated_quote_is_reported_where_it_opened_and_earlier_rows_count() {
    let csv = "drug,quantity,baseline_unit_price,vbp_unit_price\nA,1,2,1\nB,\"1,2,1\nC,1,2,1\n";
    let r = estimate_csv(csv.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.totals.lines, 1);
    assert_eq!(r.rejected[0].code, ErrorCode::UnterminatedQuote);
    assert_eq!((r.rejected[0].line, r.rejected[0].column), (3, Some(2)));
    assert!(r.rejected[0].message.contains("1 line"));
}

#[test]
fn utf8_file_with_a_damaged_row_rejects_only_that_row() {
    let mut b = "药品名称,数量,集采前单价,中选单价\n仑伐替尼,90,108,18\n"
        .as_bytes()
        .to_vec();
    b.extend_from_slice(b"bad\xFF\xFE,1,1,1\n");
    b.extend_from_slice("依折麦布片,10,3,1.2\n".as_bytes());
    let r = estimate_csv(&b, &Options::default()).unwrap();
    assert_eq!(r.totals.lines, 2);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].code, ErrorCode::Encoding);
    assert_eq!(r.rejected[0].line, 3);
}

#[test]
fn tab_separated_utf16_as_excel_unicode_text() {
    let text = "药品名称\t数量\t集采前单价\t中选单价\r\n仑伐替尼\t90\t108\t18\r\n";
    let mut b = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    let r = estimate_csv(&b, &Options::default()).unwrap();
    assert_eq!(r.input.delimiter.as_deref(), Some("tab"));
    assert_eq!(r.totals.savings, d("8100"));
}

#[test]
fn catalog_price_is_not_used_when_units_differ() {
    let mut l = line("仑伐替尼", "3", "3240", None);
    l.unit = Some("盒".into());
    let r = estimate(&[l], &Options::default()).unwrap();
    assert_eq!(r.lines[0].price_source, PriceSource::Estimated);
    // per box, with no specification to say how many capsules a box holds
    assert!(r.warnings.iter().any(|w| w.code == "pack_size_unknown"));
    // a tablet is never a capsule: that is a unit mismatch
    let mut l = line("仑伐替尼", "3", "3240", None);
    l.unit = Some("片".into());
    let r = estimate(&[l], &Options::default()).unwrap();
    assert!(r.warnings.iter().any(|w| w.code == "unit_mismatch"));
}

#[test]
fn manufacturer_prices_are_used_per_manufacturer_only() {
    // ebastine has two known winners at different prices: no manufacturer → estimate + hint
    let r = estimate(&[line("依巴斯汀片", "14", "1", None)], &Options::default()).unwrap();
    assert_eq!(r.lines[0].price_source, PriceSource::Estimated);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "catalog_needs_manufacturer"));
    let mut l = line("依巴斯汀片", "14", "1", None);
    l.manufacturer = Some("江苏联环药业股份有限公司".into());
    let r = estimate(&[l], &Options::default()).unwrap();
    assert_eq!(r.lines[0].price_source, PriceSource::Catalog);
    // 7.92 yuan / 14 tablets does not terminate: the unit price is rounded to 10 dp and says so
    assert_eq!(r.lines[0].vbp_unit_price, d("0.5657142857"));
    assert!(r.lines[0]
        .price_basis
        .contains("rounded to 10 decimal places"));
}

#[test]
fn amount_column_mismatch_warns_about_units() {
    let csv = "药品名称,数量,单价,金额\n依折麦布片,3,38.89,116.67\n依折麦布片,3,38.89,1.30\n";
    let r = estimate_csv(csv.as_bytes(), &Options::default()).unwrap();
    let w: Vec<u64> = r
        .warnings
        .iter()
        .filter(|w| w.code == "amount_mismatch")
        .filter_map(|w| w.line)
        .collect();
    assert_eq!(w, vec![3]);
    assert!(r
        .input
        .columns
        .iter()
        .any(|c| c.field == "baseline_unit_price" && c.note.is_some()));
}

#[test]
fn report_serialises_decimals_as_exact_strings_and_renders_text() {
    let r = estimate(
        &[line("依折麦布片", "3", "38.89", Some("1.29633"))],
        &Options::default(),
    )
    .unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["totals"]["baseline_spend"], "116.67");
    assert_eq!(json["totals"]["vbp_spend"], "3.88899");
    assert_eq!(json["lines"][0]["price_source"], "input");
    assert_eq!(json["rejected"], serde_json::json!([]));
    let back: vbp_savings::Estimate = serde_json::from_value(json).unwrap();
    assert_eq!(back, r);
    let text = vbp_savings::report::text::render(&r, vbp_savings::report::text::Lang::En);
    assert!(text.contains("Savings"));
    assert!(text.contains("112.78"), "{text}"); // 116.67 − 3.88899 = 112.78101 → 112.78
    let zh = vbp_savings::report::text::render(&r, vbp_savings::report::text::Lang::Zh);
    assert!(zh.contains("四舍五入"));
}

#[test]
fn english_text_counts_one_row_in_the_singular() {
    let r = estimate_csv(
        "drug,quantity,baseline_unit_price\n某药,1,2\n".as_bytes(),
        &Options::default(),
    )
    .unwrap();
    let en = vbp_savings::report::text::render(&r, vbp_savings::report::text::Lang::En);
    assert!(en.contains("Input: 1 data row ("), "{en}");
    assert!(
        en.contains("of which estimated (no known VBP price): 1 line, savings"),
        "{en}"
    );
    let two = estimate_csv(
        "drug,quantity,baseline_unit_price\n某药,1,2\n某药,1,2\n".as_bytes(),
        &Options::default(),
    )
    .unwrap();
    assert!(
        vbp_savings::report::text::render(&two, vbp_savings::report::text::Lang::En)
            .contains("Input: 2 data rows (")
    );
}

#[test]
fn a_match_decision_for_a_line_that_was_not_priced_is_a_warning() {
    let mut o = Options::default();
    o.overrides.insert(1, "oseltamivir#1".into());
    o.overrides.insert(2, "oseltamivir#1".into()); // line 2 is rejected
    o.overrides.insert(99, "lenvatinib".into()); // there is no line 99
    let r = estimate(
        &[
            line("磷酸奥司他韦胶囊", "10", "6.45", None),
            line("磷酸奥司他韦胶囊", "abc", "6.45", None),
        ],
        &o,
    )
    .unwrap();
    let lines: Vec<Option<u64>> = r
        .warnings
        .iter()
        .filter(|w| w.code == "override_not_applied")
        .map(|w| w.line)
        .collect();
    assert_eq!(lines, vec![Some(2), Some(99)]);
    assert!(r
        .warnings
        .iter()
        .any(|w| w.message_zh.contains("第99行的匹配决定未生效")));
}

#[test]
fn a_line_per_box_is_priced_per_box_from_the_pack_its_specification_states() {
    let boxed = |drug: &str, spec: &str, unit: &str, qty: &str, base: &str, m: Option<&str>| {
        let mut l = line(drug, qty, base, None);
        l.specification = Some(spec.into());
        l.unit = Some(unit.into());
        l.manufacturer = m.map(Into::into);
        estimate(&[l], &Options::default()).unwrap()
    };
    // lenvatinib, 3 boxes of 30 capsules at 3240 a box: the NHSA average 18 × 30 = 540 a box, as for 90 capsules
    let r = boxed("甲磺酸仑伐替尼胶囊", "4mg*30粒", "盒", "3", "3240", None);
    assert_eq!(
        (
            r.lines[0].price_source,
            r.lines[0].vbp_unit_price,
            r.totals.savings
        ),
        (PriceSource::Catalog, d("540"), d("8100"))
    );
    assert!(
        r.lines[0]
            .price_basis
            .contains("× 30 capsule per 盒 (specification '4mg*30粒') = 540 per 盒"),
        "{}",
        r.lines[0].price_basis
    );
    // oseltamivir, 东阳光's 29.97 per box of 30: a box of 10 is 9.99 (the exact unit price 0.999 × 10)
    let r = boxed(
        "磷酸奥司他韦胶囊",
        "75mg×10粒/盒",
        "盒",
        "2",
        "64.5",
        Some("东阳光"),
    );
    assert_eq!(
        (r.lines[0].price_source, r.lines[0].vbp_unit_price),
        (PriceSource::Catalog, d("9.99"))
    );
    // the same pack as the product's: its pack price exactly
    let r = boxed(
        "磷酸奥司他韦胶囊",
        "75mg×30粒/盒",
        "盒",
        "1",
        "193.5",
        Some("东阳光"),
    );
    assert_eq!(r.lines[0].vbp_unit_price, d("29.97"));
    // a box whose pack cannot be read: not priced from the catalog, and the note says why
    let r = boxed("甲磺酸仑伐替尼胶囊", "4mg", "盒", "3", "3240", None);
    assert_eq!(r.lines[0].price_source, PriceSource::Estimated);
    assert!(
        r.warnings.iter().any(|w| w.code == "pack_size_unknown"),
        "{:?}",
        r.warnings
    );
}
