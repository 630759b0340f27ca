//! Native tests of the evaluation engine (监测与评价): the made-up hospital's 24 months
//! against an independent exact computation (integers in fen and units, fractions rounded
//! by long division — not the engine's code), and the contract's rules one by one: roles,
//! units and packs, DDDs, rejected rows, null quotients, periods, and the published figures.
#![cfg(not(target_arch = "wasm32"))]

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;
use vbp_savings::evaluation::{
    evaluate_csv, evaluate_rows, CompletionStatus, DddInput, EvaluateOptions, Evaluation,
    ShareBasis,
};
use vbp_savings::ErrorCode;

const PURCHASES: &str = include_str!("fixtures/evaluation/purchases.csv");
const AGREED: &str = include_str!("fixtures/evaluation/agreed.csv");

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

fn options(pre: &str, post: &str, as_of: Option<&str>) -> EvaluateOptions {
    EvaluateOptions {
        pre: Some(pre.into()),
        post: Some(post.into()),
        as_of: as_of.map(Into::into),
        ..Default::default()
    }
}

fn fixture(as_of: Option<&str>) -> Evaluation {
    evaluate_csv(
        PURCHASES.as_bytes(),
        Some(AGREED.as_bytes()),
        &options("2021-11:2022-10", "2022-11:2023-10", as_of),
    )
    .unwrap()
}

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

// ---------------------------------------------------------------------------------------
// The independent computation: exact integers and fractions, its own (naive) CSV split,
// its own pack sizes and roles for the fixture's products, written from the fixture's
// description rather than from the engine.

/// n ÷ d rounded to 12 decimal places, half away from zero, by long division (d ≠ 0).
fn round12(n: i128, d: i128) -> Decimal {
    let negative = (n < 0) != (d < 0);
    let (n, d) = (n.unsigned_abs(), d.unsigned_abs());
    let mut q = n / d;
    let mut r = n % d;
    for _ in 0..12 {
        r *= 10;
        q = q * 10 + r / d;
        r %= d;
    }
    if 2 * r >= d {
        q += 1;
    }
    let v = Decimal::from_i128_with_scale(q as i128, 12).normalize();
    if negative {
        -v
    } else {
        v
    }
}

/// Units per pack for the fixture's per-box specifications (read off the fixture by eye).
fn pack(spec: &str) -> i128 {
    match spec {
        "4mg×30粒/盒" | "75mg×30粒/盒" | "10mg×30片/盒" => 30,
        "75mg×10粒/盒" | "10mg×10片/盒" => 10,
        other => panic!("no pack for {other}"),
    }
}

/// (group, role) of the fixture's products; `None`: not counted.
fn role(
    drug: &str,
    manufacturer: &str,
    role_cell: &str,
    group_cell: &str,
) -> Option<(&'static str, &'static str)> {
    let group = match drug {
        "甲磺酸仑伐替尼胶囊" => "甲磺酸仑伐替尼胶囊",
        "磷酸奥司他韦胶囊" => "磷酸奥司他韦胶囊",
        "依折麦布片" => "依折麦布片",
        "注射用替加环素" => "注射用替加环素",
        "注射用米卡芬净钠" => "注射用米卡芬净钠",
        "依巴斯汀片" => "依巴斯汀片",
        "海博麦布片" if group_cell == "依折麦布片" => {
            return Some(("依折麦布片", "alternative"))
        }
        _ => return None,
    };
    if role_cell == "非中选" {
        return Some((group, "non_winning"));
    }
    if manufacturer.is_empty() {
        return None;
    }
    let winners = [
        "江苏先声药业有限公司",
        "宜昌东阳光长江药业股份有限公司",
        "山德士（中国）制药有限公司",
        "辉瑞制药有限公司",
        "江苏联环药业股份有限公司",
    ];
    Some((
        group,
        if winners.contains(&manufacturer) {
            "winning"
        } else {
            "non_winning"
        },
    ))
}

#[derive(Default, Debug, Clone)]
struct Acc {
    fen: i128,
    units: i128,
    by_role: BTreeMap<&'static str, i128>,
    products: BTreeMap<String, (i128, i128)>, // manufacturer → (fen, units)
}

struct Row {
    month: String,
    drug: String,
    manufacturer: String,
    unit: String,
    spec: String,
    quantity: i128,
    fen: i128,
    role: Option<(&'static str, &'static str)>,
}

fn fen(amount: &str) -> i128 {
    let (i, f) = amount.split_once('.').unwrap_or((amount, "00"));
    let sign = if i.starts_with('-') { -1 } else { 1 };
    sign * (i.trim_start_matches('-').parse::<i128>().unwrap() * 100
        + format!("{f:0<2}").parse::<i128>().unwrap())
}

fn fixture_rows() -> Vec<Row> {
    PURCHASES
        .lines()
        .skip(2)
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let month = c[0];
            if month.is_empty() || month == "2023-13" {
                return None; // the totals row and the bad month are rejected
            }
            Some(Row {
                month: month.into(),
                drug: c[1].into(),
                spec: c[2].into(),
                unit: c[3].into(),
                manufacturer: c[4].into(),
                quantity: c[5].parse().unwrap(),
                fen: fen(c[6]),
                role: role(c[1], c[4], c[7], c[8]),
            })
        })
        .collect()
}

