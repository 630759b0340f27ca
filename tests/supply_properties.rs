//! Property tests of the supply, agreed-volume, cycle and sensitivity engines.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rust_decimal::Decimal;
use vbp_savings::plan::supply::{self, ScenarioInput, SupplierInput, SupplyInput, SupplyLineInput};
use vbp_savings::plan::volume::{self, AgreedVolumeInput, VolumeRounding};
use vbp_savings::values::cells::Cell;

/// A non-negative decimal with up to 4 places.
fn amount(max_units: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_units * 10_000, 0u32..=4).prop_map(|(m, scale)| Decimal::new(m, 4).round_dp(scale))
}

/// A fraction with up to 4 places.
fn share() -> impl Strategy<Value = Decimal> {
    (0i64..=10_000).prop_map(|m| Decimal::new(m, 4).normalize())
}

/// A line whose prices are ordered primary ≤ backup ≤ fallback.
fn ordered_line() -> impl Strategy<Value = (Decimal, Decimal, Decimal, Decimal, Decimal)> {
    (
        amount(100_000),
        amount(1_000),
        amount(1_000),
        amount(1_000),
        amount(1_000),
    )
        .prop_map(|(volume, baseline, primary, up1, up2)| {
            (
                volume,
                baseline,
                primary,
                primary + up1,
                primary + up1 + up2,
            )
        })
}

fn input(
    lines: &[(Decimal, Decimal, Decimal, Decimal, Decimal)],
    scenarios: Vec<ScenarioInput>,
) -> SupplyInput {
    SupplyInput {
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, (v, b, p, bp, fp))| SupplyLineInput {
                drug: Some(format!("药品{}", i % 3)),
                volume: Cell::text(v.to_string()),
                baseline_unit_price: Cell::text(b.to_string()),
                primary: Some(SupplierInput {
                    name: None,
                    unit_price: Cell::text(p.to_string()),
                }),
                backup: Some(SupplierInput {
                    name: None,
                    unit_price: Cell::text(bp.to_string()),
                }),
                fallback_unit_price: Cell::text(fp.to_string()),
                ..Default::default()
            })
            .collect(),
        suppliers: vec![],
        scenarios,
    }
}

