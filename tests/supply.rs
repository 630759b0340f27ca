//! Agreed volumes (the published worked examples), supply scenarios, cycle tracking,
//! retained fund savings and sensitivity, each checked against figures worked out
//! by hand in the comments.
#![cfg(not(target_arch = "wasm32"))]

use rust_decimal::Decimal;
use std::str::FromStr;
use vbp_savings::plan::cycle::{self, CycleInput, CycleOptions, CycleStatus, MonthRowInput};
use vbp_savings::plan::retention::{self, RetentionDrugInput, RetentionInput};
use vbp_savings::plan::sensitivity::{
    self, Metric, RangeInput, RangesInput, SensitivityInput, SensitivityLineInput,
};
use vbp_savings::plan::supply::{
    self, PriceBasis, ScenarioInput, SupplierConfig, SupplierInput, SupplyInput, SupplyLineInput,
};
use vbp_savings::plan::volume::{self, AgreedVolumeInput, VolumeRounding};
use vbp_savings::values::cells::Cell;
use vbp_savings::ErrorCode;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
fn c(s: &str) -> Cell {
    Cell::text(s)
}

// ---------------------------------------------------------------- agreed volumes

/// The five published worked examples (rules file, source baipharm/reach24h, M).
const PUBLISHED: [(&str, &str, &str, u32, &str); 5] = [
    ("afatinib", "马来酸阿法替尼片", "596327", 1, "298170"),
    ("afatinib", "马来酸阿法替尼片", "596327", 2, "357795"),
    ("meropenem", "注射用美罗培南", "7286887", 1, "2186064"),
    ("meropenem", "注射用美罗培南", "7286887", 2, "2914753"),
    ("meropenem", "注射用美罗培南", "7286887", 3, "3643450"),
];

/// A decomposition of each national base into 32 parts (one per provincial-level
/// procurement unit). CONSTRUCTED for this test, not real provincial figures: it shows
/// only that the published totals are sums of separately rounded parts.
const AFATINIB_PARTS: [u64; 32] = [
    9319, 12429, 15529, 18629, 21749, 24849, 27949, 9309, 12421, 15521, 18621, 21741, 24841, 27940,
    9300, 12420, 15520, 18620, 21740, 24840, 27940, 9300, 12420, 15520, 18620, 21740, 24840, 27940,
    9300, 12420, 15520, 37480,
];
const MEROPENEM_PARTS: [u64; 32] = [
    113849, 151809, 189767, 227707, 265667, 303621, 341561, 113841, 151801, 189761, 227701, 265661,
    303621, 341560, 113840, 151800, 189760, 227700, 265660, 303620, 341560, 113840, 151800, 189760,
    227700, 265660, 303620, 341560, 113840, 151800, 189760, 455680,
];

