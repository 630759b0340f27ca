//! The estimate session (`estimate::session`): after any sequence of edits (a line set,
//! replaced or removed), its report equals a whole estimate of the edited lines — the
//! totals, every split, the drug and category tables, the cut comparison, the per-line
//! list, the warnings, the review and the rejected rows.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use std::collections::BTreeMap;
use vbp_savings::estimate::inputs::estimate_numbered_lines;
use vbp_savings::estimate::session::EstimateSession;
use vbp_savings::{batch7, Estimate, LineInput, Options};

/// What a whole estimate of the lines says, in the order of their numbers.
fn whole(lines: &BTreeMap<u64, LineInput>, options: &Options) -> Estimate {
    let list: Vec<(u64, Result<&LineInput, Vec<vbp_savings::Problem>>)> =
        lines.iter().map(|(n, l)| (*n, Ok(l))).collect();
    estimate_numbered_lines(list, batch7().unwrap(), options).unwrap()
}

const DRUGS: &[&str] = &[
    "甲磺酸仑伐替尼胶囊",
    "Lenvatinib",
    "磷酸奥司他韦胶囊", // two winners: uncertain without a manufacturer (review)
    "依折麦布片",
    "某院内药品",
    " 某院内药品", // the same drug, named first one way or the other
    "另一院内药品",
    "合计",
    "",
];

fn cell(choices: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(choices).prop_map(str::to_string))
}

fn amount() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (-2_000i64..200_000, 0u32..=3).prop_map(|(m, s)| rust_decimal::Decimal::new(m, s).to_string()),
        1 => Just("abc".to_string()),
        1 => Just("0".to_string()),
    ]
}

fn line() -> impl Strategy<Value = LineInput> {
    (
        (
            prop::sample::select(DRUGS),
            prop::option::of(amount()),
            prop::option::of(amount()),
            prop::option::of(amount()),
        ),
        (
            cell(&["宜昌东阳光长江药业", "某药厂"]),
            cell(&["粒", "盒", "片"]),
            cell(&["4mg*30粒", "75mg"]),
            cell(&["抗肿瘤", "心血管"]),
            prop::option::of(amount()),
            cell(&["耗材", "药品"]),
            cell(&["6", "7"]),
        ),
    )
        .prop_map(
            |(
                (drug, q, b, v),
                (manufacturer, unit, specification, category, amount, kind, batch),
            )| {
                LineInput {
                    drug: (!drug.is_empty()).then(|| drug.to_string()),
                    quantity: q,
                    baseline_unit_price: b,
                    vbp_unit_price: v,
                    manufacturer,
                    unit,
                    specification,
                    category,
                    amount,
                    kind,
                    batch,
                    date: None,
                }
            },
        )
}

#[derive(Debug, Clone)]
enum Edit {
    Set(u64, Box<LineInput>),
    Remove(u64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (1u64..30, line()).prop_map(|(n, l)| Edit::Set(n, Box::new(l))),
        1 => (1u64..30).prop_map(Edit::Remove),
    ]
}

