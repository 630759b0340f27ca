//! Property tests of the evaluation engine: the three indices multiply to the expenditure
//! index within the stated rounding, the roles' shares sum to 1 within it, completion is
//! monotone in purchases, CSV and rows agree, and no table makes the engine panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use vbp_savings::evaluation::report::{Decomposition, PeriodMetrics};
use vbp_savings::evaluation::{evaluate_csv, evaluate_rows, CompletionStatus, EvaluateOptions};

/// (drug, manufacturer, role, group)
const PRODUCTS: &[(&str, &str, &str, &str)] = &[
    ("甲磺酸仑伐替尼胶囊", "先声药业", "中选", ""),
    ("甲磺酸仑伐替尼胶囊", "正大天晴", "中选", ""),
    ("甲磺酸仑伐替尼胶囊", "示例原研药业", "非中选", ""),
    ("索拉非尼片", "示例制药", "替代", "仑伐替尼"),
    ("依折麦布片", "山德士", "中选", ""),
    ("依折麦布片", "示例原研药业", "非中选", ""),
    ("海博麦布片", "示例制药乙", "替代", "依折麦布片"),
];

#[derive(Debug, Clone)]
struct Purchase {
    month: String,
    product: usize,
    quantity: Decimal,
    amount: Decimal,
    ddds: Option<Decimal>,
}

fn purchase(with_ddds: bool) -> impl Strategy<Value = Purchase> {
    (
        0i64..24,
        0..PRODUCTS.len(),
        -20i64..500,
        1i64..100_000,
        0u32..3,
        prop::option::weighted(0.95, 1i64..40),
    )
        .prop_map(move |(m, product, q, price_fen, q_scale, ddd)| {
            let month = format!("{}-{:02}", 2022 + m / 12, m % 12 + 1);
            let quantity = Decimal::new(q * 10i64.pow(q_scale), q_scale);
            let amount = quantity * Decimal::new(price_fen, 2);
            Purchase {
                month,
                product,
                quantity,
                amount,
                ddds: ddd
                    .filter(|_| with_ddds)
                    .map(|k| quantity * Decimal::new(k, 1)),
            }
        })
}

fn csv(rows: &[Purchase]) -> String {
    let mut s = String::from("month,drug,manufacturer,quantity,amount,role,group,ddds\n");
    for r in rows {
        let (drug, m, role, group) = PRODUCTS[r.product];
        let ddds = r.ddds.map(|d| d.to_string()).unwrap_or_default();
        s.push_str(&format!(
            "{},{drug},{m},{},{},{role},{group},{ddds}\n",
            r.month, r.quantity, r.amount
        ));
    }
    s
}

fn options() -> EvaluateOptions {
    EvaluateOptions {
        pre: Some("2022-01:2022-12".into()),
        post: Some("2023-01:2023-12".into()),
        ..Default::default()
    }
}

/// Half a unit in the 12th decimal place.
fn half() -> Decimal {
    Decimal::new(5, 13)
}

fn check_identity(d: &Decomposition) -> Result<(), TestCaseError> {
    let (Some(e), Some(v), Some(p), Some(s)) = (
        d.expenditure_index,
        d.volume_index,
        d.price_index,
        d.structure_index,
    ) else {
        return Ok(());
    };
    let product = v * p * s;
    let bound = half() * (Decimal::ONE + (v * p).abs() + (v * s).abs() + (p * s).abs())
        + Decimal::new(1, 20);
    prop_assert!(
        (product - e).abs() <= bound,
        "{v} × {p} × {s} = {product} against {e} (bound {bound})"
    );
    Ok(())
}

fn check_shares(m: &PeriodMetrics) -> Result<(), TestCaseError> {
    if let (Some(w), Some(n), Some(a)) = (m.winning_share, m.non_winning_share, m.alternative_share)
    {
        let sum = w + n + a;
        prop_assert!(
            (sum - Decimal::ONE).abs() <= half() * Decimal::from(3),
            "{w} + {n} + {a} = {sum}"
        );
    }
    Ok(())
}

fn rank(s: CompletionStatus) -> u8 {
    match s {
        CompletionStatus::ZeroPurchase => 0,
        CompletionStatus::Behind => 1,
        CompletionStatus::OnTrack => 2,
        CompletionStatus::Completed => 3,
    }
}

