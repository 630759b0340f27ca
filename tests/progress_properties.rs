//! The one home of completion against 序时进度 (`progress`), seen through its two views on
//! the same purchases: the one-drug `cycle` command and the evaluation's completion table say
//! the same thing, and both equal an independent computation in integers (i128) — the status,
//! the projected completion month (as-of + the least n with n × purchased ≥ remaining × months
//! elapsed), `behind` exactly when that month falls after the cycle's end, and the quotients
//! rounded half away from zero at 12 places.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rust_decimal::Decimal;
use vbp_savings::evaluation::{evaluate_csv, CompletionStatus, EvaluateOptions};
use vbp_savings::plan::cycle::{cycle, CycleInput, CycleStatus, Month, MonthRowInput};
use vbp_savings::values::cells::Cell;

/// n ÷ d to 12 places, half away from zero, from integers.
fn round12(n: i128, d: i128) -> Decimal {
    let neg = (n < 0) != (d < 0);
    let (n, d) = (n.abs(), d.abs());
    let q = (n * 10i128.pow(12) * 2 + d) / (2 * d);
    let q = if neg { -q } else { q };
    Decimal::from_i128_with_scale(q, 12).normalize()
}

fn month(start: Month, i: i64) -> Month {
    start.plus(i).unwrap()
}

/// What the independent computation expects: (status, projected month index from the start).
fn expected(
    agreed: i128,
    bought: &[i128],
    elapsed: usize,
    cycle: usize,
) -> (&'static str, Option<i64>) {
    let p: i128 = bought[..elapsed].iter().sum();
    let (c, e) = (cycle as i128, elapsed as i128);
    let last = elapsed as i64 - 1;
    if p >= agreed {
        let mut run = 0;
        let first = bought[..elapsed].iter().position(|q| {
            run += q;
            agreed > 0 && run >= agreed
        });
        ("completed", Some(first.map_or(last, |i| i as i64)))
    } else if p <= 0 {
        ("zero_purchase", None)
    } else {
        // the least n with n × p ≥ (agreed − p) × e, by counting
        let need = (agreed - p) * e;
        let mut n = 0i128;
        while n * p < need {
            n += 1;
        }
        let status = if p * c < agreed * e {
            "behind"
        } else {
            "on_track"
        };
        (status, Some(last + n as i64))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_cycle_view_and_the_evaluation_agree_with_an_independent_computation(
        agreed in prop_oneof![Just(0i128), 1i128..4000],
        bought in prop::collection::vec(prop_oneof![Just(0i128), -40i128..400], 24),
        cycle_len in 1usize..=24,
        as_of_at in 0usize..24,
    ) {
        let elapsed = as_of_at.min(cycle_len - 1) + 1;
        let start = Month::parse("2023-01").unwrap();
        let end = month(start, cycle_len as i64 - 1);
        let as_of = month(start, elapsed as i64 - 1);
        // the same purchases, month by month, for both views (a winner's rows for the evaluation)
        let mut csv = String::from("month,drug,manufacturer,quantity,amount,role\n");
        let mut rows = Vec::new();
        for (i, q) in bought.iter().enumerate().take(cycle_len) {
            if *q == 0 { continue; }
            let m = month(start, i as i64).to_string();
            csv.push_str(&format!("{m},甲磺酸仑伐替尼胶囊,江苏先声药业有限公司,{q},{},中选\n", q * 18));
            rows.push(MonthRowInput { month: Cell::text(m), quantity: Cell::text(q.to_string()), drug: None });
        }
        let agreed_csv = format!("drug,manufacturer,agreed_volume,cycle_start,cycle_end\n甲磺酸仑伐替尼胶囊,江苏先声药业有限公司,{agreed},{start},{end}\n");
        let o = EvaluateOptions { pre: Some("2021-01:2021-12".into()), post: Some("2022-01:2022-12".into()), as_of: Some(as_of.to_string()), ..Default::default() };
        let e = evaluate_csv(csv.as_bytes(), Some(agreed_csv.as_bytes()), &o).unwrap();
        prop_assert!(e.rejected.is_empty() && e.rejected_agreed.is_empty());
        let t = &e.completion[0];
        let r = cycle(&CycleInput {
            rows,
            agreed_volume: Cell::text(agreed.to_string()),
            cycle_start: Some(start.to_string()),
            cycle_end: Some(end.to_string()),
            as_of: Some(as_of.to_string()),
            drug: None,
        }).unwrap();

        let (status, projected) = expected(agreed, &bought, elapsed, cycle_len);
        let p: i128 = bought[..elapsed].iter().sum();
        let (c, el) = (cycle_len as i128, elapsed as i128);
        // the evaluation's table
        prop_assert_eq!(serde_json::to_value(t.status).unwrap(), serde_json::json!(status));
        prop_assert_eq!(t.purchased, Decimal::from_i128_with_scale(p, 0));
        prop_assert_eq!(t.completion, (agreed != 0).then(|| round12(p, agreed)));
        prop_assert_eq!(t.time_elapsed, Some(round12(el, c)));
        prop_assert_eq!(t.lag, (agreed != 0).then(|| round12(p * c - agreed * el, agreed * c)));
        prop_assert_eq!(t.projected_completion, (agreed != 0).then(|| round12(p * c, agreed * el)));
        let left = c - el;
        prop_assert_eq!(t.required_monthly, (left > 0).then(|| round12((agreed - p).max(0), left)));
        // the cycle view: the same figures, its own names
        let same = matches!(
            (r.status, t.status),
            (CycleStatus::Completed, CompletionStatus::Completed)
                | (CycleStatus::OnTrack, CompletionStatus::OnTrack)
                | (CycleStatus::AtRisk, CompletionStatus::Behind)
                | (CycleStatus::NoConsumption, CompletionStatus::ZeroPurchase)
        );
        prop_assert!(same, "{:?} against {:?}", r.status, t.status);
        prop_assert_eq!(r.consumed, t.purchased);
        prop_assert_eq!(r.completion, t.completion);
        prop_assert_eq!(r.required_monthly, t.required_monthly);
        prop_assert_eq!(r.average_monthly, Some(round12(p, el)));
        prop_assert_eq!(r.projected_at_cycle_end, Some(round12(p * c, el)));
        prop_assert_eq!(r.projected_completion_month, projected.map(|i| month(start, i)));
        // at risk exactly when, at the average rate so far, the volume is reached after the cycle's end
        if status == "behind" || status == "on_track" {
            prop_assert_eq!(status == "behind", projected.unwrap() > cycle_len as i64 - 1);
        }
        // the running totals: the cycle view's months with rows are the evaluation's months
        for m in &r.months {
            let same_month = t.months.iter().find(|x| x.month == m.month).unwrap();
            prop_assert_eq!((m.quantity, m.cumulative), (same_month.quantity, same_month.cumulative));
        }
        prop_assert_eq!(t.months.len(), elapsed);
        prop_assert_eq!(r.months_elapsed as usize, elapsed);
    }
}