fn options() -> impl Strategy<Value = Options> {
    (
        prop::option::of(prop::sample::select(&["0.3", "0.5"][..])),
        prop::collection::btree_map(
            1u64..30,
            prop::sample::select(&["oseltamivir#1", "oseltamivir", "none", "lenvatinib"][..]),
            0..3,
        ),
    )
        .prop_map(|(cut, overrides)| Options {
            estimate_cut: cut.map(|c| c.parse().unwrap()),
            omit_lines: false,
            overrides: overrides
                .into_iter()
                .map(|(k, v)| (k, v.to_string()))
                .collect(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_session_after_any_edits_equals_a_whole_estimate(
        options in options(),
        start in prop::collection::vec(line(), 0..25),
        edits in prop::collection::vec(edit(), 0..30),
    ) {
        let mut session = EstimateSession::new(batch7().unwrap(), options.clone()).unwrap();
        let mut lines = BTreeMap::new();
        for (i, l) in start.into_iter().enumerate() {
            session.set(i as u64 + 1, Ok(l.clone()));
            lines.insert(i as u64 + 1, l);
        }
        prop_assert_eq!(session.report(true).unwrap(), whole(&lines, &options));
        let mut last = whole(&lines, &options);
        let mut version = session.lists_version();
        for e in edits {
            match e {
                Edit::Set(n, l) => {
                    let outcome = session.set(n, Ok((*l).clone()));
                    lines.insert(n, *l);
                    // the line's own outcome is the whole estimate's for that line
                    let w = whole(&lines, &options);
                    prop_assert_eq!(outcome.priced.as_ref(), w.lines.iter().find(|p| p.line == n));
                    let problems: Vec<_> = w.rejected.iter().filter(|p| p.line == n).cloned().collect();
                    prop_assert_eq!(&outcome.problems, &problems);
                    prop_assert_eq!(session.line(n), Some(outcome));
                }
                Edit::Remove(n) => {
                    prop_assert_eq!(session.remove(n), lines.remove(&n).is_some());
                }
            }
            let w = whole(&lines, &options);
            let got = session.report(true).unwrap();
            // decimals compare by value: compare their scales too (a sum's text shows them)
            prop_assert_eq!(format!("{got:?}"), format!("{w:?}"));
            prop_assert_eq!(got, w.clone());
            // the lists' version changes whenever the review or the rejected rows did
            if (&w.review, &w.rejected) != (&last.review, &last.rejected) {
                prop_assert_ne!(session.lists_version(), version);
            }
            let mut lean = w.clone();
            lean.review.clear();
            lean.rejected.clear();
            prop_assert_eq!(session.report_with(true, false).unwrap(), lean);
            version = session.lists_version();
            last = w;
        }
        // without the per-line list: the same as omit_lines
        let omit = Options { omit_lines: true, ..options.clone() };
        prop_assert_eq!(session.report(false).unwrap(), whole(&lines, &omit));
    }
}

fn priced(drug: &str, q: &str, b: &str, v: Option<&str>, amount: Option<&str>) -> LineInput {
    LineInput {
        drug: Some(drug.into()),
        quantity: Some(q.into()),
        baseline_unit_price: Some(b.into()),
        vbp_unit_price: v.map(Into::into),
        amount: amount.map(Into::into),
        ..Default::default()
    }
}

#[test]
fn capped_lists_and_first_lines_follow_the_edits() {
    // 250 lines each with an amount that disagrees (warnings listed up to 100 a code), 1,200
    // lines to review (listed up to 1,000): editing and removing lines near the front moves
    // which ones are listed
    let mut lines = BTreeMap::new();
    let mut session = EstimateSession::new(batch7().unwrap(), Options::default()).unwrap();
    for n in 1..=1300u64 {
        let l = if n <= 250 {
            priced("某院内药品", "2", "3", Some("1"), Some("7"))
        } else {
            priced("磷酸奥司他韦胶囊", "10", "6.45", None, None)
        };
        session.set(n, Ok(l.clone()));
        lines.insert(n, l);
    }
    let r = session.report(true).unwrap();
    assert_eq!(r, whole(&lines, &Options::default()));
    assert_eq!(r.review.len(), 1000);
    for n in [1u64, 2, 3, 251, 252] {
        assert!(session.remove(n));
        lines.remove(&n);
    }
    let fixed = priced("某院内药品", "2", "3", Some("1"), Some("6"));
    session.set(10, Ok(fixed.clone()));
    lines.insert(10, fixed);
    let r = session.report(true).unwrap();
    assert_eq!(r, whole(&lines, &Options::default()));
    assert_eq!(r.totals.lines, 1295);
    // without the lists: everything else the same (the counts, the warnings that count them)
    let mut lean = r.clone();
    lean.review.clear();
    lean.rejected.clear();
    assert_eq!(session.report_with(true, false).unwrap(), lean);
    assert!(lean
        .warnings
        .iter()
        .any(|w| w.code == "needs_review" && w.message.starts_with("1000 ")));
}

#[test]
fn rejected_rows_beyond_the_listed_ones_are_counted_with_or_without_the_lists() {
    let mut lines = BTreeMap::new();
    let mut session = EstimateSession::new(batch7().unwrap(), Options::default()).unwrap();
    for n in 1..=10_050u64 {
        let l = priced(
            "某院内药品",
            if n % 2 == 0 { "x" } else { "2" },
            "3",
            Some("1"),
            None,
        );
        let l = if n > 20 {
            priced("某院内药品", "x", "3", Some("1"), None)
        } else {
            l
        };
        session.set(n, Ok(l.clone()));
        lines.insert(n, l);
    }
    let r = session.report(true).unwrap();
    assert_eq!(r, whole(&lines, &Options::default()));
    assert!(!r.input.rejected_not_listed.is_empty());
    let mut lean = r.clone();
    lean.review.clear();
    lean.rejected.clear();
    assert_eq!(session.report_with(false, false).unwrap().input, lean.input);
    assert_eq!(session.report_with(true, false).unwrap(), lean);
}

#[test]
fn sums_that_would_not_fit_are_estimated_as_a_whole() {
    // 4 × 10^28 twice would overflow a running sum in one order and not in another: the
    // session falls back to a whole estimate, which refuses the line that overflows
    let big = "40000000000000000000000000000";
    let mut lines = BTreeMap::new();
    let mut session = EstimateSession::new(batch7().unwrap(), Options::default()).unwrap();
    let edits = [
        (1, priced("某院内药品", big, "1", Some("0"), None)),
        (2, priced("某院内药品", "2", "3", Some("1"), None)),
        (3, priced("某院内药品", big, "1", Some("0"), None)),
        (
            4,
            priced("某院内药品", &format!("-{big}"), "1", Some("0"), None),
        ),
    ];
    for (n, l) in edits {
        session.set(n, Ok(l.clone()));
        lines.insert(n, l);
        assert_eq!(
            session.report(true).unwrap(),
            whole(&lines, &Options::default())
        );
    }
    let r = session.report(true).unwrap();
    assert_eq!(r.rejected.len(), 1, "{:?}", r.rejected);
    assert_eq!(r.rejected[0].line, 3);
    // once the large lines go, the sums are kept line by line again
    session.remove(1);
    session.remove(3);
    session.remove(4);
    lines.retain(|n, _| *n == 2);
    let r = session.report(true).unwrap();
    assert_eq!(r, whole(&lines, &Options::default()));
    assert_eq!(r.totals.savings.to_string(), "4");
}