const AGREED: &str = "drug,manufacturer,agreed_volume,cycle_start,cycle_end\n甲磺酸仑伐替尼胶囊,先声药业,1500,2023-01,2023-12\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn indices_multiply_to_the_expenditure_index_and_shares_sum_to_one(rows in prop::collection::vec(purchase(true), 0..60)) {
        let e = evaluate_csv(csv(&rows).as_bytes(), None, &options()).unwrap();
        prop_assert!(e.rejected.is_empty(), "{:?}", e.rejected);
        for g in &e.groups {
            check_identity(g.decomposition.as_ref().unwrap())?;
            check_shares(g.pre.as_ref().unwrap())?;
            check_shares(g.post.as_ref().unwrap())?;
        }
        check_identity(e.total.decomposition.as_ref().unwrap())?;
        check_shares(e.total.pre.as_ref().unwrap())?;
        check_shares(e.total.post.as_ref().unwrap())?;
        // spends add up exactly: groups to the total, rows to the groups
        for (i, total) in [e.total.pre.as_ref().unwrap(), e.total.post.as_ref().unwrap()].into_iter().enumerate() {
            let by_groups: Decimal = e.groups.iter().map(|g| if i == 0 { &g.pre } else { &g.post }).map(|m| m.as_ref().unwrap().spend).sum();
            prop_assert_eq!(by_groups, total.spend);
            let by_rows: Decimal = rows.iter().filter(|r| (r.month.as_str() < "2023-01") == (i == 0)).map(|r| r.amount).sum();
            prop_assert_eq!(by_rows, total.spend);
        }
    }

    #[test]
    fn completion_is_monotone_in_purchases(
        rows in prop::collection::vec(purchase(false), 0..40),
        month in 0i64..12,
        extra in 1i64..400,
        as_of in 0i64..12,
    ) {
        let mut o = options();
        o.as_of = Some(format!("2023-{:02}", as_of + 1));
        let before = evaluate_csv(csv(&rows).as_bytes(), Some(AGREED.as_bytes()), &o).unwrap();
        let mut more = rows.clone();
        let q = Decimal::from(extra);
        more.push(Purchase { month: format!("2023-{:02}", month + 1), product: 0, quantity: q, amount: q * Decimal::from(96), ddds: None });
        let after = evaluate_csv(csv(&more).as_bytes(), Some(AGREED.as_bytes()), &o).unwrap();
        let (b, a) = (&before.completion[0], &after.completion[0]);
        let counted = month <= as_of;
        prop_assert_eq!(a.purchased, if counted { b.purchased + q } else { b.purchased });
        prop_assert!(a.completion >= b.completion);
        prop_assert!(a.lag >= b.lag);
        prop_assert!(a.projected_completion >= b.projected_completion);
        prop_assert!(rank(a.status) >= rank(b.status), "{:?} → {:?}", b.status, a.status);
        match (a.required_monthly, b.required_monthly) {
            (Some(x), Some(y)) => prop_assert!(x <= y),
            (x, y) => prop_assert_eq!(x.is_none(), y.is_none()),
        }
        prop_assert_eq!(a.time_elapsed, b.time_elapsed);
    }

    #[test]
    fn csv_and_rows_agree(rows in prop::collection::vec(purchase(true), 0..30)) {
        let text = csv(&rows);
        let cells: Vec<Vec<String>> = text.lines().map(|l| l.split(',').map(str::to_string).collect()).collect();
        let a = evaluate_csv(text.as_bytes(), None, &options()).unwrap();
        let b = evaluate_rows(&cells, None, &options()).unwrap();
        prop_assert_eq!(a.groups, b.groups);
        prop_assert_eq!(a.total, b.total);
        prop_assert_eq!(a.warnings, b.warnings);
    }

    #[test]
    fn no_table_makes_the_engine_panic(cells in prop::collection::vec(prop::collection::vec("[0-9a-z年月\\-\\./:,¥ 仑伐替尼胶囊先声合计]{0,12}", 0..9), 0..25)) {
        let mut rows = vec![vec!["月份", "药品名称", "生产企业", "数量", "金额", "类别", "对应集采品种", "DDD数", "单位"].into_iter().map(String::from).collect::<Vec<_>>()];
        rows.extend(cells);
        let agreed = vec![
            vec!["药品名称".to_string(), "约定采购量".into(), "周期开始".into(), "周期结束".into()],
            vec!["仑伐替尼".to_string(), "100".into(), "2023-01".into(), "2023-12".into()],
        ];
        for o in [options(), EvaluateOptions::default()] {
            if let Ok(e) = evaluate_rows(&rows, Some(&agreed), &o) {
                let i = &e.input.purchases;
                prop_assert_eq!(i.accepted + i.rejected, i.rows);
                serde_json::to_string(&e).unwrap();
            }
        }
    }
}

#[test]
fn a_case_where_the_indices_are_far_from_one() {
    // the bound matters when V × P is large: the identity still holds within it
    let text = "month,drug,manufacturer,quantity,amount,role\n\
                2022-01,甲磺酸仑伐替尼胶囊,先声药业,1,0.01,中选\n\
                2023-01,甲磺酸仑伐替尼胶囊,先声药业,99999,99999000,中选\n\
                2023-01,甲磺酸仑伐替尼胶囊,示例原研药业,3,7,非中选\n";
    let e = evaluate_csv(text.as_bytes(), None, &options()).unwrap();
    let d = e.groups[0].decomposition.as_ref().unwrap();
    assert_eq!(d.volume_index, Some(Decimal::from(100002)));
    // 99999000 ÷ (0.01 ÷ 1 × 99999) = 100000 exactly
    assert_eq!(d.price_index, Some(Decimal::from(100000)));
    assert_eq!(
        d.expenditure_index,
        Some(Decimal::from_str("9999900700").unwrap())
    );
    check_identity(d).unwrap();
}