fn units_of(r: &Row) -> i128 {
    if r.unit == "盒" {
        r.quantity * pack(&r.spec)
    } else {
        r.quantity
    }
}

fn sums(pre: bool) -> BTreeMap<&'static str, Acc> {
    let mut out: BTreeMap<&'static str, Acc> = BTreeMap::new();
    for r in fixture_rows() {
        let Some((group, role)) = r.role else {
            continue;
        };
        let in_pre = r.month.as_str() >= "2021-11" && r.month.as_str() <= "2022-10";
        let in_post = r.month.as_str() >= "2022-11" && r.month.as_str() <= "2023-10";
        if (pre && !in_pre) || (!pre && !in_post) {
            continue;
        }
        let a = out.entry(group).or_default();
        let u = units_of(&r);
        a.fen += r.fen;
        a.units += u;
        *a.by_role.entry(role).or_default() += u;
        let p = a
            .products
            .entry(format!("{}|{}", r.drug, r.manufacturer))
            .or_default();
        p.0 += r.fen;
        p.1 += u;
    }
    out
}

#[test]
fn the_made_up_hospital_matches_an_independent_exact_computation() {
    let e = fixture(None);
    let (pre, post) = (sums(true), sums(false));
    assert_eq!(e.groups.len(), 6);
    for g in &e.groups {
        let (a0, a1) = (&pre[g.group.as_str()], &post[g.group.as_str()]);
        let (m0, m1) = (g.pre.as_ref().unwrap(), g.post.as_ref().unwrap());
        assert_eq!(
            g.share_basis,
            ShareBasis::Quantity,
            "{}: no DDDs in the fixture",
            g.group
        );
        for (m, a) in [(m0, a0), (m1, a1)] {
            assert_eq!(
                m.spend,
                Decimal::from_i128_with_scale(a.fen, 2).normalize(),
                "{} spend",
                g.group
            );
            assert_eq!(
                m.quantity,
                Some(Decimal::from(a.units as i64)),
                "{} quantity",
                g.group
            );
            assert_eq!(m.ddds, None);
            let share = |role: &str| {
                a.by_role
                    .get(role)
                    .map_or(Decimal::ZERO, |x| round12(*x, a.units))
            };
            assert_eq!(
                m.winning_share,
                Some(share("winning")),
                "{} winning share",
                g.group
            );
            assert_eq!(
                m.non_winning_share,
                Some(share("non_winning")),
                "{} non-winning share",
                g.group
            );
            assert_eq!(
                m.alternative_share,
                Some(share("alternative")),
                "{} alternative share",
                g.group
            );
        }
        let dec = g.decomposition.as_ref().unwrap();
        assert_eq!(
            dec.expenditure_index,
            Some(round12(a1.fen, a0.fen)),
            "{} expenditure",
            g.group
        );
        assert_eq!(
            dec.volume_index,
            Some(round12(a1.units, a0.units)),
            "{} volume",
            g.group
        );
        // price: Σ E_post,i ÷ Σ round12(E_pre,i × q_post,i ÷ q_pre,i) over products in both periods
        let (mut num_fen, mut den_e12) = (0i128, 0i128);
        for (k, (f0, q0)) in &a0.products {
            let Some((f1, q1)) = a1.products.get(k) else {
                continue;
            };
            num_fen += f1;
            // yuan × 10^12: fen × q1 ÷ q0 ÷ 100, rounded at 12 places
            let term = round12(f0 * q1, q0 * 100);
            den_e12 += term.mantissa() * 10i128.pow(12 - term.scale());
        }
        // num in yuan × 10^12 = fen × 10^10
        let num_e12 = num_fen * 10_000_000_000;
        assert_eq!(
            dec.price_index,
            Some(round12(num_e12, den_e12)),
            "{} price",
            g.group
        );
        // structure = E1 × Q0 × den ÷ (E0 × Q1 × num)
        assert_eq!(
            dec.structure_index,
            Some(round12(
                a1.fen * a0.units * den_e12,
                a0.fen * a1.units * num_e12
            )),
            "{} structure",
            g.group
        );
    }
    // the alternative drifted up: 海博麦布片's share of the ezetimibe group grew
    let eze = e.groups.iter().find(|g| g.key == "ezetimibe").unwrap();
    assert!(
        eze.post.as_ref().unwrap().alternative_share > eze.pre.as_ref().unwrap().alternative_share
    );
    // totals: the sum of the groups
    let t0: i128 = pre.values().map(|a| a.fen).sum();
    let t1: i128 = post.values().map(|a| a.fen).sum();
    assert_eq!(
        e.total.pre.as_ref().unwrap().spend,
        Decimal::from_i128_with_scale(t0, 2).normalize()
    );
    assert_eq!(
        e.total.decomposition.as_ref().unwrap().expenditure_index,
        Some(round12(t1, t0))
    );
}

