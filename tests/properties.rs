//! Property tests: sums are exact and consistent at every level, numbers read back
//! as written, CSV and objects agree, and no input makes the engine panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rust_decimal::Decimal;
use vbp_savings::{estimate, estimate_csv, LineInput, Options};

/// A decimal with up to 4 decimal places, as prices and quantities are written.
fn amount(max_units: i64, allow_negative: bool) -> impl Strategy<Value = Decimal> {
    let lo = if allow_negative {
        -max_units * 10_000
    } else {
        0
    };
    (lo..=max_units * 10_000, 0u32..=4).prop_map(|(m, scale)| {
        let v = Decimal::new(m, 4);
        v.round_dp(scale)
    })
}

const DRUGS: &[&str] = &[
    "甲磺酸仑伐替尼胶囊",
    "Lenvatinib",
    "磷酸奥司他韦胶囊",
    "依折麦布片",
    "某未列明药品",
    "阿司匹林",
    "马来酸阿法替尼片",
];

fn usage_line() -> impl Strategy<Value = (String, Decimal, Decimal, Option<Decimal>)> {
    (
        prop::sample::select(DRUGS),
        amount(100_000, true),
        amount(10_000, false).prop_filter("baseline must be positive", |b| !b.is_zero()),
        prop::option::of(amount(10_000, false)),
    )
        .prop_map(|(d, q, b, v)| (d.to_string(), q, b, v))
}

fn to_input(l: &(String, Decimal, Decimal, Option<Decimal>)) -> LineInput {
    LineInput {
        drug: Some(l.0.clone()),
        quantity: Some(l.1.to_string()),
        baseline_unit_price: Some(l.2.to_string()),
        vbp_unit_price: l.3.map(|v| v.to_string()),
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn savings_add_up_exactly_at_every_level(lines in prop::collection::vec(usage_line(), 0..40)) {
        let inputs: Vec<LineInput> = lines.iter().map(to_input).collect();
        let r = estimate(&inputs, &Options::default()).unwrap();
        prop_assert!(r.rejected.is_empty());
        prop_assert_eq!(r.lines.len(), lines.len());
        let sum = |f: &dyn Fn(&vbp_savings::estimate::PricedLine) -> Decimal| r.lines.iter().map(f).fold(Decimal::ZERO, |a, b| a + b);
        prop_assert_eq!(sum(&|l| l.baseline_spend), r.totals.baseline_spend);
        prop_assert_eq!(sum(&|l| l.vbp_spend), r.totals.vbp_spend);
        prop_assert_eq!(sum(&|l| l.savings), r.totals.savings);
        prop_assert_eq!(r.totals.baseline_spend - r.totals.vbp_spend, r.totals.savings);
        for l in &r.lines {
            prop_assert_eq!(l.quantity * l.baseline_unit_price, l.baseline_spend);
            prop_assert_eq!(l.quantity * l.vbp_unit_price, l.vbp_spend);
            prop_assert_eq!(l.baseline_spend - l.vbp_spend, l.savings);
        }
        let drug_savings: Decimal = r.by_drug.iter().map(|d| d.sums.savings).sum();
        let cat_savings: Decimal = r.by_category.iter().map(|c| c.sums.savings).sum();
        let src = &r.by_price_source;
        prop_assert_eq!(drug_savings, r.totals.savings);
        prop_assert_eq!(cat_savings, r.totals.savings);
        prop_assert_eq!(src.input.savings + src.catalog.savings + src.estimated.savings, r.totals.savings);
        prop_assert_eq!(src.input.lines + src.catalog.lines + src.estimated.lines, r.totals.lines);
        for d in &r.by_drug {
            prop_assert_eq!(d.sums.baseline_spend - d.sums.vbp_spend, d.sums.savings);
        }
    }

    #[test]
    fn csv_and_objects_give_the_same_totals(lines in prop::collection::vec(usage_line(), 1..30), gbk in any::<bool>()) {
        let inputs: Vec<LineInput> = lines.iter().map(to_input).collect();
        let from_objects = estimate(&inputs, &Options::default()).unwrap();
        let mut csv = String::from("药品名称,数量,集采前单价,中选单价\r\n");
        for l in &lines {
            csv.push_str(&format!("{},{},{},{}\r\n", l.0, l.1, l.2, l.3.map(|v| v.to_string()).unwrap_or_default()));
        }
        let bytes = if gbk { encoding_rs::GB18030.encode(&csv).0.into_owned() } else { csv.into_bytes() };
        let from_csv = estimate_csv(&bytes, &Options::default()).unwrap();
        prop_assert_eq!(from_csv.totals, from_objects.totals);
        prop_assert_eq!(from_csv.lines.len(), lines.len());
    }

    #[test]
    fn numbers_read_back_as_written(m in any::<i64>(), scale in 0u32..=6, style in 0usize..5) {
        let v = Decimal::new(m, scale);
        let plain = v.to_string();
        let text = match style {
            0 => plain.clone(),
            1 => format!("¥{}", vbp_savings::values::money::group_thousands(&plain)),
            2 => plain.chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap() } else { c }).collect(),
            3 => format!("  {plain}\u{3000}"),
            _ => format!("{plain}元"),
        };
        prop_assert_eq!(vbp_savings::values::number::parse_decimal(&text).unwrap(), Some(v.normalize()));
    }

    #[test]
    fn no_bytes_make_the_importer_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = estimate_csv(&bytes, &Options::default());
    }

    #[test]
    fn no_text_makes_the_importer_panic(body in "[A-Za-z0-9,\"\\r\\n ¥￥.\\-e药品名称数量单价合计]{0,300}") {
        let text = format!("drug,quantity,baseline_unit_price,vbp_unit_price\n{body}");
        if let Ok(r) = estimate_csv(text.as_bytes(), &Options::default()) {
            // every data row is either counted or rejected, never lost
            prop_assert!(r.input.accepted + r.input.rejected <= r.input.rows);
            prop_assert_eq!(r.input.accepted, r.totals.lines);
        }
    }

    #[test]
    fn no_cell_makes_a_line_panic(q in ".{0,40}", b in ".{0,40}", v in ".{0,40}") {
        let l = LineInput { drug: Some("x".into()), quantity: Some(q), baseline_unit_price: Some(b), vbp_unit_price: Some(v), ..Default::default() };
        let r = estimate(&[l], &Options::default()).unwrap();
        prop_assert_eq!(r.totals.lines + (!r.rejected.is_empty()) as u64, 1);
    }
}
