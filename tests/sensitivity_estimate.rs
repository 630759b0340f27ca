//! The sensitivity models of an estimate (`plan::sensitivity_for_estimate`): which resolved
//! prices go into the model, the base disruption, the retention's per-drug inputs, and the
//! figures the models give, worked out by hand in the comments.
#![cfg(not(target_arch = "wasm32"))]

use rust_decimal::Decimal;
use std::str::FromStr;
use vbp_savings::plan::config::{self as plan, PlanConfig, SensitivityPlanConfig};
use vbp_savings::plan::sensitivity::{self, Metric};
use vbp_savings::values::cells::Cell;
use vbp_savings::{estimate, Estimate, LineInput, Options};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
fn c(s: &str) -> Cell {
    Cell::text(s)
}

fn line(drug: &str, manufacturer: Option<&str>, q: &str, base: &str, vbp: &str) -> LineInput {
    LineInput {
        drug: Some(drug.into()),
        manufacturer: manufacturer.map(Into::into),
        quantity: Some(q.into()),
        baseline_unit_price: Some(base.into()),
        vbp_unit_price: Some(vbp.into()),
        ..Default::default()
    }
}

/// Lenvatinib on one line (a backup at ¥20 and a fallback at ¥120 configured); a hospital's
/// own drug on two lines (no backup configured: it follows the primary; fallback = baseline).
fn est() -> Estimate {
    estimate(
        &[
            line("甲磺酸仑伐替尼胶囊", Some("先声药业"), "1200", "108", "18"),
            line("某院内药品", None, "100", "3", "1.2"),
            line("某院内药品", None, "50", "3", "1.2"),
        ],
        &Options::default(),
    )
    .unwrap()
}

const CONFIG: &str = r#"{
  "suppliers": [{ "drug": "仑伐替尼", "backup": { "name": "某备供", "unit_price": "20" }, "fallback_unit_price": "120" }],
  "scenarios": [
    { "id": "part", "drugs": ["仑伐替尼"], "primary_failure_share": "0.5" },
    { "id": "all", "name": "全部断供10%", "primary_failure_share": "0.1", "backup_failure_share": "0.5" },
    { "id": "all2", "primary_failure_share": "0.2" }
  ],
  "agreed_volume": [{ "drug": "甲磺酸仑伐替尼胶囊", "demand_base": "2000", "winners": 7 }],
  "retention": { "fund_payment_ratio": "0.7", "insured_share": "1", "grade": "B" }
}"#;

fn config(base: Option<&str>) -> SensitivityPlanConfig {
    let mut c: SensitivityPlanConfig = serde_json::from_str(CONFIG).unwrap();
    c.base_scenario = base.map(Into::into);
    c
}

#[test]
fn the_model_takes_the_resolved_prices_that_do_not_follow_a_default() {
    let m = plan::batch7_sensitivity_for_estimate(&est(), &config(None)).unwrap();
    let l = &m.savings.lines;
    assert_eq!(l.len(), 3);
    assert_eq!(l[0].drug.as_deref(), Some("甲磺酸仑伐替尼胶囊"));
    assert_eq!(
        (
            l[0].volume.clone(),
            l[0].baseline_unit_price.clone(),
            l[0].vbp_unit_price.clone()
        ),
        (c("1200"), c("108"), c("18"))
    );
    // configured backup and fallback prices go in
    assert_eq!(l[0].backup_unit_price, c("20"));
    assert_eq!(l[0].fallback_unit_price, c("120"));
    // a backup that only follows the primary, and a fallback at the baseline, are left to the model's defaults
    assert!(l[1].backup_unit_price.is_empty() && l[1].fallback_unit_price.is_empty());
    assert!(l[2].backup_unit_price.is_empty() && l[2].fallback_unit_price.is_empty());
    // the one-line drug takes the retention's agreed volume (2,000 × 80% = 1,600) and pre-VBP price (129,600 ÷ 1,200 = 108)
    assert_eq!(
        (l[0].agreed_volume.clone(), l[0].pre_vbp_unit_price.clone()),
        (c("1600"), c("108"))
    );
    // the two-line drug keeps the per-line defaults, and is named
    assert!(l[1].agreed_volume.is_empty() && l[1].pre_vbp_unit_price.is_empty());
    assert_eq!(m.multi_line_drugs, vec!["某院内药品".to_string()]);
    assert_eq!(m.savings.metric, Some(Metric::Savings));
}