#[test]
fn completion_of_the_made_up_agreed_volumes_against_an_independent_computation() {
    let e = fixture(Some("2023-06"));
    // cycle 2022-11 … 2023-10, as of 2023-06: 8 of 12 months
    let winning = |drug: &str, manufacturer: &str| -> i128 {
        fixture_rows()
            .iter()
            .filter(|r| {
                r.drug == drug
                    && r.manufacturer == manufacturer
                    && r.month.as_str() >= "2022-11"
                    && r.month.as_str() <= "2023-06"
            })
            .map(|r| r.quantity)
            .sum()
    };
    // lenvatinib: boxes of 30 bought, capsules agreed
    let len = winning("甲磺酸仑伐替尼胶囊", "江苏先声药业有限公司") * 30;
    // ebastine: tablets bought, boxes of 14 agreed
    let eba = winning("依巴斯汀片", "江苏联环药业股份有限公司");
    let expected: [(&str, i128, i128, i128); 5] = [
        ("甲磺酸仑伐替尼胶囊", len, 1, 2400),
        (
            "磷酸奥司他韦胶囊",
            winning("磷酸奥司他韦胶囊", "宜昌东阳光长江药业股份有限公司"),
            1,
            900,
        ),
        (
            "依折麦布片",
            winning("依折麦布片", "山德士（中国）制药有限公司"),
            1,
            600,
        ),
        (
            "注射用替加环素",
            winning("注射用替加环素", "辉瑞制药有限公司"),
            1,
            1000,
        ),
        ("依巴斯汀片", eba, 14, 400),
    ];
    assert_eq!(
        e.completion.len(),
        6,
        "the second-year lenvatinib row has not started"
    );
    for (drug, bought, per, agreed) in expected {
        let c = e.completion.iter().find(|c| c.drug == drug).unwrap();
        assert_eq!(c.purchased, round12(bought, per), "{drug}");
        assert_eq!(c.completion, Some(round12(bought, per * agreed)), "{drug}");
        assert_eq!(c.time_elapsed, Some(round12(8, 12)));
        assert_eq!(
            c.lag,
            Some(round12(bought * 12 - per * agreed * 8, per * agreed * 12)),
            "{drug}"
        );
        assert_eq!(
            c.required_monthly,
            Some(round12((per * agreed - bought).max(0), per * 4)),
            "{drug}"
        );
        assert_eq!(
            c.projected_completion,
            Some(round12(bought * 12, per * agreed * 8)),
            "{drug}"
        );
        let status = if bought <= 0 {
            CompletionStatus::ZeroPurchase
        } else if bought >= per * agreed {
            CompletionStatus::Completed
        } else if bought * 12 < per * agreed * 8 {
            CompletionStatus::Behind
        } else {
            CompletionStatus::OnTrack
        };
        assert_eq!(c.status, status, "{drug}");
        assert_eq!(c.months.len(), 8);
        assert_eq!(c.months.last().unwrap().cumulative, c.purchased);
    }
    // micafungin: only a non-winning product was bought
    let mica = e.completion.iter().find(|c| c.key == "micafungin").unwrap();
    assert_eq!(
        (mica.purchased, mica.status),
        (Decimal::ZERO, CompletionStatus::ZeroPurchase)
    );
    // the statuses the sample shows
    let statuses: Vec<CompletionStatus> = e.completion.iter().map(|c| c.status).collect();
    for s in [
        CompletionStatus::OnTrack,
        CompletionStatus::Behind,
        CompletionStatus::ZeroPurchase,
    ] {
        assert!(statuses.contains(&s), "{s:?} in {statuses:?}");
    }
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "cycle_not_started" && w.line == Some(9)));
}

