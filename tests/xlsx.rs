//! Spreadsheets end to end (feature `xlsx`): a workbook written by LibreOffice Calc
//! (tests/fixtures/xlsx/make_fixtures.py) gives exactly the totals of its CSV twin; a
//! table in the official result-table layout becomes a catalog that prices a usage file;
//! the report written as .xlsx reads back as the same figures.
#![cfg(feature = "xlsx")]

use rust_decimal::Decimal;
use std::str::FromStr;
use vbp_savings::estimate::inputs::estimate_xlsx;
use vbp_savings::estimate::matching::MatchStatus;
use vbp_savings::import::result_table::{import_rows, ResultTableOptions};
use vbp_savings::import::xlsx::read_workbook;
use vbp_savings::{batch7, estimate_csv, ErrorCode, Options, PriceSource};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/xlsx/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn workbook_and_csv_twin_give_exactly_the_same_estimate() {
    let xlsx = estimate_xlsx(
        &fixture("usage_twin.xlsx"),
        None,
        batch7().unwrap(),
        &Options::default(),
    )
    .unwrap();
    let csv = estimate_csv(&fixture("usage_twin.csv"), &Options::default()).unwrap();
    assert_eq!(xlsx.input.kind, "xlsx");
    assert_eq!(
        xlsx.input.sheet.as_deref(),
        Some("用量明细"),
        "the first sheet with a header is read by default"
    );
    assert_eq!(
        (xlsx.input.header_line, xlsx.input.header_rows),
        (Some(2), 2)
    );
    assert_eq!((csv.input.header_line, csv.input.header_rows), (Some(2), 2));
    assert_eq!(xlsx.totals, csv.totals);
    assert_eq!(xlsx.by_price_source, csv.by_price_source);
    assert_eq!(xlsx.lines, csv.lines);
    assert_eq!(xlsx.by_drug, csv.by_drug);
    assert_eq!(xlsx.rejected, csv.rejected);
    // and those totals are the exact figures: quantity × price per line, by hand
    let lines = [
        ("1800", "108", "18"),
        ("-60", "108", "18"),
        ("12000", "6.45", "0.999"),         // catalog: 东阳光 29.97 / 30
        ("900", "2.8", "1.2963333333"),     // catalog: Sandoz 38.89 / 30, 10 dp
        ("250", "210.5", "86.81"),          // catalog: Astellas per vial
        ("420", "112.3267", "58.409884"),   // estimated: 112.3267 × 0.52
        ("1400", "1.2345", "0.5657142857"), // catalog: 联环 7.92 / 14, 10 dp
        ("1000", "0.1", "0.05"),
    ];
    let (mut base, mut vbp) = (Decimal::ZERO, Decimal::ZERO);
    for (q, b, v) in lines {
        base += d(q) * d(b);
        vbp += d(q) * d(v);
    }
    assert_eq!(xlsx.totals.baseline_spend, base);
    assert_eq!(xlsx.totals.vbp_spend, vbp);
    assert_eq!(xlsx.totals.savings, base - vbp);
    assert_eq!(
        xlsx.lines.iter().map(|l| l.line).collect::<Vec<_>>(),
        vec![4, 5, 6, 7, 8, 9, 10, 11]
    );
    let rejected: Vec<(u64, Option<u32>, ErrorCode)> = xlsx
        .rejected
        .iter()
        .map(|p| (p.line, p.column, p.code))
        .collect();
    assert_eq!(
        rejected,
        vec![
            (12, Some(6), ErrorCode::BadNumber),
            (13, Some(7), ErrorCode::ZeroBaselinePrice),
            (14, Some(2), ErrorCode::SummaryRow)
        ]
    );
    assert_eq!(xlsx.rejected[0].header.as_deref(), Some("数量"));
    // a formula's value (420 × 112.3267) reads as the figure the cell shows: no amount warning
    assert!(
        !xlsx.warnings.iter().any(|w| w.code == "amount_mismatch"),
        "{:?}",
        xlsx.warnings
    );
}