fn scenario(p: Decimal, q: Decimal, prob: Option<Decimal>) -> ScenarioInput {
    ScenarioInput {
        primary_failure_share: Cell::text(p.to_string()),
        backup_failure_share: Cell::text(q.to_string()),
        probability: prob.map(|x| Cell::text(x.to_string())).unwrap_or_default(),
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The property: with backup price ≥ primary price and fallback ≥ backup,
    /// more disruption (of the primary, of the backup, or both) never raises savings.
    #[test]
    fn more_disruption_never_raises_savings(
        lines in prop::collection::vec(ordered_line(), 1..12),
        p1 in share(), dp in share(), q1 in share(), dq in share(),
    ) {
        let p2 = (p1 + dp).min(Decimal::ONE);
        let q2 = (q1 + dq).min(Decimal::ONE);
        let r = supply::batch7_scenarios(&input(&lines, vec![
            scenario(p1, q1, None),
            scenario(p2, q1, None),
            scenario(p1, q2, None),
            scenario(p2, q2, None),
        ])).unwrap();
        prop_assert!(r.rejected.is_empty());
        let s: Vec<Decimal> = r.scenarios.iter().map(|s| s.totals.savings).collect();
        prop_assert!(s[0] <= r.no_disruption.savings);
        prop_assert!(s[1] <= s[0], "more primary failure raised savings: {} > {}", s[1], s[0]);
        prop_assert!(s[2] <= s[0], "more backup failure raised savings: {} > {}", s[2], s[0]);
        prop_assert!(s[3] <= s[1] && s[3] <= s[2]);
        for sc in &r.scenarios {
            prop_assert!(sc.totals.savings_at_risk >= Decimal::ZERO);
            for d in &sc.by_drug {
                prop_assert!(d.figures.savings_at_risk >= Decimal::ZERO);
            }
        }
    }

    /// Volumes split exactly, every figure adds up, and expected savings lie between
    /// the worst scenario and no disruption.
    #[test]
    fn figures_add_up_and_expectation_is_a_weighted_mean(
        lines in prop::collection::vec(ordered_line(), 1..12),
        shares in prop::collection::vec((share(), share(), 0i64..=2_000), 1..5),
    ) {
        let scenarios: Vec<ScenarioInput> = shares.iter().map(|(p, q, w)| scenario(*p, *q, Some(Decimal::new(*w, 4)))).collect();
        let r = supply::batch7_scenarios(&input(&lines, scenarios)).unwrap();
        let base = &r.no_disruption;
        for sc in &r.scenarios {
            let t = &sc.totals;
            prop_assert_eq!(t.primary_volume + t.backup_volume + t.fallback_volume, t.volume);
            prop_assert_eq!(t.volume, base.volume);
            prop_assert_eq!(t.baseline_spend - t.spend, t.savings);
            prop_assert_eq!(base.savings - t.savings, t.savings_at_risk);
            let sum: Decimal = sc.by_drug.iter().map(|d| d.figures.savings).sum();
            prop_assert_eq!(sum, t.savings);
        }
        let e = r.expected.unwrap();
        let worst = r.scenarios.iter().map(|s| s.totals.savings).min().unwrap().min(base.savings);
        prop_assert!(e.savings >= worst && e.savings <= base.savings);
        prop_assert_eq!(e.probability_of_scenarios + e.probability_no_disruption, Decimal::ONE);
    }

    /// A total from parts differs from base × ratio by at most half a unit per part,
    /// and one part alone is the hospital rule.
    #[test]
    fn parts_stay_within_the_rounding_bound(parts in prop::collection::vec(0u64..5_000_000, 1..40), winners in 1u32..8, special in any::<bool>()) {
        let r = volume::batch7_agreed_volume(&AgreedVolumeInput {
            winners: Cell::text(winners.to_string()),
            special_anti_infective: Some(special),
            parts: Some(parts.iter().map(|p| Cell::text(p.to_string())).collect()),
            ..Default::default()
        }).unwrap();
        let bound = Decimal::new(5, 1) * Decimal::from(parts.len() as u64);
        prop_assert!((r.agreed_volume - r.exact).abs() <= bound);
        prop_assert_eq!(r.agreed_volume.fract(), Decimal::ZERO);
        let one = volume::batch7_agreed_volume(&AgreedVolumeInput {
            demand_base: Cell::text(parts[0].to_string()),
            winners: Cell::text(winners.to_string()),
            special_anti_infective: Some(special),
            ..Default::default()
        }).unwrap();
        prop_assert_eq!(one.agreed_volume, VolumeRounding::HalfUp.apply(one.exact));
        prop_assert!(one.agreed_volume <= Decimal::from(parts[0]));
    }

    /// No text in a scenario or line makes the engine panic.
    #[test]
    fn no_text_makes_the_supply_engine_panic(v in ".{0,20}", b in ".{0,20}", p in ".{0,20}", s in ".{0,20}", m in ".{0,12}") {
        let input = SupplyInput {
            lines: vec![SupplyLineInput {
                drug: Some("x".into()),
                volume: Cell::text(v),
                baseline_unit_price: Cell::text(b),
                primary: Some(SupplierInput { name: None, unit_price: Cell::text(p) }),
                ..Default::default()
            }],
            suppliers: vec![],
            scenarios: vec![ScenarioInput { primary_failure_share: Cell::text(s), ..Default::default() }, ScenarioInput { primary_failure_months: Cell::text(m), ..Default::default() }],
        };
        if let Ok(r) = supply::batch7_scenarios(&input) {
            prop_assert_eq!(r.lines.len() + r.rejected.len(), 1);
        }
    }

    /// Any month text either parses to a month that prints back and parses again, or is bad_month.
    #[test]
    fn months_round_trip_or_are_refused(text in ".{0,16}", y in 1900i32..3000, m in 1u32..13) {
        if let Ok(month) = vbp_savings::plan::cycle::Month::parse(&text) {
            prop_assert_eq!(vbp_savings::plan::cycle::Month::parse(&month.to_string()).unwrap(), month);
        }
        let typed = format!("{y}-{m:02}");
        let month = vbp_savings::plan::cycle::Month::parse(&typed).unwrap();
        prop_assert_eq!(month.to_string(), typed);
        prop_assert_eq!(month.plus(13).unwrap().index() - month.index(), 13);
    }
}