#[test]
fn the_fixture_reports_what_it_could_not_count() {
    let e = fixture(None);
    let rejected: Vec<(u64, Option<u32>, ErrorCode)> = e
        .rejected
        .iter()
        .map(|p| (p.line, p.column, p.code))
        .collect();
    let n = PURCHASES.lines().count() as u64;
    assert_eq!(
        rejected,
        vec![
            (n - 1, Some(1), ErrorCode::BadMonth),
            (n, Some(2), ErrorCode::SummaryRow)
        ]
    );
    for p in &e.rejected {
        assert!(!p.message.is_empty() && !p.message_zh.is_empty());
    }
    let codes: Vec<&str> = e.warnings.iter().map(|w| w.code.as_str()).collect();
    for code in [
        "unclassified",
        "outside_groups",
        "non_winning_inferred",
        "ddds_unknown",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let ddd = e
        .warnings
        .iter()
        .find(|w| w.code == "ddds_unknown")
        .unwrap();
    assert!(
        ddd.message.contains("甲磺酸仑伐替尼胶囊") && ddd.message_zh.contains("海博麦布片"),
        "{}",
        ddd.message
    );
    assert_eq!(e.input.purchases.header_line, Some(2));
    assert_eq!(
        e.input.purchases.accepted + e.input.purchases.rejected,
        e.input.purchases.rows
    );
    assert_eq!(e.input.agreed.as_ref().unwrap().accepted, 7);
    // a GBK file reads the same
    let g = evaluate_csv(
        &gbk(PURCHASES),
        Some(&gbk(AGREED)),
        &options("2021-11:2022-10", "2022-11:2023-10", None),
    )
    .unwrap();
    assert_eq!(g.groups, e.groups);
    assert_eq!(g.input.purchases.encoding.as_deref(), Some("GB18030"));
    // rows read the same as the CSV
    let r = evaluate_rows(
        &rows(PURCHASES),
        Some(&rows(AGREED)),
        &options("2021-11:2022-10", "2022-11:2023-10", None),
    )
    .unwrap();
    assert_eq!(
        (r.groups, r.total, r.completion),
        (e.groups.clone(), e.total.clone(), e.completion.clone())
    );
}

#[test]
fn the_document_names_its_schema_and_writes_quotients_as_strings() {
    let e = fixture(Some("2023-06"));
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["schema"], "vbp-savings/evaluation@1");
    let g = &v["groups"][0];
    for k in ["group", "share_basis", "pre", "post", "decomposition"] {
        assert!(g.get(k).is_some(), "{k}");
    }
    for k in [
        "spend",
        "quantity",
        "ddds",
        "dddc",
        "winning_share",
        "non_winning_share",
        "alternative_share",
    ] {
        assert!(g["post"].get(k).is_some(), "{k}");
    }
    assert!(g["post"]["spend"].is_string() && g["post"]["ddds"].is_null());
    for k in [
        "expenditure_index",
        "volume_index",
        "price_index",
        "structure_index",
    ] {
        assert!(g["decomposition"][k].is_string(), "{k}");
    }
    let c = &v["completion"][0];
    for k in [
        "drug",
        "manufacturer",
        "agreed_volume",
        "purchased",
        "completion",
        "time_elapsed",
        "lag",
        "status",
        "required_monthly",
        "projected_completion",
    ] {
        assert!(c.get(k).is_some(), "{k}");
    }
    assert!(v["total"]["decomposition"]["price_index"].is_string());
    let codes: Vec<&str> = v["formulas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for k in [
        "decomposition",
        "decomposition_source",
        "completion",
        "time_elapsed",
        "rounding",
    ] {
        assert!(codes.contains(&k), "{k}");
    }
    let source = v["formulas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "decomposition_source")
        .unwrap();
    assert!(source["en"].as_str().unwrap().contains("PMC7765443"));
    // read back
    let back: Evaluation = serde_json::from_value(v).unwrap();
    assert_eq!(back, e);
}

// ---------------------------------------------------------------------------------------
// The rules, one by one, on small inputs.

const HEAD: &str = "month,drug,manufacturer,quantity,amount";

fn eval(purchases: &str, agreed: Option<&str>, o: &EvaluateOptions) -> Evaluation {
    evaluate_csv(purchases.as_bytes(), agreed.map(str::as_bytes), o).unwrap()
}

fn o22_23() -> EvaluateOptions {
    options("2022-01:2022-12", "2023-01:2023-12", None)
}

#[test]
fn ddds_are_the_basis_only_when_every_row_has_them() {
    let text = "month,drug,manufacturer,quantity,amount,ddds\n\
                2022-03,依折麦布片,示例原研药业,100,6000,1000\n\
                2023-03,依折麦布片,山德士,300,1166.70,3000\n\
                2023-04,依折麦布片,示例原研药业,10,520,100\n";
    let e = eval(text, None, &o22_23());
    let g = &e.groups[0];
    assert_eq!(g.share_basis, ShareBasis::Ddds);
    let post = g.post.as_ref().unwrap();
    assert_eq!(post.ddds, Some(d("3100")));
    assert_eq!(post.dddc, Some(d("0.544096774194"))); // 1686.70 / 3100
    assert_eq!(post.winning_share, Some(d("0.967741935484"))); // 3000 / 3100
    assert_eq!(g.pre.as_ref().unwrap().dddc, Some(d("6")));
    assert!(!e.warnings.iter().any(|w| w.code == "ddds_unknown"));
    // one row without DDDs: the basis falls back to quantity, DDDs null, a warning names the drug
    let text = text.replace(",100\n", ",\n");
    let e = eval(&text, None, &o22_23());
    let g = &e.groups[0];
    assert_eq!(g.share_basis, ShareBasis::Quantity);
    assert_eq!(
        (g.post.as_ref().unwrap().ddds, g.post.as_ref().unwrap().dddc),
        (None, None)
    );
    assert_eq!(g.pre.as_ref().unwrap().ddds, Some(d("1000")));
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "ddds_unknown")
        .unwrap();
    assert!(w.message.contains("依折麦布片") && w.message_zh.contains("依折麦布片"));
}

#[test]
fn ddds_per_unit_and_a_ddd_table_with_the_strength_from_the_specification() {
    let text = "month,drug,manufacturer,specification,unit,quantity,amount,ddd_per_unit\n\
                2022-03,依折麦布片,示例原研药业,10mg×10片/盒,盒,10,600,10\n\
                2023-03,依折麦布片,山德士,10mg×30片/盒,盒,10,388.90,\n\
                2023-03,依折麦布片,示例原研药业,5mg×10片/盒,片,20,100,\n";
    // the user's DDD table: 10 mg (a test value, not a sourced one)
    let o = EvaluateOptions {
        ddd: vec![DddInput {
            drug: "依折麦布".into(),
            ddd: "10 mg".into(),
            source: None,
        }],
        ..o22_23()
    };
    let e = eval(text, None, &o);
    let g = &e.groups[0];
    assert_eq!(g.share_basis, ShareBasis::Ddds);
    assert_eq!(g.pre.as_ref().unwrap().ddds, Some(d("100"))); // 10 boxes × 10 DDDs per box
                                                              // 10 boxes × 30 tablets × 10 mg ÷ 10 mg = 300; 20 tablets × 5 mg ÷ 10 mg = 10
    assert_eq!(g.post.as_ref().unwrap().ddds, Some(d("310")));
    // without the table those two rows have no DDDs
    let e = eval(text, None, &o22_23());
    assert_eq!(e.groups[0].share_basis, ShareBasis::Quantity);
    // a DDD that is not one dose with its unit is refused, naming the entry
    let bad = EvaluateOptions {
        ddd: vec![DddInput {
            drug: "依折麦布".into(),
            ddd: "ten".into(),
            source: None,
        }],
        ..o22_23()
    };
    let err = evaluate_csv(text.as_bytes(), None, &bad).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("ddd[0]"));
}