#[test]
fn the_base_disruption_is_a_scenario_over_every_drug() {
    let pick =
        |base: Option<&str>| plan::batch7_sensitivity_for_estimate(&est(), &config(base)).unwrap();
    // absent or "auto": the first over every drug ("part" hits one drug only)
    for base in [None, Some("auto")] {
        let m = pick(base);
        let b = m.base_scenario.unwrap();
        assert_eq!((b.id.as_str(), b.name.as_str()), ("all", "全部断供10%"));
        assert_eq!(
            (
                m.savings.primary_failure_share,
                m.savings.backup_failure_share
            ),
            (c("0.1"), c("0.5"))
        );
    }
    assert_eq!(
        pick(Some("all2"))
            .base_scenario
            .unwrap()
            .primary_failure_share,
        d("0.2")
    );
    // none chosen, a partial scenario, an unknown id: no base disruption
    for base in ["", "part", "nope"] {
        let m = pick(Some(base));
        assert!(m.base_scenario.is_none(), "{base}");
        assert!(m.savings.primary_failure_share.is_empty());
    }
}

#[test]
fn the_models_give_the_figures_worked_out_by_hand() {
    let e = est();
    // without disruption the base savings are the estimate's: 1,200 × 90 + 150 × 1.8 = 108,270
    let m = plan::batch7_sensitivity_for_estimate(&e, &config(Some(""))).unwrap();
    let r = sensitivity::sensitivity(&m.savings).unwrap();
    assert_eq!(r.base.savings, d("108270"));
    assert_eq!(r.base.savings, e.totals.savings);

    // base disruption "all": 10% disrupted, half of it by the fallback too
    //   lenvatinib: 1,080 × 18 + 60 × 20 + 60 × 120 = 27,840 → 129,600 − 27,840 = 101,760
    //   own drug:   90 × 1.2 + 5 × 1.2 + 5 × 3 = 129 → 171;  45 × 1.2 + 2.5 × 1.2 + 2.5 × 3 = 64.5 → 85.5
    let m = plan::batch7_sensitivity_for_estimate(&e, &config(None)).unwrap();
    let r = sensitivity::sensitivity(&m.savings).unwrap();
    assert_eq!(r.base.savings, d("102016.5"));
    // … which is the supply scenario's own figure for the same estimate
    let pc: PlanConfig = serde_json::from_str(CONFIG).unwrap();
    let p = plan::batch7_plan(&e, &pc).unwrap().scenarios.unwrap();
    assert_eq!(
        p.scenarios
            .iter()
            .find(|s| s.id == "all")
            .unwrap()
            .totals
            .savings,
        d("102016.5")
    );

    // retained: budget 1,600 × 108 + 100 × 3 + 50 × 3 = 173,250; spend 27,840 + 129 + 64.5 = 28,033.5
    // (min(volume, agreed volume) = the volume); (173,250 − 28,033.5) × 0.7 × 1 = 101,651.55; × 40% (grade B) = 40,660.62
    let rm = m.retained.clone().unwrap();
    assert_eq!(rm.metric, Some(Metric::Retained));
    assert_eq!(
        (
            rm.fund_payment_ratio.clone(),
            rm.insured_share.clone(),
            rm.retention_ratio.clone()
        ),
        (c("0.7"), c("1"), c("0.4"))
    );
    assert_eq!(rm.lines, m.savings.lines);
    let r = sensitivity::sensitivity(&rm).unwrap();
    assert_eq!(r.base.retained, Some(d("40660.62")));
    assert!(m.retained_missing.is_none());
}

#[test]
fn no_retained_model_without_the_retention_inputs_and_it_says_why() {
    let mut cfg = config(None);
    cfg.retention = None;
    let m = plan::batch7_sensitivity_for_estimate(&est(), &cfg).unwrap();
    assert!(m.retained.is_none());
    assert_eq!(m.retained_missing.unwrap().code, "no_retention");
    // without the one-line drug's retention figures, its line keeps the defaults
    assert!(m.savings.lines[0].agreed_volume.is_empty());

    // an input missing (no insured share): no retained model, and the reason
    let mut cfg = config(None);
    cfg.retention.as_mut().unwrap().insured_share = Cell::default();
    let m = plan::batch7_sensitivity_for_estimate(&est(), &cfg).unwrap();
    assert!(m.retained.is_none());
    assert!(m.retained_missing.is_some());

    // a typo in the configuration is an error, not a silent default
    assert!(
        serde_json::from_str::<SensitivityPlanConfig>(r#"{ "base_scenarios": "all" }"#).is_err()
    );
}

#[test]
fn an_estimate_without_lines_gives_an_empty_model() {
    let e = estimate(&[], &Options::default()).unwrap();
    let m = plan::batch7_sensitivity_for_estimate(&e, &config(None)).unwrap();
    assert!(m.savings.lines.is_empty());
    assert!(m.multi_line_drugs.is_empty());
    let r = sensitivity::sensitivity(&m.savings).unwrap();
    assert_eq!(r.base.savings, Decimal::ZERO);
}
