//! Winners that change over time: an award that ended (a cancellation) does not price a line
//! dated after it, and the report says why. No award in the embedded data has a day of
//! ending on a priced product (bromhexine's four cancelled winners had no known price), so
//! these tests give one to a copy of the catalog.

use rust_decimal::Decimal;
use std::str::FromStr;
use vbp_savings::catalog::{AwardEnd, Catalog, Confidence};
use vbp_savings::estimate::inputs::estimate_lines;
use vbp_savings::{batch7, LineInput, Options, PriceSource};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Batch 7 with 联环药业's ebastine award ended on a made-up day, citing a made-up page.
fn catalog_with_an_ended_award(date: Option<&str>) -> Catalog {
    let mut c = batch7().unwrap().clone();
    let e = c.entries.iter_mut().find(|e| e.id == "ebastine").unwrap();
    let p = e
        .products
        .iter_mut()
        .find(|p| p.company == "联环药业")
        .unwrap();
    p.award_ended = Some(AwardEnd {
        date: date.map(str::to_string),
        source: "example.org/test-only".into(),
        confidence: Confidence::Medium,
        note: None,
        note_zh: None,
    });
    c
}

fn line(date: Option<&str>, vbp: Option<&str>) -> LineInput {
    LineInput {
        drug: Some("依巴斯汀片".into()),
        manufacturer: Some("联环药业".into()),
        quantity: Some("140".into()),
        baseline_unit_price: Some("1.2".into()),
        vbp_unit_price: vbp.map(str::to_string),
        unit: Some("片".into()),
        date: date.map(str::to_string),
        ..Default::default()
    }
}

#[test]
fn a_line_dated_after_an_award_ended_is_not_priced_at_it_and_says_why() {
    let c = catalog_with_an_ended_award(Some("2024-08-21"));
    let lines = [
        line(Some("2024-08-20"), None), // before: the award's price, 7.92 ÷ 14
        line(Some("2024-08-22"), None), // after
        line(Some("2024-09"), None),    // a month wholly after
        line(Some("2024-08"), None),    // a month that holds the end: cannot tell
        line(None, None),               // no date: the award
        line(Some("2024-09-01"), Some("0.5")), // its own price: as given
    ];
    let r = estimate_lines(&lines, &c, &Options::default()).unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    let award_price = d("7.92") / d("14");
    let by_line = |n: u64| r.lines.iter().find(|l| l.line == n).unwrap();
    for n in [1, 4, 5] {
        assert_eq!(by_line(n).price_source, PriceSource::Catalog, "line {n}");
        assert_eq!(
            by_line(n).vbp_unit_price.round_dp(10),
            award_price.round_dp(10),
            "line {n}"
        );
    }
    for n in [2, 3] {
        let l = by_line(n);
        assert_ne!(
            l.vbp_unit_price.round_dp(10),
            award_price.round_dp(10),
            "line {n} is not priced at the ended award"
        );
        let basis = &l.price_basis;
        assert!(
            basis.contains("award ended on 2024-08-21") && basis.contains("example.org/test-only"),
            "{basis}"
        );
        assert!(l.price_basis_zh.contains("中选资格于2024-08-21终止"));
    }
    assert_eq!(by_line(6).price_source, PriceSource::Input);
    assert_eq!(by_line(6).vbp_unit_price, d("0.5"));
    let codes = |code: &str| {
        r.warnings
            .iter()
            .filter(|w| w.code == code)
            .map(|w| w.line)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("award_ended"), vec![Some(2), Some(3)]);
    assert_eq!(codes("award_end_undecided"), vec![Some(4)]);
}

#[test]
fn an_end_without_a_day_decides_nothing_and_a_bad_date_is_the_lines_problem() {
    let c = catalog_with_an_ended_award(None);
    let r = estimate_lines(&[line(Some("2030-01"), None)], &c, &Options::default()).unwrap();
    assert_eq!(r.lines[0].price_source, PriceSource::Catalog);
    assert!(r.warnings.iter().any(|w| w.code == "award_end_undecided"));
    let r = estimate_lines(&[line(Some("2024-02-30"), None)], &c, &Options::default()).unwrap();
    assert_eq!(
        (r.rejected[0].field.as_deref(), r.rejected[0].code.as_str()),
        (Some("date"), "bad_month")
    );
}

#[test]
fn the_embedded_bromhexine_winner_carries_its_end_and_source() {
    let c = batch7().unwrap();
    let e = c.entries.iter().find(|e| e.id == "bromhexine-inj").unwrap();
    let ended: Vec<_> = e
        .winners
        .iter()
        .filter_map(|w| w.award_ended.as_ref().map(|a| (w.company.as_str(), a)))
        .collect();
    assert_eq!(ended.len(), 4, "all four awards were cancelled");
    let sjz = ended
        .iter()
        .find(|(c, _)| c.contains("石家庄四药"))
        .unwrap()
        .1;
    assert_eq!(sjz.date.as_deref(), Some("2024-08-21"));
    assert!(sjz.source.contains("news.china.com"));
    for (_, a) in &ended {
        assert!(!a.source.is_empty() && !a.source.contains("domain-facts"));
    }
}

#[test]
fn monthly_purchase_records_after_an_award_ended_are_not_winning() {
    use vbp_savings::evaluation::{evaluate_csv, EvaluateOptions};
    // 石家庄四药's bromhexine award ended 2024-08-21 (the embedded data, with its source):
    // a July row is winning; a September row of the same product is not, and the report says why;
    // an August row (the month holds the end) stays as the award had it
    let csv = "月份,药品名称,生产企业,数量,金额\n\
               2024-07,盐酸溴己新注射液,石家庄四药,100,300\n\
               2024-08,盐酸溴己新注射液,石家庄四药,100,300\n\
               2024-09,盐酸溴己新注射液,石家庄四药,100,300\n";
    let options = EvaluateOptions {
        pre: Some("2024-07:2024-07".into()),
        post: Some("2024-09:2024-09".into()),
        ..Default::default()
    };
    let e = evaluate_csv(csv.as_bytes(), None, &options).unwrap();
    let g = e
        .groups
        .iter()
        .find(|g| g.key == "bromhexine-inj")
        .expect("the bromhexine group");
    assert_eq!(g.pre.as_ref().unwrap().winning_share, Some(Decimal::ONE));
    assert_eq!(g.post.as_ref().unwrap().winning_share, Some(Decimal::ZERO));
    assert_eq!(
        g.post.as_ref().unwrap().non_winning_share,
        Some(Decimal::ONE)
    );
    let ended: Vec<_> = e
        .warnings
        .iter()
        .filter(|w| w.code == "award_ended")
        .collect();
    assert_eq!(ended.len(), 1, "{:?}", e.warnings);
    assert_eq!(ended[0].line, Some(4));
    assert!(ended[0].message.contains("2024-08-21") && ended[0].message.contains("news.china.com"));
}