#[test]
fn per_box_rows_convert_through_their_pack_and_never_a_guessed_one() {
    let text = "month,drug,manufacturer,specification,unit,quantity,amount\n\
                2022-03,甲磺酸仑伐替尼胶囊,示例原研药业,4mg×30粒/盒,盒,2,6480\n\
                2023-03,甲磺酸仑伐替尼胶囊,先声药业,4mg×30粒/盒,盒,3,288\n\
                2023-03,甲磺酸仑伐替尼胶囊,先声药业,4mg,盒,1,96\n";
    let e = eval(text, None, &o22_23());
    let g = &e.groups[0];
    assert_eq!(g.pre.as_ref().unwrap().quantity, Some(d("60")));
    // the third row's pack is unknown: its spend counts, the quantity (and so the shares) is null
    let post = g.post.as_ref().unwrap();
    assert_eq!(
        (post.spend, post.quantity, post.winning_share),
        (d("384"), None, None)
    );
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "pack_size_unknown")
        .unwrap();
    assert_eq!(w.line, Some(4));
    assert!(w.message.contains("4mg") && w.message_zh.contains("规格"));
    assert_eq!(g.decomposition.as_ref().unwrap().volume_index, None);
    assert_eq!(
        g.decomposition.as_ref().unwrap().expenditure_index,
        Some(d("0.059259259259"))
    );
}

#[test]
fn completion_converts_boxes_and_units_or_says_why_not() {
    let purchases = "month,drug,manufacturer,specification,unit,quantity,amount\n\
                     2023-01,甲磺酸仑伐替尼胶囊,先声药业,4mg×30粒/盒,盒,2,192\n\
                     2023-02,甲磺酸仑伐替尼胶囊,先声药业,,粒,30,96\n\
                     2023-02,甲磺酸仑伐替尼胶囊,先声药业,,盒,1,96\n";
    let agreed = "drug,manufacturer,unit,agreed_volume,cycle_start,cycle_end\n\
                  仑伐替尼,先声药业,粒,1200,2023-01,2023-12\n";
    let o = EvaluateOptions {
        as_of: Some("2023-03".into()),
        ..o22_23()
    };
    let e = eval(purchases, Some(agreed), &o);
    let c = &e.completion[0];
    // 2 boxes × 30 + 30 capsules; the box without a specification is not guessed
    assert_eq!(c.purchased, d("90"));
    assert_eq!(c.unit.as_deref(), Some("粒"));
    assert_eq!(c.completion, Some(d("0.075")));
    assert_eq!(c.time_elapsed, Some(d("0.25")));
    assert_eq!(c.status, CompletionStatus::Behind);
    assert_eq!(
        c.months.iter().map(|m| m.quantity).collect::<Vec<_>>(),
        vec![d("60"), d("30"), d("0")]
    );
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "pack_size_unknown" && w.line == Some(4)));
    // the agreed volume in boxes: capsules ÷ the pack
    let agreed = "drug,manufacturer,specification,unit,agreed_volume,cycle_start,cycle_end\n\
                  仑伐替尼,先声药业,4mg×30粒/盒,盒,40,2023-01,2023-12\n";
    let e = eval(purchases, Some(agreed), &o);
    // 2 + 30 ÷ 30 + 1 (the agreed row's specification states the pack for the third row)
    assert_eq!(e.completion[0].purchased, d("4"));
    // no unit on the agreed row, rows in several units: added as written, with a warning
    let agreed = "drug,manufacturer,agreed_volume,cycle_start,cycle_end\n仑伐替尼,先声药业,40,2023-01,2023-12\n";
    let e = eval(purchases, Some(agreed), &o);
    assert_eq!(e.completion[0].purchased, d("33"));
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "mixed_units" && w.line == Some(2)));
}

#[test]
fn completion_counts_only_the_agreed_manufacturers_winning_rows_in_the_cycle() {
    let purchases = format!(
        "{HEAD}\n2022-12,甲磺酸仑伐替尼胶囊,先声药业,50,300\n2023-01,甲磺酸仑伐替尼胶囊,先声药业,100,600\n\
         2023-01,甲磺酸仑伐替尼胶囊,正大天晴药业集团,70,420\n2023-02,甲磺酸仑伐替尼胶囊,示例原研药业,500,54000\n\
         2023-04,甲磺酸仑伐替尼胶囊,先声药业,-10,-60\n2023-09,甲磺酸仑伐替尼胶囊,先声药业,999,5994\n"
    );
    let agreed = "drug,manufacturer,agreed_volume,cycle_start,cycle_end\n\
                  甲磺酸仑伐替尼胶囊,江苏先声药业有限公司,1200,2023-01,2023-12\n\
                  甲磺酸仑伐替尼胶囊,,1200,2023-01,2023-12\n";
    let o = EvaluateOptions {
        as_of: Some("2023-06".into()),
        ..o22_23()
    };
    let e = eval(&purchases, Some(agreed), &o);
    // before the cycle, after the as-of month, another winner, a non-winning product: not counted; a return counts
    assert_eq!(e.completion[0].purchased, d("90"));
    assert_eq!(e.completion[0].required_monthly, Some(d("185")));
    // no manufacturer on the agreed row: every winner's rows
    assert_eq!(e.completion[1].purchased, d("160"));
}