fn av(drug: &str, base: Option<&str>, winners: u32) -> volume::AgreedVolume {
    volume::batch7_agreed_volume(&AgreedVolumeInput {
        drug: Some(drug.into()),
        demand_base: base.map(c).unwrap_or_default(),
        winners: c(&winners.to_string()),
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn ratios_and_cycles_come_from_the_rules_by_winner_count_and_class() {
    // general: 50/60/70/80%, cycles 1/1/2/3
    for (w, ratio, years) in [
        (1, "0.5", 1),
        (2, "0.6", 1),
        (3, "0.7", 2),
        (4, "0.8", 3),
        (9, "0.8", 3),
    ] {
        let r = av("马来酸阿法替尼片", Some("1000"), w);
        assert!(!r.special_anti_infective);
        assert_eq!(
            (r.ratio, r.cycle_years),
            (d(ratio), Some(years)),
            "{w} winners"
        );
    }
    // special anti-infectives: 30/40/50%, cycles 1/1/2 (flag from the catalog)
    for drug in [
        "注射用美罗培南",
        "注射用米卡芬净钠",
        "注射用替加环素",
        "注射用盐酸头孢吡肟",
    ] {
        for (w, ratio, years) in [(1, "0.3", 1), (2, "0.4", 1), (3, "0.5", 2), (6, "0.5", 2)] {
            let r = av(drug, Some("1000"), w);
            assert!(r.special_anti_infective, "{drug}");
            assert_eq!(
                (r.ratio, r.cycle_years),
                (d(ratio), Some(years)),
                "{drug} {w}"
            );
        }
    }
    let r = av("马来酸阿法替尼片", Some("1000"), 1);
    assert!(r.source.contains("baipharm"));
    assert_eq!(r.formula.code, "agreed_volume");
}

#[test]
fn hospital_rule_is_base_times_ratio_rounded_half_up_and_stated_as_inferred() {
    // (a) one reporting party: 596,327 × 50% = 298,163.5 → 298,164 (half up)
    let r = av("马来酸阿法替尼片", Some("596327"), 1);
    assert_eq!(r.exact, d("298163.5"));
    assert_eq!(r.agreed_volume, d("298164"));
    assert_eq!(r.rounding_difference, d("0.5"));
    assert_eq!(r.rounding.rule, VolumeRounding::HalfUp);
    assert_eq!(r.rounding.status, "inferred");
    assert!(r.rounding.evidence_en.contains("13 parts"));
    assert!(r.assumptions.iter().any(|a| a.code == "rounding"));
    // 596,327 × 60% = 357,796.2 → 357,796
    assert_eq!(
        av("马来酸阿法替尼片", Some("596327"), 2).agreed_volume,
        d("357796")
    );
    // another rule, when chosen, is stated as chosen
    let down = volume::batch7_agreed_volume(&AgreedVolumeInput {
        demand_base: c("596327"),
        winners: c("1"),
        rounding: Some(VolumeRounding::Down),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        (down.agreed_volume, down.rounding.status.as_str()),
        (d("298163"), "chosen")
    );
}

#[test]
fn published_national_examples_are_sums_of_separately_rounded_parts() {
    // (b) each published figure is reproduced exactly as Σ round_half_up(part × ratio)
    assert_eq!(AFATINIB_PARTS.iter().sum::<u64>(), 596_327);
    assert_eq!(MEROPENEM_PARTS.iter().sum::<u64>(), 7_286_887);
    for (drug, name, base, winners, published) in PUBLISHED {
        let parts: &[u64] = if drug == "afatinib" {
            &AFATINIB_PARTS
        } else {
            &MEROPENEM_PARTS
        };
        let r = volume::batch7_agreed_volume(&AgreedVolumeInput {
            drug: Some(name.into()),
            winners: c(&winners.to_string()),
            parts: Some(parts.iter().map(|p| c(&p.to_string())).collect()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(r.demand_base, d(base));
        assert_eq!(r.agreed_volume, d(published), "{drug} {winners} winners");
        let p = r.parts.as_ref().unwrap();
        assert_eq!(p.count, 32);
        assert_eq!(p.max_deviation, d("16"));
        assert!(r.assumptions.iter().any(|a| a.code == "part_bound"));
    }
}

#[test]
fn published_figures_lie_within_the_per_part_bound_but_no_national_rounding_gives_them() {
    // (c) |published − base × ratio| ≤ 32 parts × 0.5 = 16 units
    let mut hits = [0usize; 3];
    for (_, name, base, winners, published) in PUBLISHED {
        let r = av(name, Some(base), winners);
        let deviation = (d(published) - r.exact).abs();
        assert!(deviation <= d("16"), "{name}: {deviation}");
        assert!(
            deviation > Decimal::ZERO,
            "the national base × ratio is never the published figure"
        );
        for (i, rule) in [
            VolumeRounding::HalfUp,
            VolumeRounding::Down,
            VolumeRounding::Up,
        ]
        .into_iter()
        .enumerate()
        {
            hits[i] += usize::from(rule.apply(r.exact) == d(published));
        }
    }
    assert_eq!(
        hits,
        [0, 0, 0],
        "no whole-unit rounding of the national base reproduces any published figure"
    );
    // nor a rounding to a multiple: the meropenem figures share no divisor above 1
    let gcd = |mut a: u64, mut b: u64| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    assert_eq!(gcd(gcd(2_186_064, 2_914_753), 3_643_450), 1);
}

#[test]
fn catalog_national_base_is_used_and_said_when_no_base_is_given() {
    let r = av("马来酸阿法替尼片", None, 1);
    assert_eq!(r.demand_base, d("596327"));
    assert!(r.demand_base_basis.contains("national"));
    assert!(r
        .assumptions
        .iter()
        .any(|a| a.code == "national_demand_base" && a.en.contains("NATIONAL")));
    // unknown drug, no base: an error with a code
    let e = volume::batch7_agreed_volume(&AgreedVolumeInput {
        drug: Some("某药".into()),
        winners: c("2"),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::MissingQuantity);
    let e = volume::batch7_agreed_volume(&AgreedVolumeInput {
        demand_base: c("10"),
        winners: c("0"),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutOfRange);
    let e = volume::batch7_agreed_volume(&AgreedVolumeInput {
        demand_base: c("10"),
        winners: c("1"),
        ratio: c("1.2"),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutOfRange);
    let e = volume::batch7_agreed_volume(&AgreedVolumeInput {
        demand_base: c("10"),
        winners: c("1"),
        parts: Some(vec![c("4"), c("5")]),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
}

// ---------------------------------------------------------------- supply scenarios

fn lenvatinib_input() -> SupplyInput {
    SupplyInput {
        lines: vec![SupplyLineInput {
            drug: Some("甲磺酸仑伐替尼胶囊".into()),
            volume: c("1200"),
            baseline_unit_price: c("108"),
            primary: Some(SupplierInput {
                name: Some("先声药业".into()),
                unit_price: c("3.2"),
            }),
            backup: Some(SupplierInput {
                name: Some("某备供企业".into()),
                unit_price: c("18"),
            }),
            ..Default::default()
        }],
        suppliers: vec![],
        scenarios: vec![
            ScenarioInput {
                id: Some("3m".into()),
                primary_failure_months: c("3"),
                cycle_months: c("12"),
                probability: c("0.1"),
                ..Default::default()
            },
            ScenarioInput {
                id: Some("3m-both".into()),
                primary_failure_share: c("0.25"),
                backup_failure_share: c("0.5"),
                probability: c("0.05"),
                ..Default::default()
            },
        ],
    }
}

#[test]
fn disruption_scenarios_worked_by_hand() {
    let r = supply::batch7_scenarios(&lenvatinib_input()).unwrap();
    assert!(r.rejected.is_empty());
    // no disruption: 1200 × 108 = 129,600 baseline; 1200 × 3.2 = 3,840 spend; savings 125,760
    assert_eq!(r.no_disruption.baseline_spend, d("129600"));
    assert_eq!(r.no_disruption.spend, d("3840"));
    assert_eq!(r.no_disruption.savings, d("125760"));
    // 3 of 12 months: 900 × 3.2 + 300 × 18 = 2,880 + 5,400 = 8,280; savings 121,320; at risk 4,440
    let s1 = &r.scenarios[0];
    assert_eq!(s1.primary_failure_share, d("0.25"));
    assert!(s1.share_basis_en.contains("3 of 12 months"));
    assert_eq!(
        (
            s1.totals.primary_volume,
            s1.totals.backup_volume,
            s1.totals.fallback_volume
        ),
        (d("900"), d("300"), d("0"))
    );
    assert_eq!(s1.totals.spend, d("8280"));
    assert_eq!(s1.totals.savings, d("121320"));
    assert_eq!(s1.totals.savings_at_risk, d("4440"));
    // backup fails for half of it: 2,880 + 150 × 18 + 150 × 108 = 21,780; savings 107,820; at risk 17,940
    let s2 = &r.scenarios[1];
    assert_eq!(s2.totals.spend, d("21780"));
    assert_eq!(s2.totals.savings, d("107820"));
    assert_eq!(s2.totals.savings_at_risk, d("17940"));
    assert_eq!(r.lines[0].fallback.basis, PriceBasis::Baseline);
    // expected: 0.1 × 121,320 + 0.05 × 107,820 + 0.85 × 125,760 = 12,132 + 5,391 + 106,896 = 124,419
    let e = r.expected.as_ref().unwrap();
    assert_eq!(e.probability_no_disruption, d("0.85"));
    assert_eq!(e.savings, d("124419"));
    assert_eq!(e.savings_at_risk, d("1341"));
    for code in [
        "backup_price_unknown",
        "fallback_price",
        "backup_failure_share",
        "scenarios_exclusive",
    ] {
        assert!(r.assumptions.iter().any(|a| a.code == code), "{code}");
    }
}

#[test]
fn backup_price_defaults_to_its_own_catalog_price_else_the_primary_and_says_so() {
    // oseltamivir: 东阳光 0.999/capsule (29.97 ÷ 30), Hetero 1.65/capsule (16.50 ÷ 10), both in the catalog
    let input = SupplyInput {
        lines: vec![
            SupplyLineInput {
                drug: Some("磷酸奥司他韦胶囊".into()),
                volume: c("3000"),
                baseline_unit_price: c("6.45"),
                primary: Some(SupplierInput {
                    name: Some("东阳光".into()),
                    unit_price: Cell::default(),
                }),
                ..Default::default()
            },
            SupplyLineInput {
                drug: Some("某未列明药品".into()),
                volume: c("10"),
                baseline_unit_price: c("5"),
                primary: Some(SupplierInput {
                    name: Some("甲".into()),
                    unit_price: c("2"),
                }),
                backup: Some(SupplierInput {
                    name: Some("乙".into()),
                    unit_price: Cell::default(),
                }),
                ..Default::default()
            },
        ],
        suppliers: vec![SupplierConfig {
            drug: "奥司他韦".into(),
            backup: Some(SupplierInput {
                name: Some("Hetero".into()),
                unit_price: Cell::default(),
            }),
            ..Default::default()
        }],
        scenarios: vec![ScenarioInput {
            primary_failure_share: c("1"),
            ..Default::default()
        }],
    };
    let r = supply::batch7_scenarios(&input).unwrap();
    assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    let osel = &r.lines[0];
    assert_eq!(
        (osel.primary.unit_price, osel.primary.basis),
        (d("0.999"), PriceBasis::Catalog)
    );
    assert_eq!(
        (osel.backup.unit_price, osel.backup.basis),
        (d("1.65"), PriceBasis::Catalog)
    );
    assert!(osel.backup.basis_en.contains("not public"));
    let other = &r.lines[1];
    assert_eq!(
        (other.backup.unit_price, other.backup.basis),
        (d("2"), PriceBasis::PrimaryPrice)
    );
    assert!(other.backup.basis_en.contains("primary's price"));
    // all volume from the backups: 3000 × 1.65 + 10 × 2 = 4,970
    assert_eq!(r.scenarios[0].totals.spend, d("4970"));
    assert_eq!(r.scenarios[0].by_drug.len(), 2);
}

#[test]
fn scenarios_hit_only_the_drugs_they_name_and_bad_lines_are_listed() {
    let mut input = lenvatinib_input();
    input.lines.push(SupplyLineInput {
        drug: Some("X".into()),
        volume: c("10"),
        baseline_unit_price: c("2"),
        primary: Some(SupplierInput {
            name: None,
            unit_price: c("1"),
        }),
        ..Default::default()
    });
    input.lines.push(SupplyLineInput {
        drug: Some("Y".into()),
        volume: c("abc"),
        baseline_unit_price: c("2"),
        ..Default::default()
    });
    input.lines.push(SupplyLineInput {
        drug: Some("Z".into()),
        volume: c("1"),
        baseline_unit_price: c("2"),
        ..Default::default()
    });
    input.scenarios = vec![ScenarioInput {
        drugs: Some(vec!["X".into(), "不存在".into()]),
        primary_failure_share: c("0.5"),
        backup_failure_share: c("1"),
        ..Default::default()
    }];
    let r = supply::batch7_scenarios(&input).unwrap();
    assert_eq!(r.rejected.len(), 2);
    assert_eq!(
        (r.rejected[0].line, r.rejected[0].code),
        (3, ErrorCode::BadNumber)
    );
    assert_eq!(
        (r.rejected[1].line, r.rejected[1].code),
        (4, ErrorCode::MissingPrice)
    );
    let s = &r.scenarios[0];
    // only X: 5 at 1 + 5 at its baseline 2 = 15 instead of 10; at risk 5
    assert_eq!(s.totals.savings_at_risk, d("5"));
    assert!(s.by_drug.iter().any(|f| f.key == "name:x" && f.affected));
    assert!(s
        .by_drug
        .iter()
        .any(|f| f.key == "lenvatinib" && !f.affected && f.figures.savings_at_risk.is_zero()));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "scenario_drug_not_found"));
    assert!(r.expected.is_none());
}

#[test]
fn scenario_inputs_out_of_range_are_errors_with_codes() {
    let mut input = lenvatinib_input();
    input.scenarios = vec![ScenarioInput {
        primary_failure_share: c("1.5"),
        ..Default::default()
    }];
    assert_eq!(
        supply::batch7_scenarios(&input).unwrap_err().code,
        ErrorCode::OutOfRange
    );
    input.scenarios = vec![ScenarioInput {
        primary_failure_months: c("13"),
        ..Default::default()
    }];
    assert_eq!(
        supply::batch7_scenarios(&input).unwrap_err().code,
        ErrorCode::OutOfRange
    );
    input.scenarios = vec![ScenarioInput {
        primary_failure_months: c("1"),
        primary_failure_share: c("0.1"),
        ..Default::default()
    }];
    assert_eq!(
        supply::batch7_scenarios(&input).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    input.scenarios = vec![
        ScenarioInput {
            primary_failure_share: c("0.1"),
            probability: c("0.6"),
            ..Default::default()
        },
        ScenarioInput {
            primary_failure_share: c("0.2"),
            probability: c("0.5"),
            ..Default::default()
        },
    ];
    assert_eq!(
        supply::batch7_scenarios(&input).unwrap_err().code,
        ErrorCode::OutOfRange
    );
}

#[test]
fn months_that_do_not_divide_the_cycle_are_rounded_and_said() {
    let mut input = lenvatinib_input();
    input.scenarios = vec![ScenarioInput {
        primary_failure_months: c("1"),
        ..Default::default()
    }];
    let r = supply::batch7_scenarios(&input).unwrap();
    assert_eq!(r.scenarios[0].primary_failure_share, d("0.083333333333"));
    assert!(r.scenarios[0]
        .share_basis_en
        .contains("rounded to 12 decimal places"));
}

// ---------------------------------------------------------------- cycle tracking

fn rows(months: &[(&str, &str)]) -> Vec<MonthRowInput> {
    months
        .iter()
        .map(|(m, q)| MonthRowInput {
            month: c(m),
            quantity: c(q),
            drug: None,
        })
        .collect()
}

fn ci(rows: Vec<MonthRowInput>, o: CycleOptions) -> CycleInput {
    CycleInput {
        rows,
        agreed_volume: o.agreed_volume,
        cycle_start: o.cycle_start,
        cycle_end: o.cycle_end,
        as_of: o.as_of,
        drug: o.drug,
    }
}

fn opts(agreed: &str, start: &str, end: &str) -> CycleOptions {
    CycleOptions {
        agreed_volume: c(agreed),
        cycle_start: Some(start.into()),
        cycle_end: Some(end.into()),
        ..Default::default()
    }
}

#[test]
fn cycle_on_course_to_miss_is_warned() {
    // 80 a month for 6 months = 480 of 1200; 720 left at 80/month = 9 months → 2024-03, after 2023-12
    let input = ci(
        rows(&[
            ("2023-01", "80"),
            ("2023-02", "80"),
            ("2023-03", "80"),
            ("2023-04", "80"),
            ("2023-05", "80"),
            ("2023-06", "80"),
        ]),
        opts("1200", "2023-01", "2023-12"),
    );
    let r = cycle::cycle(&input).unwrap();
    assert_eq!(
        (r.months_elapsed, r.months_remaining, r.cycle_months),
        (6, 6, 12)
    );
    assert_eq!(r.consumed, d("480"));
    assert_eq!(r.completion, Some(d("0.4")));
    assert_eq!(r.average_monthly, Some(d("80")));
    assert_eq!(r.required_monthly, Some(d("120")));
    assert_eq!(r.projected_at_cycle_end, Some(d("960")));
    assert_eq!(r.projected_completion_month.unwrap().to_string(), "2024-03");
    assert_eq!(r.status, CycleStatus::AtRisk);
    assert!(!r.on_track);
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "agreed_volume_at_risk")
        .unwrap();
    assert!(
        w.message.contains("2024-03") && w.message.contains("120"),
        "{}",
        w.message
    );
    assert!(r.assumptions.iter().any(|a| a.code == "cycle_end_input"));
}

#[test]
fn cycle_on_track_completed_and_gaps() {
    // 100 a month: 600 of 1200 after 6 months, 6 more → 2023-12, on track
    let r = cycle::cycle(&ci(
        rows(&[
            ("2023-01", "100"),
            ("2023-02", "100"),
            ("2023-03", "100"),
            ("2023-04", "100"),
            ("2023-05", "100"),
            ("2023/6", "100"),
        ]),
        opts("1200", "2023-01", "2023-12"),
    ))
    .unwrap();
    assert_eq!(r.projected_completion_month.unwrap().to_string(), "2023-12");
    assert_eq!(r.status, CycleStatus::OnTrack);
    assert!(r.warnings.iter().all(|w| w.code != "agreed_volume_at_risk"));
    // reached in March: completed, the month it was reached
    let r = cycle::cycle(&ci(
        rows(&[
            ("2022-11", "500"),
            ("2022-12", "400"),
            ("2023-01", "400"),
            ("2023-02", "10"),
        ]),
        opts("1200", "2022-11", "2023-10"),
    ))
    .unwrap();
    assert_eq!(r.status, CycleStatus::Completed);
    assert_eq!(r.projected_completion_month.unwrap().to_string(), "2023-01");
    assert_eq!(r.remaining, Decimal::ZERO);
    // a month with no rows counts as zero use and is named; a row before the cycle is left out
    let r = cycle::cycle(&ci(
        rows(&[
            ("2022-12", "999"),
            ("2023-01", "100"),
            ("2023-03", "100"),
            ("2023-0x", "5"),
        ]),
        opts("1200", "2023-01", "2023-12"),
    ))
    .unwrap();
    assert_eq!(r.months_elapsed, 3);
    assert_eq!(r.consumed, d("200"));
    assert_eq!(
        (r.rejected.len(), r.rejected[0].code, r.rejected[0].line),
        (1, ErrorCode::BadMonth, 4)
    );
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "months_without_rows" && w.message.contains("2023-02")));
    assert!(r.warnings.iter().any(|w| w.code == "rows_before_cycle"));
    // cycle end is required
    let e = cycle::cycle(&ci(
        rows(&[("2023-01", "1")]),
        CycleOptions {
            agreed_volume: c("1"),
            ..Default::default()
        },
    ))
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("not public"));
}

#[test]
fn cycle_from_a_gbk_csv_with_chinese_headers() {
    let text = "月度用量统计\r\n月份,药品名称,数量\r\n2023年1月,仑伐替尼,100\r\n2023-02,仑伐替尼,100\r\n2023-02,奥司他韦,7\r\n2023-13,仑伐替尼,5\r\n2023-03,仑伐替尼,abc\r\n";
    let bytes = encoding_rs::GB18030.encode(text).0.into_owned();
    let o = CycleOptions {
        drug: Some("甲磺酸仑伐替尼胶囊".into()),
        as_of: Some("2023-02".into()),
        ..opts("600", "2023-01", "2023-06")
    };
    let r = cycle::cycle_csv(&bytes, &o).unwrap();
    assert_eq!(r.consumed, d("200"));
    assert_eq!(r.rejected.len(), 2);
    assert_eq!(
        (r.rejected[0].line, r.rejected[0].column, r.rejected[0].code),
        (6, Some(1), ErrorCode::BadMonth)
    );
    assert_eq!(r.rejected[0].header.as_deref(), Some("月份"));
    assert_eq!(
        (r.rejected[1].line, r.rejected[1].column, r.rejected[1].code),
        (7, Some(3), ErrorCode::BadNumber)
    );
    // 200 in 2 months, 400 left at 100/month → 2023-06: on track
    assert_eq!(r.projected_completion_month.unwrap().to_string(), "2023-06");
    assert_eq!(
        cycle::cycle_csv(b"a,b\n1,2\n", &o).unwrap_err().code,
        ErrorCode::NoHeader
    );
}

// ---------------------------------------------------------------- retained fund savings

fn retention_input() -> RetentionInput {
    RetentionInput {
        drugs: vec![RetentionDrugInput {
            drug: Some("甲".into()),
            agreed_volume: c("10000"),
            pre_vbp_unit_price: c("5"),
            actual_fund_spend: c("10000"),
            ..Default::default()
        }],
        fund_payment_ratio: c("0.7"),
        insured_share: c("0.9"),
        ..Default::default()
    }
}

#[test]
fn retained_worked_by_hand_with_default_and_grade_presets() {
    // budget 10,000 × 5 × 0.7 × 0.9 = 31,500; balance 31,500 − 10,000 = 21,500; × 50% = 10,750
    let r = retention::batch7_retained(&retention_input()).unwrap();
    assert_eq!(r.drugs[0].budget, d("31500"));
    assert_eq!(r.totals.balance, d("21500"));
    assert_eq!(r.retained, d("10750"));
    assert_eq!(r.retention_ratio.basis, "default");
    assert!(r.retention_ratio.en.contains("editable assumption"));
    assert!(r
        .assumptions
        .iter()
        .any(|a| a.en.contains("不低于50%") && a.en.contains("not confirmed")));
    assert_eq!(
        r.drugs[0].inputs.len(),
        5,
        "every input is shown with its basis"
    );
    // Shenzhen 2024 draft grades: B 40% → 8,600; D 0% → 0; labelled as that city's draft
    for (g, want) in [("A", "10750"), ("b", "8600"), ("C", "6450"), ("D", "0")] {
        let mut input = retention_input();
        input.grade = Some(g.into());
        let r = retention::batch7_retained(&input).unwrap();
        assert_eq!(r.retained, d(want), "grade {g}");
        assert!(r.retention_ratio.en.contains("Shenzhen 2024 draft"));
        assert_eq!(
            r.retention_ratio.source.as_deref(),
            Some("flcube.com/?p=3258")
        );
    }
    let mut input = retention_input();
    input.grade = Some("E".into());
    assert_eq!(
        retention::batch7_retained(&input).unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn actual_fund_spend_from_volume_caps_at_the_agreed_volume() {
    // 12,000 bought, only 10,000 count: 10,000 × 1 × 0.63 = 6,300; balance 25,200; × 40% = 10,080
    let mut input = retention_input();
    input.drugs[0].actual_fund_spend = Cell::default();
    input.drugs[0].actual_volume = c("12000");
    input.drugs[0].vbp_unit_price = c("1");
    input.retention_ratio = c("0.4");
    let r = retention::batch7_retained(&input).unwrap();
    assert_eq!(r.drugs[0].counted_volume, Some(d("10000")));
    assert_eq!(r.drugs[0].actual_fund_spend, d("6300"));
    assert_eq!(r.retained, d("10080"));
    // from an actual spend: 20,000 × 0.63 = 12,600; balance 18,900
    input.drugs[0].actual_spend = c("20000");
    let r = retention::batch7_retained(&input).unwrap();
    assert_eq!(r.totals.balance, d("18900"));
    assert!(r.drugs[0].actual_fund_spend_basis_en.starts_with("assumed"));
}

#[test]
fn overspend_retains_nothing_and_missing_inputs_are_listed() {
    let mut input = retention_input();
    input.drugs[0].actual_fund_spend = c("40000");
    input.drugs.push(RetentionDrugInput {
        agreed_volume: c("1"),
        ..Default::default()
    });
    let r = retention::batch7_retained(&input).unwrap();
    assert_eq!(r.totals.balance, d("-8500"));
    assert_eq!(r.retained, Decimal::ZERO);
    assert!(r.warnings.iter().any(|w| w.code == "no_balance"));
    assert_eq!(
        (r.rejected[0].line, r.rejected[0].code),
        (2, ErrorCode::MissingBaselinePrice)
    );
    // no fund payment ratio anywhere: the drug is listed, no default is assumed
    let mut input = retention_input();
    input.fund_payment_ratio = Cell::default();
    let r = retention::batch7_retained(&input).unwrap();
    assert_eq!(r.rejected[0].field.as_deref(), Some("fund_payment_ratio"));
    let mut input = retention_input();
    input.retention_ratio = c("0.5");
    input.grade = Some("A".into());
    assert_eq!(
        retention::batch7_retained(&input).unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

// ---------------------------------------------------------------- sensitivity

fn sens_input() -> SensitivityInput {
    SensitivityInput {
        lines: vec![SensitivityLineInput {
            volume: c("1000"),
            baseline_unit_price: c("10"),
            vbp_unit_price: c("4"),
            backup_unit_price: c("6"),
            ..Default::default()
        }],
        fund_payment_ratio: c("0.5"),
        insured_share: c("1"),
        ..Default::default()
    }
}

#[test]
fn tornado_bars_worked_by_hand() {
    let r = sensitivity::sensitivity(&sens_input()).unwrap();
    // base: savings 1000 × (10 − 4) = 6,000; budget 1000 × 10 × 0.5 = 5,000, fund spend 2,000, balance 3,000 × 50% = 1,500
    assert_eq!(r.base.savings, d("6000"));
    assert_eq!(r.base.retained, Some(d("1500")));
    let bar = |p: &str| r.bars.iter().find(|b| b.parameter == p).unwrap();
    // price cut ±10 pp: VBP 5 → savings 5,000; VBP 3 → 7,000
    let cut = bar("price_cut");
    assert_eq!(
        (cut.low_value, cut.high_value, cut.range_basis.as_str()),
        (d("-0.1"), d("0.1"), "default")
    );
    assert_eq!(
        (cut.low_result, cut.high_result, cut.swing),
        (d("5000"), d("7000"), d("2000"))
    );
    // volume ×0.8 / ×1.2: 4,800 / 7,200
    let vol = bar("volume");
    assert_eq!((vol.low_result, vol.high_result), (d("4800"), d("7200")));
    // disruption 0 → 0.25: 750 × 4 + 250 × 6 = 4,500 spend → savings 5,500
    let dis = bar("disruption_share");
    assert_eq!((dis.low_value, dis.high_value), (d("0"), d("0.25")));
    assert_eq!((dis.low_result, dis.high_result), (d("6000"), d("5500")));
    // retention ratio moves only the retained amount: 0 and 0.5 → 0 and 1,500
    let ret = bar("retention_ratio");
    assert_eq!(ret.swing, Decimal::ZERO);
    assert_eq!(
        (ret.low.retained, ret.high.retained),
        (Some(d("0")), Some(d("1500")))
    );
    // sorted by swing, widest first
    assert_eq!(
        r.bars
            .iter()
            .map(|b| b.parameter.as_str())
            .collect::<Vec<_>>(),
        ["volume", "price_cut", "disruption_share", "retention_ratio"]
    );
}

#[test]
fn tornado_of_the_retained_amount_with_given_ranges() {
    let mut input = sens_input();
    input.metric = Some(Metric::Retained);
    input.ranges = Some(RangesInput {
        retention_ratio: Some(RangeInput {
            low: c("0.3"),
            high: c("0.5"),
        }),
        ..Default::default()
    });
    let r = sensitivity::sensitivity(&input).unwrap();
    let ret = r
        .bars
        .iter()
        .find(|b| b.parameter == "retention_ratio")
        .unwrap();
    // 3,000 × 30% = 900; × 50% = 1,500
    assert_eq!(
        (ret.low_result, ret.high_result, ret.range_basis.as_str()),
        (d("900"), d("1500"), "input")
    );
    // volume ×1.2: the agreed volume (1,000) caps the counted spend, budget unchanged → still 1,500;
    // ×0.8: fund spend 800 × 4 × 0.5 = 1,600, balance 3,400 → 1,700
    let vol = r.bars.iter().find(|b| b.parameter == "volume").unwrap();
    assert_eq!((vol.low_result, vol.high_result), (d("1700"), d("1500")));
    input.fund_payment_ratio = Cell::default();
    assert_eq!(
        sensitivity::sensitivity(&input).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    let mut input = sens_input();
    input.ranges = Some(RangesInput {
        volume: Some(RangeInput {
            low: c("2"),
            high: c("1"),
        }),
        ..Default::default()
    });
    assert_eq!(
        sensitivity::sensitivity(&input).unwrap_err().code,
        ErrorCode::OutOfRange
    );
}

// ---------------------------------------------------------------- plan (sections added to an estimate)

#[test]
fn plan_adds_scenarios_agreed_volumes_and_retained_to_an_estimate() {
    use vbp_savings::plan::config::{self as plan, PlanConfig};
    use vbp_savings::{estimate, LineInput, Options};
    let est = estimate(
        &[LineInput {
            drug: Some("甲磺酸仑伐替尼胶囊".into()),
            manufacturer: Some("先声药业".into()),
            quantity: Some("1200".into()),
            baseline_unit_price: Some("108".into()),
            vbp_unit_price: Some("18".into()),
            ..Default::default()
        }],
        &Options::default(),
    )
    .unwrap();
    let config: PlanConfig = serde_json::from_str(
        r#"{
          "comment": "test",
          "suppliers": [{ "drug": "仑伐替尼", "backup": { "name": "某备供", "unit_price": "20" } }],
          "scenarios": [{ "id": "half", "primary_failure_months": 6 }],
          "agreed_volume": [{ "drug": "甲磺酸仑伐替尼胶囊", "demand_base": "2000", "winners": 7 }],
          "retention": { "fund_payment_ratio": 0.7, "insured_share": "1", "grade": "B" }
        }"#,
    )
    .unwrap();
    let p = plan::batch7_plan(&est, &config).unwrap();
    // 6 of 12 months: 600 × 18 + 600 × 20 = 22,800 instead of 21,600 → 1,200 at risk
    let s = p.scenarios.unwrap();
    assert_eq!(s.lines[0].primary_name.as_deref(), Some("先声药业"));
    assert_eq!(s.lines[0].primary.basis, PriceBasis::Estimate);
    assert_eq!(s.scenarios[0].totals.spend, d("22800"));
    assert_eq!(s.scenarios[0].totals.savings_at_risk, d("1200"));
    // 2,000 × 80% (7 winners) = 1,600
    let a = p.agreed_volume.unwrap();
    assert_eq!(a[0].agreed_volume, d("1600"));
    // budget 1,600 × 108 × 0.7 = 120,960; fund spend 1,200 × 18 × 0.7 = 15,120; balance 105,840 × 40% = 42,336
    let r = p.retained.unwrap();
    assert_eq!(r.drugs[0].budget, d("120960"));
    assert_eq!(r.drugs[0].actual_fund_spend, d("15120"));
    assert_eq!(r.retained, d("42336"));
    let basis = |f: &str| {
        r.drugs[0]
            .inputs
            .iter()
            .find(|i| i.field == f)
            .unwrap()
            .basis_en
            .clone()
    };
    assert_eq!(basis("agreed_volume"), "from the agreed_volume section");
    assert!(basis("pre_vbp_unit_price").contains("weighted average baseline price"));
    // a typo in a configuration is an error, not a silent zero
    let e = serde_json::from_str::<PlanConfig>(
        r#"{ "scenarios": [{ "primary_failure_shares": "0.5" }] }"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("unknown field"));
}