#[test]
fn sheets_are_listed_and_picked_by_name() {
    let book = read_workbook(&fixture("usage_twin.xlsx")).unwrap();
    assert_eq!(book.format, "xlsx");
    assert_eq!(
        book.sheets
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        vec!["说明", "用量明细"]
    );
    assert_eq!(book.default_sheet, Some(1));
    let s = &book.sheets[1];
    assert_eq!(s.header_row, Some(2));
    // merged title and header text fill their ranges; numbers are the decimals typed
    assert_eq!(s.rows[0][8], s.rows[0][0]);
    assert_eq!(
        (s.rows[1][6].as_str(), s.rows[1][7].as_str()),
        ("单价(元)", "单价(元)")
    );
    assert_eq!(
        (s.rows[2][1].as_str(), s.rows[2][6].as_str()),
        ("药品名称", "集采前")
    );
    assert_eq!(s.rows[8][6], "112.3267");
    assert_eq!(s.rows[8][8], "47177.214");
    assert!(s.merged.contains(&[1, 1, 1, 9]));
    let e = estimate_xlsx(
        &fixture("usage_twin.xlsx"),
        Some("说明"),
        batch7().unwrap(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NoHeader);
    let e = estimate_xlsx(
        &fixture("usage_twin.xlsx"),
        Some("Sheet9"),
        batch7().unwrap(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::SheetNotFound);
    assert!(e.message.contains("用量明细"));
}

#[test]
fn a_result_table_becomes_a_catalog_that_prices_a_usage_file() {
    let book = read_workbook(&fixture("result_table.xlsx")).unwrap();
    let rows = vbp_savings::import::table::numbered_rows(book.sheets[0].rows.clone());
    let import = import_rows(
        rows,
        &ResultTableOptions {
            batch: Some(7),
            label: Some("result_table.xlsx".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(import.products.len(), 8);
    // tigecycline "50mg", priced per box, states no pack quantity: asked for, not guessed
    assert_eq!(
        import
            .needs_pack_quantity
            .iter()
            .map(|p| (p.line, p.code))
            .collect::<Vec<_>>(),
        vec![(9, ErrorCode::UnknownPackQuantity)]
    );
    let unit_price = |company: &str| {
        import
            .products
            .iter()
            .find(|p| p.manufacturer.as_deref() == Some(company))
            .unwrap()
            .unit_price
    };
    assert_eq!(unit_price("Hetero Labs"), Some(d("1.65")));
    assert_eq!(unit_price("东阳光"), Some(d("0.999")));
    assert_eq!(unit_price("联环药业"), Some(d("0.5657142857")));
    assert_eq!(unit_price("Bracco"), Some(d("119.279")));
    assert_eq!(unit_price("先声药业"), Some(d("3.2")));

    // the same usage rows against the imported catalog
    let usage = [
        vec!["药品名称", "规格", "生产企业", "数量", "集采前单价"],
        vec![
            "磷酸奥司他韦胶囊",
            "75mg*10粒",
            "宜昌东阳光长江药业股份有限公司",
            "12000",
            "6.45",
        ],
        vec![
            "依巴斯汀片",
            "10mg*14片",
            "江苏联环药业股份有限公司",
            "1400",
            "1.2345",
        ],
        vec![
            "碘帕醇注射液",
            "100ml:37g(I)",
            "Shanghai Bracco Sine Pharmaceutical",
            "40",
            "200",
        ],
        vec!["磷酸奥司他韦胶囊", "75mg", "", "100", "6.45"],
        vec!["注射用替加环素", "50mg", "Pfizer", "30", "500"],
    ];
    let rows: Vec<Vec<String>> = usage
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let est = vbp_savings::estimate::inputs::estimate_rows(
        rows.clone(),
        "rows",
        None,
        &import.catalog,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(est.batch, 7);
    let by_line = |n: u64| est.lines.iter().find(|l| l.line == n).unwrap();
    assert_eq!(
        (by_line(2).vbp_unit_price, by_line(2).price_source),
        (d("0.999"), PriceSource::Catalog)
    );
    assert_eq!(by_line(3).vbp_unit_price, d("0.5657142857"));
    assert_eq!(by_line(4).vbp_unit_price, d("119.279"));
    assert_eq!(by_line(4).product.as_deref(), Some("t6#1"));
    // no manufacturer: two winners could be meant; listed for review and estimated meanwhile
    assert_eq!(by_line(5).match_status, Some(MatchStatus::Uncertain));
    assert_eq!(by_line(5).price_source, PriceSource::Estimated);
    assert_eq!(est.review.len(), 1);
    assert_eq!(est.review[0].candidates.len(), 2);
    // tigecycline is not in the catalog until its pack quantity is given
    assert_eq!(by_line(6).price_source, PriceSource::Estimated);

    // the user answers: tigecycline 10 per box (the source's pack), line 5 bought from Hetero
    let mut o = ResultTableOptions {
        batch: Some(7),
        ..Default::default()
    };
    o.pack_quantities.insert(9, "10".into());
    let book_rows = vbp_savings::import::table::numbered_rows(book.sheets[0].rows.clone());
    let import = import_rows(book_rows, &o).unwrap();
    // answering a pack quantity adds tigecycline without renumbering the other drugs
    let bracco = import
        .products
        .iter()
        .find(|p| p.manufacturer.as_deref() == Some("Bracco"))
        .unwrap();
    assert_eq!(bracco.product, "t6#1");
    let saved = serde_json::to_string(&import.catalog).unwrap();
    let catalog = vbp_savings::import::result_table::catalog_from_json(&saved).unwrap();
    let hetero = import
        .products
        .iter()
        .find(|p| p.manufacturer.as_deref() == Some("Hetero Labs"))
        .unwrap()
        .product
        .clone();
    let mut options = Options::default();
    options.overrides.insert(5, hetero);
    let est = vbp_savings::estimate::inputs::estimate_rows(rows, "rows", None, &catalog, &options)
        .unwrap();
    let by_line = |n: u64| est.lines.iter().find(|l| l.line == n).unwrap();
    assert_eq!(
        (by_line(5).vbp_unit_price, by_line(5).match_status),
        (d("1.65"), Some(MatchStatus::Overridden))
    );
    assert_eq!(by_line(6).vbp_unit_price, d("41.59"));
    assert!(est.review.is_empty());
    assert_eq!(est.by_price_source.estimated.lines, 0);
    let expected = d("12000") * (d("6.45") - d("0.999"))
        + d("1400") * (d("1.2345") - d("0.5657142857"))
        + d("40") * (d("200") - d("119.279"))
        + d("100") * (d("6.45") - d("1.65"))
        + d("30") * (d("500") - d("41.59"));
    assert_eq!(est.totals.savings, expected);
}

#[test]
fn the_report_as_xlsx_reads_back_with_the_same_totals() {
    let e = estimate_xlsx(
        &fixture("usage_twin.xlsx"),
        None,
        batch7().unwrap(),
        &Options::default(),
    )
    .unwrap();
    let bytes =
        vbp_savings::report::xlsx::estimate_xlsx(&e, vbp_savings::report::text::Lang::Zh).unwrap();
    let book = read_workbook(&bytes).unwrap();
    let total = book.sheets[0]
        .rows
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("合计"))
        .unwrap();
    // each figure has at most 15 significant digits here, so the double carries it exactly
    assert_eq!(d(&total[1]), Decimal::from(e.totals.lines));
    assert_eq!(d(&total[2]), e.totals.baseline_spend);
    assert_eq!(d(&total[3]), e.totals.vbp_spend);
    assert_eq!(d(&total[4]), e.totals.savings);
}