#[test]
fn roles_from_a_column_an_alternative_needs_its_group() {
    let text = "月份,药品名称,生产企业,数量,金额,类别,对应集采品种\n\
                2022-02,甲磺酸仑伐替尼胶囊,某药业,10,1000,中选,\n\
                2022-02,索拉非尼片,某药业,10,500,替代,\n\
                2022-02,索拉非尼片,某药业,10,500,替代,仑伐替尼\n\
                2022-02,甲磺酸仑伐替尼胶囊,某药业,10,1000,甲类,\n\
                2023-02,甲磺酸仑伐替尼胶囊,某药业,20,1000,非中选,\n";
    let e = eval(text, None, &o22_23());
    let problems: Vec<(u64, Option<u32>, ErrorCode)> = e
        .rejected
        .iter()
        .map(|p| (p.line, p.column, p.code))
        .collect();
    assert_eq!(
        problems,
        vec![
            (3, Some(7), ErrorCode::BadValue),
            (5, Some(6), ErrorCode::BadValue)
        ]
    );
    assert!(e.rejected[0].message_zh.contains("对应集采品种"));
    let g = &e.groups[0];
    assert_eq!(g.key, "lenvatinib");
    let pre = g.pre.as_ref().unwrap();
    assert_eq!(
        (pre.rows, pre.winning_share, pre.alternative_share),
        (2, Some(d("0.5")), Some(d("0.5")))
    );
    assert_eq!(
        g.post.as_ref().unwrap().non_winning_share,
        Some(Decimal::ONE)
    );
    assert!(e.assumptions.iter().any(|a| a.code == "roles_from_data"));
}

#[test]
fn the_groups_option_maps_alternatives_without_a_column() {
    let text = format!("{HEAD}\n2022-02,依折麦布片,山德士,10,300\n2022-02,海博麦布片,某药业,10,450\n2023-02,阿司匹林肠溶片,某药业,10,15\n");
    let o = EvaluateOptions {
        groups: [("海博麦布片".to_string(), "依折麦布".to_string())].into(),
        ..o22_23()
    };
    let e = eval(&text, None, &o);
    assert_eq!(e.groups.len(), 1);
    assert_eq!(
        e.groups[0].pre.as_ref().unwrap().alternative_share,
        Some(d("0.5"))
    );
    let w = e
        .warnings
        .iter()
        .find(|w| w.code == "outside_groups")
        .unwrap();
    assert_eq!(
        (w.line, w.drug.as_deref()),
        (Some(4), Some("阿司匹林肠溶片"))
    );
}

#[test]
fn a_zero_divisor_is_null_with_a_warning_not_a_crash() {
    // nothing spent before: the expenditure index is null; returns cancel the post quantity
    let text = format!("{HEAD}\n2023-02,甲磺酸仑伐替尼胶囊,先声药业,10,960\n2023-03,甲磺酸仑伐替尼胶囊,先声药业,-10,-960\n");
    let e = eval(&text, None, &o22_23());
    let g = &e.groups[0];
    assert_eq!(g.pre.as_ref().unwrap().rows, 0);
    let dec = g.decomposition.as_ref().unwrap();
    assert_eq!(
        (
            dec.expenditure_index,
            dec.volume_index,
            dec.price_index,
            dec.structure_index
        ),
        (None, None, None, None)
    );
    let post = g.post.as_ref().unwrap();
    assert_eq!(
        (post.spend, post.quantity, post.winning_share),
        (Decimal::ZERO, Some(Decimal::ZERO), None)
    );
    assert!(e.warnings.iter().any(|w| w.code == "no_rows_in_period"));
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "division_by_zero" && w.message.contains("shares")));
    // a zero agreed volume
    let agreed = "drug,agreed_volume,cycle_start,cycle_end\n仑伐替尼,0,2023-01,2023-12\n";
    let e = eval(&text, Some(agreed), &o22_23());
    assert_eq!(e.completion[0].completion, None);
    assert!(e
        .warnings
        .iter()
        .any(|w| w.code == "division_by_zero" && w.line == Some(2)));
}

#[test]
fn unclassified_rows_are_warned_and_not_counted() {
    let text = format!(
        "{HEAD}\n2022-02,甲磺酸仑伐替尼胶囊,,10,1000\n2022-02,罗红霉素片,某药业,10,50\n2022-02,磷酸奥司他韦胶囊,某药业,10,60\n2022-02,磷酸奥司他韦胶囊,东阳光,10,9.99\n"
    );
    let e = eval(&text, None, &o22_23());
    let un: Vec<(Option<u64>, Option<&str>)> = e
        .warnings
        .iter()
        .filter(|w| w.code == "unclassified")
        .map(|w| (w.line, w.drug.as_deref()))
        .collect();
    assert_eq!(
        un,
        vec![
            (Some(2), Some("甲磺酸仑伐替尼胶囊")),
            (Some(3), Some("罗红霉素片")),
            (Some(4), Some("磷酸奥司他韦胶囊"))
        ]
    );
    assert_eq!(e.groups.len(), 1);
    assert_eq!(e.groups[0].pre.as_ref().unwrap().spend, d("9.99"));
    assert!(!e.warnings.iter().any(|w| w.code == "non_winning_inferred"));
    // the agreed volumes name the hospital's winner: the others are then non-winning
    let agreed = "drug,manufacturer,agreed_volume,cycle_start,cycle_end\n罗红霉素片,某药业,100,2022-01,2022-12\n";
    let e = eval(&text, Some(agreed), &o22_23());
    assert!(e
        .groups
        .iter()
        .any(|g| g.group == "罗红霉素片"
            && g.pre.as_ref().unwrap().winning_share == Some(Decimal::ONE)));
}

#[test]
fn bad_rows_are_listed_by_line_and_column_and_good_rows_still_count() {
    let text = "采购明细（示例）\n\
                月份,药品名称,生产企业,数量,金额\n\
                2022-02,甲磺酸仑伐替尼胶囊,先声药业,10,960\n\
                2022年3月,甲磺酸仑伐替尼胶囊,先声药业,\"1,000\",\"¥96,000.00\"\n\
                2022-04,,先声药业,10,960\n\
                2022-04,甲磺酸仑伐替尼胶囊,先声药业,ten,960\n\
                2022-04,甲磺酸仑伐替尼胶囊,先声药业,10,\n\
                2022-04-31,甲磺酸仑伐替尼胶囊,先声药业,10,960\n\
                45000,甲磺酸仑伐替尼胶囊,先声药业,10,960\n\
                小计,,,30,2880\n";
    let e = eval(text, None, &o22_23());
    let got: Vec<(u64, Option<u32>, &str, ErrorCode)> = e
        .rejected
        .iter()
        .map(|p| (p.line, p.column, p.header.as_deref().unwrap_or(""), p.code))
        .collect();
    assert_eq!(
        got,
        vec![
            (5, Some(2), "药品名称", ErrorCode::MissingDrug),
            (6, Some(4), "数量", ErrorCode::BadNumber),
            (7, Some(5), "金额", ErrorCode::MissingAmount),
            (9, Some(1), "月份", ErrorCode::BadMonth),
            (10, Some(1), "月份", ErrorCode::SummaryRow),
        ]
    );
    for p in &e.rejected {
        assert!(!p.message.is_empty() && !p.message_zh.is_empty(), "{p:?}");
    }
    // 2022-04-31 is read as its month (the day is not checked); the good rows count
    let pre = e.groups[0].pre.as_ref().unwrap();
    assert_eq!(
        (pre.rows, pre.quantity, pre.spend),
        (3, Some(d("1020")), d("97920"))
    );
    assert_eq!(
        (
            e.input.purchases.rows,
            e.input.purchases.accepted,
            e.input.purchases.rejected
        ),
        (8, 3, 5)
    );
}

#[test]
fn whole_input_errors_name_the_table() {
    let o = o22_23();
    let e = evaluate_csv(b"drug,quantity\nx,1\n", None, &o).unwrap_err();
    assert_eq!(e.code, ErrorCode::MissingColumn);
    assert!(
        e.message.starts_with("purchase records")
            && e.message.contains("month")
            && e.message.contains("amount"),
        "{}",
        e.message
    );
    let e = evaluate_csv(
        format!("{HEAD}\n").as_bytes(),
        Some(b"drug,agreed_volume\nx,1\n"),
        &o,
    )
    .unwrap_err();
    assert!(
        e.message.starts_with("agreed volumes") && e.message_zh.contains("周期开始"),
        "{}",
        e.message
    );
    assert_eq!(
        evaluate_csv(b"", None, &o).unwrap_err().code,
        ErrorCode::EmptyInput
    );
    let e = evaluate_csv(b"a,b\n1,2\n", None, &o).unwrap_err();
    assert_eq!(e.code, ErrorCode::NoHeader);
    // options
    let bad = |pre: &str, post: &str| {
        evaluate_csv(
            format!("{HEAD}\n").as_bytes(),
            None,
            &options(pre, post, None),
        )
        .unwrap_err()
        .code
    };
    assert_eq!(bad("2022-01", "2023-01:2023-12"), ErrorCode::BadMonth);
    assert_eq!(
        bad("2022-01:2023-01", "2023-01:2023-12"),
        ErrorCode::OutOfRange
    );
    assert_eq!(
        bad("2023-01:2023-12", "2022-01:2022-12"),
        ErrorCode::OutOfRange
    );
    let e = evaluate_csv(
        format!("{HEAD}\n").as_bytes(),
        None,
        &EvaluateOptions {
            as_of: Some("June".into()),
            ..o
        },
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::BadMonth);
    assert!(e.message.starts_with("as_of"));
    let r: Result<EvaluateOptions, _> =
        serde_json::from_str(r#"{"pre":"2022-01:2022-12","asof":"2023-01"}"#);
    assert!(r.is_err(), "unknown keys are refused");
}

#[test]
fn periods_default_from_the_data_and_say_so() {
    let text = format!("{HEAD}\n2021-06,甲磺酸仑伐替尼胶囊,先声药业,10,960\n2023-05,甲磺酸仑伐替尼胶囊,先声药业,10,960\n");
    let e = evaluate_csv(text.as_bytes(), None, &EvaluateOptions::default()).unwrap();
    let (pre, post) = (e.periods.pre.unwrap(), e.periods.post.unwrap());
    assert_eq!(
        (
            pre.start.to_string(),
            pre.end.to_string(),
            post.start.to_string(),
            post.end.to_string()
        ),
        (
            "2021-06".into(),
            "2022-05".into(),
            "2022-06".into(),
            "2023-05".into()
        )
    );
    assert_eq!(e.as_of.unwrap().to_string(), "2023-05");
    let codes: Vec<&str> = e.assumptions.iter().map(|a| a.code.as_str()).collect();
    assert!(codes.contains(&"periods_from_data") && codes.contains(&"as_of_from_data"));
    // one period given: the other as long, adjacent
    let e = evaluate_csv(
        text.as_bytes(),
        None,
        &EvaluateOptions {
            post: Some("2023-01:2023-06".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(e.periods.pre.unwrap().start.to_string(), "2022-07");
    assert!(e.assumptions.iter().any(|a| a.code == "pre_from_post"));
}

#[test]
fn the_published_shenzhen_indices_multiply_to_the_published_expenditure_change() {
    // Chen et al., IJERPH 2020;17(24):9415 (PMC7765443), abstract: for the "4+7" drugs in
    // Shenzhen, structure 0.47, price 0.78, volume 1.73, expenditure −36.9%. Their inputs (the
    // 2019 Centralized Drug Procurement Survey's purchase orders) are not public, so the figures
    // can't be reproduced here; what can be checked is the index identity the engine uses:
    // each published index lies within ±0.005 of its two-decimal value, so their product must
    // bracket 1 − 0.369 (itself ±0.0005).
    let (s, p, v) = (d("0.47"), d("0.78"), d("1.73"));
    let h = d("0.005");
    let low = (s - h) * (p - h) * (v - h);
    let high = (s + h) * (p + h) * (v + h);
    let published = Decimal::ONE - d("0.369");
    assert!(
        low <= published - d("0.0005") && published + d("0.0005") <= high,
        "{low} … {high} against {published}"
    );
    assert_eq!(s * p * v, d("0.634218"));
}

#[test]
fn the_text_report_and_the_csv_export() {
    use vbp_savings::evaluation::{export, text};
    use vbp_savings::report::text::Lang;
    let e = fixture(Some("2023-06"));
    let zh = text::render(&e, Lang::Zh);
    for word in [
        "约定采购量完成情况",
        "序时进度",
        "零采购",
        "落后于序时进度",
        "费用变化分解",
        "合计",
        "bad_month",
        "ddds_unknown",
    ] {
        assert!(zh.contains(word), "{word} in\n{zh}");
    }
    // amounts rounded for display, grouped by thousands
    let total = e.total.post.as_ref().unwrap().spend;
    assert!(
        zh.contains(&vbp_savings::values::money::format_amount(total)),
        "{zh}"
    );
    let en = text::render(&e, Lang::En);
    assert!(
        en.contains("zero purchase") && en.contains("Expenditure") && en.contains("Lenvatinib"),
        "{en}"
    );
    // the CSV: a BOM, one rectangular table, exact strings
    let bytes = export::evaluation_csv(&e, Lang::En);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    // fields, a quoted comma not splitting one
    let fields = |l: &str| {
        1 + l
            .chars()
            .scan(false, |quoted, c| {
                if c == '"' {
                    *quoted = !*quoted;
                }
                Some(c == ',' && !*quoted)
            })
            .filter(|x| *x)
            .count()
    };
    let width = fields(lines[0]);
    assert_eq!(width, 26);
    for l in &lines {
        assert_eq!(fields(l), width, "{l}");
    }
    let levels: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let count = |x: &str| levels.iter().filter(|l| **l == x).count();
    assert_eq!(
        (
            count("completion"),
            count("group"),
            count("total"),
            count("decomposition"),
            count("rejected")
        ),
        (6, 12, 2, 7, 2)
    );
    let c = &e.completion[2];
    assert!(lines
        .iter()
        .any(|l| l.starts_with(&format!("completion,{},", c.line))
            && l.contains(&c.lag.unwrap().to_string())));
    assert!(export::evaluation_csv_text(&e, Lang::Zh).starts_with("层级,行号,名称"));
}

#[test]
fn a_row_too_large_to_add_is_rejected_and_the_others_count() {
    // 4 × 10^28 twice is beyond the largest exact decimal (about 7.9 × 10^28)
    let big = "40000000000000000000000000000";
    let text = format!("{HEAD}\n2022-02,甲磺酸仑伐替尼胶囊,先声药业,1,{big}\n2022-03,甲磺酸仑伐替尼胶囊,先声药业,1,{big}\n2022-04,甲磺酸仑伐替尼胶囊,先声药业,2,192\n");
    let e = eval(&text, None, &o22_23());
    let problems: Vec<(u64, ErrorCode)> = e.rejected.iter().map(|p| (p.line, p.code)).collect();
    assert_eq!(problems, vec![(3, ErrorCode::Overflow)]);
    let pre = e.groups[0].pre.as_ref().unwrap();
    assert_eq!((pre.rows, pre.quantity), (2, Some(d("3"))));
    assert_eq!(
        (e.input.purchases.accepted, e.input.purchases.rejected),
        (2, 1)
    );
}
