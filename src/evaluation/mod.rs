//! Monitoring and evaluation from a hospital's purchase records (监测与评价): each agreed
//! volume's completion against the share of the cycle elapsed (序时进度), and, between a
//! period before and a period after, each VBP drug's spend, quantity, DDDs, cost per DDD,
//! the winning / non-winning / alternative shares and the decomposition of the change in
//! spending into volume, price and structure.
//!
//! ```
//! use vbp_savings::evaluation::{evaluate_csv, EvaluateOptions};
//! let purchases = "month,drug,manufacturer,quantity,amount\n\
//!                  2022-01,甲磺酸仑伐替尼胶囊,卫材,30,3240\n\
//!                  2023-01,甲磺酸仑伐替尼胶囊,先声药业,90,1620\n";
//! let agreed = "drug,manufacturer,agreed_volume,cycle_start,cycle_end\n\
//!               甲磺酸仑伐替尼胶囊,先声药业,1200,2023-01,2023-12\n";
//! let options = EvaluateOptions { pre: Some("2022-01:2022-12".into()), post: Some("2023-01:2023-12".into()), as_of: Some("2023-03".into()), ..Default::default() };
//! let e = evaluate_csv(purchases.as_bytes(), Some(agreed.as_bytes()), &options).unwrap();
//! assert_eq!(e.schema, "vbp-savings/evaluation@1");
//! let g = &e.groups[0];
//! assert_eq!(g.post.as_ref().unwrap().winning_share.unwrap().to_string(), "1");
//! assert_eq!(g.decomposition.as_ref().unwrap().expenditure_index.unwrap().to_string(), "0.5");
//! let c = &e.completion[0];
//! assert_eq!((c.purchased.to_string(), c.completion.unwrap().to_string(), c.time_elapsed.unwrap().to_string()), ("90".into(), "0.075".into(), "0.25".into()));
//! ```
//!
//! One module per part: [`read`] (the tables, through the crate's table reader), [`records`]
//! (the record types and their classification), [`units`] (packs and units), [`periods`]
//! (months, periods, 序时进度), [`completion`], [`decomposition`], [`report`] (the document),
//! [`text`], [`export`] (CSV) and, with the `xlsx` feature, `xlsx` (the workbook).

pub mod completion;
pub mod decomposition;
pub mod export;
pub mod periods;
pub mod read;
pub mod records;
pub mod report;
pub mod text;
pub mod units;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use periods::{Month, Period};
pub use records::{AgreedVolume, DddInput, PurchaseRecord, Role};
pub use report::{CompletionStatus, Evaluation, ShareBasis, EVALUATION_SCHEMA};

use crate::catalog::{batch7, Catalog};
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::matching::names_company;
use crate::line::{Note, Problem, Warning};
use crate::values::item::normalize_name;
use decomposition::{decompose, metrics, share_basis, Counted, NullWhy, PeriodSums};
use read::TableRead;
use records::{Class, Classifier, DddTable, Unclassified};
use report::{
    note, EvaluationInput, GroupEvaluation, PeriodInfo, Periods, Rounding, TotalEvaluation,
    Warnings,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use units::UnitIssue;

/// What to compare and when (everything but the tables).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluateOptions {
    /// The period before, `YYYY-MM:YYYY-MM`. Without it: as long as `post`, just before it
    /// (or, with neither, the 12 months before the last 12 of the data).
    #[serde(default)]
    pub pre: Option<String>,
    /// The period after, `YYYY-MM:YYYY-MM`. Without it: as long as `pre`, just after it
    /// (or, with neither, the 12 months ending at the as-of month).
    #[serde(default)]
    pub post: Option<String>,
    /// The last complete month counted for completion (default: the last month in the data).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Defined daily doses per drug (`{"drug": "依折麦布片", "ddd": "10mg"}`), for rows without a DDD column.
    #[serde(default)]
    pub ddd: Vec<DddInput>,
    /// Drug → the VBP drug it is an alternative to, for rows without a group column.
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
}

/// A table as handed over: CSV bytes (UTF-8, UTF-16 or GB18030/GBK), or rows of text cells
/// (a spreadsheet's sheet, rows from JavaScript: `rows[i]` is line `i + 1`, its first cell column 1).
#[derive(Debug, Clone, Copy)]
pub enum Table<'a, S: AsRef<str> = String> {
    Csv(&'a [u8]),
    Rows(&'a [Vec<S>]),
}

/// Evaluates purchase records (and optionally agreed volumes), each given as CSV bytes or
/// rows, against `catalog`.
pub fn evaluate<S: AsRef<str>>(
    catalog: &Catalog,
    purchases: Table<'_, S>,
    agreed: Option<Table<'_, S>>,
    options: &EvaluateOptions,
) -> Result<Evaluation> {
    let checked = Checked::new(catalog, options)?;
    let mut warnings = Warnings::default();
    let mut agreed_warnings = Warnings::default();
    let p = match purchases {
        Table::Csv(bytes) => read::purchases_csv(bytes, &mut warnings)?,
        Table::Rows(rows) => read::purchases_rows(rows, &mut warnings)?,
    };
    let a = match agreed {
        None => None,
        Some(Table::Csv(bytes)) => Some(read::agreed_csv(bytes, &mut agreed_warnings)?),
        Some(Table::Rows(rows)) => Some(read::agreed_rows(rows, &mut agreed_warnings)?),
    };
    run(catalog, checked, p, a, warnings, agreed_warnings)
}

/// Checks the options alone (periods, as-of month, DDD table), as [`evaluate`] does before it
/// reads a table: for a caller that reports a bad option apart from the files.
pub fn check_options(options: &EvaluateOptions) -> Result<()> {
    Checked::new(batch7()?, options).map(|_| ())
}

/// Evaluates purchase records (and optionally agreed volumes) given as CSV bytes (UTF-8,
/// UTF-16 or GB18030/GBK) against the batch-7 catalog.
pub fn evaluate_csv(
    purchases: &[u8],
    agreed: Option<&[u8]>,
    options: &EvaluateOptions,
) -> Result<Evaluation> {
    evaluate::<String>(
        batch7()?,
        Table::Csv(purchases),
        agreed.map(Table::Csv),
        options,
    )
}

/// Evaluates tables given as rows of text cells (a spreadsheet's sheets, rows from
/// JavaScript): `rows[i]` is line `i + 1`, its first cell column 1 (A).
pub fn evaluate_rows<S: AsRef<str>>(
    purchases: &[Vec<S>],
    agreed: Option<&[Vec<S>]>,
    options: &EvaluateOptions,
) -> Result<Evaluation> {
    evaluate(
        batch7()?,
        Table::Rows(purchases),
        agreed.map(Table::Rows),
        options,
    )
}

/// The options, read and checked before any table.
struct Checked {
    pre: Option<Period>,
    post: Option<Period>,
    as_of: Option<Month>,
    ddd: DddTable,
    groups: BTreeMap<String, String>,
}

impl Checked {
    fn new(catalog: &Catalog, o: &EvaluateOptions) -> Result<Checked> {
        let text = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let pre = text(&o.pre).map(|t| Period::parse(&t, "pre")).transpose()?;
        let post = text(&o.post)
            .map(|t| Period::parse(&t, "post"))
            .transpose()?;
        if let (Some(a), Some(b)) = (pre, post) {
            if a.end >= b.start {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    format!("the pre period ({a}) must end before the post period ({b}) starts"),
                    format!("集采前期间（{a}）须在集采后期间（{b}）开始之前结束"),
                ));
            }
        }
        let as_of = text(&o.as_of)
            .map(|t| {
                Month::parse(&t).map_err(|e| {
                    Error::new(
                        e.code,
                        format!("as_of: {}", e.message),
                        format!("as_of：{}", e.message_zh),
                    )
                })
            })
            .transpose()?;
        Ok(Checked {
            pre,
            post,
            as_of,
            ddd: DddTable::new(catalog, &o.ddd)?,
            groups: o.groups.clone(),
        })
    }
}

/// Names of the groups and drugs seen, for the report.
#[derive(Default)]
struct Names {
    by_key: HashMap<String, (String, Option<String>)>,
}

impl Names {
    fn see(&mut self, catalog: &Catalog, key: &str, written: &str) {
        if self.by_key.contains_key(key) {
            return;
        }
        let named = match catalog.get(key) {
            Some(e) => (e.generic_name_zh.clone(), Some(e.generic_name_en.clone())),
            None => (written.trim().to_string(), None),
        };
        self.by_key.insert(key.to_string(), named);
    }

    fn zh(&self, key: &str) -> String {
        self.by_key.get(key).map_or_else(
            || key.trim_start_matches("name:").to_string(),
            |n| n.0.clone(),
        )
    }
}

/// A product's classification, computed once.
struct Resolved {
    key: String,
    /// The manufacturer, normalised: with the key, the product.
    manufacturer: String,
    drug: String,
    winners: Vec<String>,
    class: Class,
}

/// The periods: given, or derived (each derivation an assumption).
fn periods(
    c: &Checked,
    last: Option<Month>,
    assumptions: &mut Vec<Note>,
) -> Result<(Option<Period>, Option<Period>)> {
    let overflow = || Error::overflow();
    Ok(match (c.pre, c.post) {
        (Some(a), Some(b)) => (Some(a), Some(b)),
        (Some(a), None) => {
            let b = Period::starting_at(a.end.plus(1).ok_or_else(overflow)?, a.months())
                .ok_or_else(overflow)?;
            assumptions.push(note(
                "post_from_pre",
                format!(
                    "post not given: the {} months after the pre period, {b}",
                    a.months()
                ),
                format!(
                    "未给出集采后期间：取集采前期间之后的{}个月，{b}",
                    a.months()
                ),
            ));
            (Some(a), Some(b))
        }
        (None, Some(b)) => {
            let a = Period::ending_at(b.start.plus(-1).ok_or_else(overflow)?, b.months())
                .ok_or_else(overflow)?;
            assumptions.push(note(
                "pre_from_post",
                format!(
                    "pre not given: the {} months before the post period, {a}",
                    b.months()
                ),
                format!(
                    "未给出集采前期间：取集采后期间之前的{}个月，{a}",
                    b.months()
                ),
            ));
            (Some(a), Some(b))
        }
        (None, None) => match c.as_of.or(last) {
            None => (None, None),
            Some(end) => {
                let b = Period::ending_at(end, 12).ok_or_else(overflow)?;
                let a = Period::ending_at(b.start.plus(-1).ok_or_else(overflow)?, 12)
                    .ok_or_else(overflow)?;
                assumptions.push(note(
                    "periods_from_data",
                    format!("pre and post not given: the 12 months ending {end} ({b}) are compared with the 12 months before them ({a}); give the periods around your hospital's VBP start date to evaluate it"),
                    format!("未给出集采前后期间：以截至{end}的12个月（{b}）与其前12个月（{a}）比较；请按本院集采执行日期给出前后期间"),
                ));
                (Some(a), Some(b))
            }
        },
    })
}

fn unclassified_text(why: Unclassified, drug: &str, winners: &[String]) -> (String, String) {
    match why {
        Unclassified::NoManufacturer => (
            format!("{drug}: the row names no manufacturer, so it cannot be told winning or non-winning; not counted (add the manufacturer, or a role column 类别)"),
            format!("{drug}：该行未写生产企业，无法区分中选与非中选，未计入（请补充生产企业或“类别”列）"),
        ),
        Unclassified::WinnersUnknown => (
            format!("{drug}: no winner of this drug is known (catalog or agreed volumes), so the row cannot be classified; not counted (add a role column 类别, or the agreed volumes with their manufacturers)"),
            format!("{drug}：未知该药品的中选企业（目录与约定采购量均无），无法分类，未计入（请补充“类别”列或写明生产企业的约定采购量）"),
        ),
        Unclassified::WinnersPartial => (
            format!("{drug}: the manufacturer is not among the winners the catalog names ({}), and the catalog's list of winners is partial; not counted (add a role column 类别, or the agreed volumes with their manufacturers)", winners.join(", ")),
            format!("{drug}：生产企业不在目录列出的中选企业（{}）之中，而目录的中选企业名单不完整，未计入（请补充“类别”列或写明生产企业的约定采购量）", winners.join("、")),
        ),
    }
}

fn null_warnings(
    warnings: &mut Warnings,
    name: &str,
    period: &str,
    period_zh: &str,
    why: &[NullWhy],
) {
    for (field, en, zh) in why {
        warnings.general(
            None,
            "division_by_zero",
            Some(name),
            format!("{name}, {period}: {field} is null: {en}"),
            format!("{name}，{period_zh}：{field}为空：{zh}"),
        );
    }
}

fn prefixed(ws: Vec<Warning>, en: &str, zh: &str) -> Vec<Warning> {
    ws.into_iter()
        .map(|w| Warning {
            message: format!("{en}: {}", w.message),
            message_zh: format!("{zh}：{}", w.message_zh),
            ..w
        })
        .collect()
}

fn run(
    catalog: &Catalog,
    c: Checked,
    purchases: TableRead<records::PurchaseRecord>,
    agreed: Option<TableRead<AgreedVolume>>,
    mut warnings: Warnings,
    agreed_warnings: Warnings,
) -> Result<Evaluation> {
    let mut assumptions = Vec::new();
    let records = &purchases.items;
    let agreed_items: &[AgreedVolume] = agreed.as_ref().map_or(&[], |t| &t.items);
    let classifier = Classifier::new(catalog, agreed_items, &c.groups);
    let last = records.iter().map(|r| r.month).max();
    let (pre, post) = periods(&c, last, &mut assumptions)?;
    let as_of = c.as_of.or(last);
    if c.as_of.is_none() {
        if let Some(m) = as_of {
            assumptions.push(note(
                "as_of_from_data",
                format!("as_of not given: the last month in the purchase records ({m}) is taken as the last complete month"),
                format!("未给出截至月份：以采购记录中最近的月份（{m}）为最后一个完整月份"),
            ));
        }
    }

    let mut names = Names::default();
    let mut groups: BTreeMap<String, [PeriodSums; 2]> = BTreeMap::new();
    let mut total: [PeriodSums; 2] = Default::default();
    let mut no_ddds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut winning: HashMap<String, Vec<usize>> = HashMap::new();
    let (mut by_role_column, mut by_rule, mut inferred_any) = (0u64, 0u64, false);
    // rows read but not summable (an overflow): rejected here
    let mut late_rejected: Vec<Problem> = Vec::new();
    // a file repeats few products: the classification of each (drug, manufacturer, role, group) is computed once
    type Product<'r> = (
        &'r str,
        Option<&'r str>,
        Option<Role>,
        Option<&'r str>,
        bool,
    );
    let mut resolved: HashMap<Product<'_>, std::rc::Rc<Resolved>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        // whether an award of this row's manufacturer ended before its month: part of what
        // decides its role, so part of the key the classification is kept under
        let ended = if r.role.is_none() {
            classifier.ended_award(
                classifier.key(&r.drug).1,
                r.manufacturer.as_deref(),
                r.month,
            )
        } else {
            None
        };
        let id = (
            r.drug.as_str(),
            r.manufacturer.as_deref(),
            r.role,
            r.group.as_deref(),
            ended.is_some(),
        );
        let res = match resolved.get(&id) {
            Some(x) => x.clone(),
            None => {
                let (key, entry) = classifier.key(&r.drug);
                names.see(catalog, &key, &r.drug);
                let x = std::rc::Rc::new(Resolved {
                    manufacturer: normalize_name(r.manufacturer.as_deref().unwrap_or("")),
                    drug: names.zh(&key),
                    winners: classifier.known_winners(&key, entry),
                    class: classifier.classify(r),
                    key,
                });
                resolved.insert(id, x.clone());
                x
            }
        };
        let (key, drug, winners) = (&res.key, &res.drug, &res.winners);
        let (group, role, inferred) = match &res.class {
            Class::Outside => {
                warnings.row(
                    r.line,
                    "outside_groups",
                    Some(drug),
                    || format!("{drug} is not a VBP drug here (not in the catalog's batch, not in the agreed volumes) and is mapped to none (group / 对应集采品种): not counted"),
                    || format!("{drug}不是本次评价的集采药品（不在目录批次和约定采购量中），也未对应集采品种（对应集采品种列）：未计入"),
                );
                continue;
            }
            Class::Unclassified(why) => {
                warnings.row(
                    r.line,
                    "unclassified",
                    Some(drug),
                    || unclassified_text(*why, drug, winners).0,
                    || unclassified_text(*why, drug, winners).1,
                );
                continue;
            }
            Class::Counted {
                group,
                role,
                inferred,
            } => (group.clone(), *role, *inferred),
        };
        if r.role.is_some() {
            by_role_column += 1;
        } else {
            by_rule += 1;
        }
        if let (Some((company, end)), Role::NonWinning) = (ended, role) {
            let (date, source) = (end.date.as_deref().unwrap_or("?"), end.source.as_str());
            warnings.row(
                r.line,
                "award_ended",
                Some(drug),
                || format!("{drug}: {company}'s award ended on {date} ({source}); its rows dated after it are not winning"),
                || format!("{drug}：{company}的中选资格于{date}终止（来源：{source}）；此后的行不计为中选"),
            );
        }
        if inferred {
            inferred_any = true;
            let winners = winners.join(", ");
            warnings.row(
                r.line,
                "non_winning_inferred",
                Some(drug),
                || format!("{drug}: rows of manufacturers not among the known winners ({winners}) are counted as non-winning; the catalog's list of winners may be incomplete — add a role column (类别) where this is wrong"),
                || format!("{drug}：生产企业不在已知中选企业（{winners}）之列的行按非中选计；目录的中选企业名单可能不完整——如有误请补充“类别”列"),
            );
        }
        // the group's name: the catalog's, else as the data write it
        let group_written = if group == *key {
            r.drug.as_str()
        } else {
            classifier.group_text(r, key).unwrap_or(r.drug.as_str())
        };
        names.see(catalog, &group, group_written);
        // units and DDDs
        let units = match units::in_smallest_units(
            r.quantity,
            r.unit.as_deref(),
            r.specification.as_deref(),
        ) {
            Ok(u) => Some(u),
            Err(UnitIssue::Arithmetic(e)) => return Err(e),
            Err(_) => {
                let unit = r.unit.clone().unwrap_or_default();
                let spec = r.specification.clone().unwrap_or_default();
                warnings.row(
                    r.line,
                    "pack_size_unknown",
                    Some(drug.as_str()),
                    || format!("{drug}: counted per '{unit}' but the specification ('{spec}') does not say how many units a '{unit}' holds, so its quantity in the smallest unit is unknown (its spend counts; the group's quantity is null): give the specification, e.g. 4mg×30粒/盒"),
                    || format!("{drug}：按“{unit}”计，但规格（“{spec}”）未写明每{unit}含多少最小单位，最小单位数量未知（金额照计，该品种数量为空）：请补充规格，如 4mg×30粒/盒"),
                );
                None
            }
        };
        let from_column = match (r.ddds, r.ddd_per_unit) {
            (Some(d), per) => {
                if let Some(p) = per {
                    if crate::values::money::mul(r.quantity, p).ok() != Some(d) {
                        warnings.row(
                            r.line,
                            "ddd_mismatch",
                            Some(drug.as_str()),
                            || {
                                format!(
                                    "{drug}: the row's DDDs ({d}) differ from quantity × DDDs per unit ({} × {p}); the DDDs column is used",
                                    r.quantity
                                )
                            },
                            || format!("{drug}：该行DDD数（{d}）与数量 × 每单位DDD数（{} × {p}）不符；采用DDD数列", r.quantity),
                        );
                    }
                }
                Some(d)
            }
            (None, Some(p)) => Some(crate::values::money::mul(r.quantity, p)?),
            (None, None) => None,
        };
        let ddds = from_column
            .or_else(|| units.and_then(|u| c.ddd.ddds(key, r.specification.as_deref(), u)));
        if ddds.is_none() {
            no_ddds
                .entry(group.clone())
                .or_default()
                .insert(drug.clone());
            if c.ddd.has(key) {
                let spec = r.specification.clone().unwrap_or_default();
                warnings.row(
                    r.line,
                    "strength_unknown",
                    Some(drug.as_str()),
                    || format!("{drug}: a DDD is given, but the specification ('{spec}') states no strength of its kind (or the quantity in the smallest unit is unknown), so the row's DDDs are unknown"),
                    || format!("{drug}：已给出DDD值，但规格（“{spec}”）未写明同类含量（或最小单位数量未知），该行DDD数未知"),
                );
            }
        }

        let counted = Counted {
            role,
            product: (key.clone(), res.manufacturer.clone()),
            spend: r.amount,
            units,
            ddds,
        };
        let slot = if pre.is_some_and(|p| p.contains(r.month)) {
            Some(0)
        } else if post.is_some_and(|p| p.contains(r.month)) {
            Some(1)
        } else {
            None
        };
        if let Some(s) = slot {
            // both sums checked before either changes: a row that overflows them is rejected, the others count
            let g = groups.entry(group).or_default();
            match (g[s].stage(&counted), total[s].stage(&counted)) {
                (Ok(a), Ok(b)) => {
                    g[s].commit(&counted, a);
                    total[s].commit(&counted, b);
                }
                (Err(e), _) | (_, Err(e)) => {
                    late_rejected.push(Problem::new(r.line, None, None, e));
                    continue;
                }
            }
        }
        if role == Role::Winning {
            winning.entry(key.clone()).or_default().push(i);
        }
    }

    // groups
    let labels = [
        ("the pre period", "集采前期间"),
        ("the post period", "集采后期间"),
    ];
    let mut out_groups = Vec::with_capacity(groups.len());
    let mut quantity_basis: Vec<String> = Vec::new();
    for (key, sums) in &groups {
        let name = names.zh(key);
        let basis = share_basis(&[&sums[0], &sums[1]]);
        if basis == ShareBasis::Quantity {
            let drugs: Vec<String> = no_ddds
                .get(key)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            quantity_basis.push(if drugs.is_empty() || drugs == [name.clone()] {
                name.clone()
            } else {
                format!("{name} ({})", drugs.join(", "))
            });
        }
        let mut period_metrics = [None, None];
        for (s, p) in sums.iter().enumerate() {
            let period = if s == 0 { pre } else { post };
            let (m, why) = metrics(p, basis);
            if p.all.rows == 0 {
                let shown = period.map(|x| x.to_string()).unwrap_or_default();
                warnings.general(
                    None,
                    "no_rows_in_period",
                    Some(&name),
                    format!(
                        "{name}: no purchase in {} ({shown}): its shares and indices are null",
                        labels[s].0
                    ),
                    format!("{name}：{}（{shown}）无采购：其份额与指数为空", labels[s].1),
                );
            }
            null_warnings(&mut warnings, &name, labels[s].0, labels[s].1, &why);
            period_metrics[s] = Some(m);
        }
        let (d, why) = decompose(&sums[0], &sums[1], basis);
        if sums[0].all.rows > 0 && sums[1].all.rows > 0 {
            null_warnings(&mut warnings, &name, "decomposition", "费用分解", &why);
        }
        let [pm0, pm1] = period_metrics;
        out_groups.push(GroupEvaluation {
            group: name,
            group_en: names.by_key.get(key).and_then(|n| n.1.clone()),
            key: key.clone(),
            share_basis: basis,
            pre: pm0,
            post: pm1,
            decomposition: Some(d),
        });
    }
    let spend_of = |g: &GroupEvaluation| {
        let s =
            |m: &Option<report::PeriodMetrics>| m.as_ref().map_or(Decimal::ZERO, |m| m.spend.abs());
        s(&g.pre).checked_add(s(&g.post)).unwrap_or(Decimal::MAX)
    };
    out_groups.sort_by(|a, b| {
        spend_of(b)
            .cmp(&spend_of(a))
            .then_with(|| a.key.cmp(&b.key))
    });
    if !quantity_basis.is_empty() {
        warnings.general(
            None,
            "ddds_unknown",
            None,
            format!(
                "DDDs are unknown for some rows of: {}. Their shares and volume index use quantities (DDDs and DDDc stay null where a row has none): give a DDDs column (ddds / DDD数), DDDs per unit, or a DDD table",
                quantity_basis.join("; ")
            ),
            format!("以下品种部分行的DDD数未知：{}。其份额与数量指数按数量计算（缺少DDD的期间DDD数与DDDc为空）：请提供DDD数列、每单位DDD数或DDD表", quantity_basis.join("；")),
        );
    }
    let total_basis = share_basis(&[&total[0], &total[1]]);
    let (t0, why0) = metrics(&total[0], total_basis);
    let (t1, why1) = metrics(&total[1], total_basis);
    null_warnings(&mut warnings, "total", labels[0].0, labels[0].1, &why0);
    null_warnings(&mut warnings, "total", labels[1].0, labels[1].1, &why1);
    let (td, _) = decompose(&total[0], &total[1], total_basis);
    let have_periods = pre.is_some() && post.is_some();
    let total_eval = TotalEvaluation {
        share_basis: total_basis,
        pre: have_periods.then_some(t0),
        post: have_periods.then_some(t1),
        decomposition: have_periods.then_some(td),
    };
    if !have_periods {
        warnings.general(
            None,
            "no_periods",
            None,
            "no purchase record could be read and no period was given, so nothing is compared"
                .into(),
            "没有可读取的采购记录，也未给出期间，无法比较".into(),
        );
    }

    // completion
    let mut completion = Vec::new();
    for a in agreed_items {
        let (key, _) = classifier.key(&a.drug);
        names.see(catalog, &key, &a.drug);
        let drug = names.zh(&key);
        let Some(as_of) = as_of else { break };
        let cycle = Period {
            start: a.cycle_start,
            end: a.cycle_end,
        };
        let mut by_month: BTreeMap<Month, Decimal> = BTreeMap::new();
        let mut units_seen: BTreeSet<String> = BTreeSet::new();
        for &i in winning.get(&key).map_or(&[][..], Vec::as_slice) {
            let r = &records[i];
            if !cycle.contains(r.month) || r.month > as_of {
                continue;
            }
            if let Some(m) = a.manufacturer.as_deref() {
                if !r
                    .manufacturer
                    .as_deref()
                    .is_some_and(|rm| names_company(m, rm))
                {
                    continue;
                }
            }
            match units::in_unit_of(
                r.quantity,
                r.unit.as_deref(),
                r.specification.as_deref(),
                a.unit.as_deref(),
                a.specification.as_deref(),
            ) {
                Ok(q) => {
                    let e = by_month.entry(r.month).or_insert(Decimal::ZERO);
                    match crate::values::money::add(*e, q) {
                        Ok(sum) => *e = sum,
                        Err(err) => {
                            warnings.row_in(
                                &format!("agreed:{}", a.line),
                                r.line,
                                err.code.as_str(),
                                Some(drug.as_str()),
                                || {
                                    format!(
                                        "{drug}: {} (not counted in the completion)",
                                        err.message
                                    )
                                },
                                || format!("{drug}：{}（未计入完成率）", err.message_zh),
                            );
                            continue;
                        }
                    }
                    units_seen.insert(normalize_name(r.unit.as_deref().unwrap_or("")));
                }
                Err(UnitIssue::Arithmetic(e)) => return Err(e),
                Err(issue) => {
                    let (unit, target) = (
                        r.unit.clone().unwrap_or_default(),
                        a.unit.clone().unwrap_or_default(),
                    );
                    let code = if issue == UnitIssue::PackSizeUnknown {
                        "pack_size_unknown"
                    } else {
                        "unit_mismatch"
                    };
                    warnings.row_in(
                        &format!("agreed:{}", a.line),
                        r.line,
                        code,
                        Some(&drug),
                        || format!("{drug}: the row is in '{unit}' and the agreed volume (line {}) in '{target}', and no specification states the pack that converts one to the other: not counted in the completion", a.line),
                        || format!("{drug}：该行单位为“{unit}”，约定采购量（第{}行）单位为“{target}”，且无规格写明两者之间的包装数量：未计入完成率", a.line),
                    );
                }
            }
        }
        if a.unit.is_none() && units_seen.len() > 1 {
            let list: Vec<&str> = units_seen
                .iter()
                .map(|u| if u.is_empty() { "—" } else { u.as_str() })
                .collect();
            warnings.general(
                Some(a.line),
                "mixed_units",
                Some(&drug),
                format!("agreed volumes, line {}: {drug}'s purchase rows are in several units ({}) and the agreed volume states none, so they are added as written; give the agreed volume's unit (unit / 单位) to convert them", a.line, list.join(", ")),
                format!("约定采购量第{}行：{drug}的采购记录有多种单位（{}），而约定采购量未写单位，按原值相加；请写明约定采购量的单位（单位列）以便换算", a.line, list.join("、")),
            );
        }
        let input = completion::CompletionInput {
            line: a.line,
            drug: &drug,
            key: &key,
            manufacturer: a.manufacturer.as_deref(),
            unit: a.unit.as_deref(),
            agreed_volume: a.agreed_volume,
            cycle,
            as_of,
            by_month: &by_month,
        };
        let computed = match completion::completion(&input) {
            Ok(c) => c,
            Err(err) => {
                warnings.general(
                    Some(a.line),
                    err.code.as_str(),
                    Some(&drug),
                    format!("agreed volumes, line {}: {drug}: {}", a.line, err.message),
                    format!("约定采购量第{}行：{drug}：{}", a.line, err.message_zh),
                );
                continue;
            }
        };
        match computed {
            Some(done) => {
                if done.completion.is_none() {
                    warnings.general(
                        Some(a.line),
                        "division_by_zero",
                        Some(&drug),
                        format!(
                            "agreed volumes, line {}: {drug}'s agreed volume is zero, so its completion and projected completion are null",
                            a.line
                        ),
                        format!("约定采购量第{}行：{drug}的约定采购量为零，完成率与预计完成率为空", a.line),
                    );
                }
                completion.push(done);
            }
            None => warnings.general(
                Some(a.line),
                "cycle_not_started",
                Some(&drug),
                format!(
                    "agreed volumes, line {}: {drug}'s cycle starts {} after the as-of month {as_of}: not evaluated yet",
                    a.line, a.cycle_start
                ),
                format!("约定采购量第{}行：{drug}的采购周期{}开始，晚于截至月份{as_of}：暂不评价", a.line, a.cycle_start),
            ),
        }
    }
    if !agreed_items.is_empty() && as_of.is_none() {
        warnings.general(
            None,
            "no_as_of",
            None,
            "no purchase record could be read and no as_of was given, so no completion is computed"
                .into(),
            "没有可读取的采购记录，也未给出截至月份，无法计算完成率".into(),
        );
    }

    // notes
    if by_rule > 0 {
        assumptions.push(note(
            "roles_by_rule",
            format!(
                "{by_rule} counted row(s) had no role (类别): a row of a procured catalog drug, or of a drug in the agreed volumes, is winning when its manufacturer is a known winner of the drug (a catalog product or winner, or a manufacturer the agreed volumes name){}; another drug is an alternative only when mapped to a VBP drug (group / 对应集采品种)",
                if inferred_any { ", and non-winning when it names another manufacturer (an inference from lists that may be incomplete; see the warnings)" } else { "" }
            ),
            format!(
                "{by_rule}行计入的记录没有“类别”：目录中已采购药品或约定采购量中药品的行，生产企业为已知中选企业（目录中的产品或中选企业，或约定采购量写明的企业）时为中选{}；其他药品仅在对应到集采品种（对应集采品种列）时为替代药品",
                if inferred_any { "，写明其他企业时为非中选（依据可能不完整的名单推断，见警告）" } else { "" }
            ),
        ));
    }
    if by_role_column > 0 {
        assumptions.push(note(
            "roles_from_data",
            format!(
                "{by_role_column} row(s) carry their role (类别) in the data; it is used as given"
            ),
            format!("{by_role_column}行数据自带“类别”，按数据采用"),
        ));
    }
    assumptions.push(note(
        "units",
        "Quantities are compared in the smallest unit: a row per box (盒, or the container its specification names) is converted through the pack its specification states, never a guessed pack; a row with no unit is taken as written. An agreed volume with no unit is in the purchase rows' unit; a purchase row with no unit is taken to be in the agreed volume's unit.",
        "数量按最小单位比较：按盒（或规格所写包装）计的行按规格写明的每盒数量换算，绝不猜测包装数量；未写单位的行按原值。约定采购量未写单位时视为与采购记录同单位；采购记录未写单位时视为与约定采购量同单位。",
    ));
    assumptions.push(note(
        "products",
        "A product is a drug and its manufacturer; its specifications are not told apart. Returns (negative quantities and amounts) count, net.",
        "产品按药品 + 生产企业区分，不区分规格。退货（负数数量与金额）按净额计入。",
    ));
    assumptions.push(note(
        "as_of_complete",
        "The as-of month is taken as complete; months without purchase rows count as zero.",
        "截至月份视为完整月份；没有采购记录的月份按零计。",
    ));
    let mut formulas = decomposition::formulas();
    formulas.extend(completion::formulas());
    formulas.push(note(
        "rounding",
        crate::values::money::ROUNDING_RULE_EN,
        crate::values::money::ROUNDING_RULE_ZH,
    ));

    let mut all_warnings = warnings.finish();
    all_warnings.extend(prefixed(
        agreed_warnings.finish(),
        "agreed volumes",
        "约定采购量",
    ));
    let mut purchases_info = purchases.info;
    let mut rejected = purchases.rejected;
    purchases_info.accepted -= late_rejected.len() as u64;
    purchases_info.rejected += late_rejected.len() as u64;
    rejected.extend(late_rejected);
    rejected.sort_by_key(|p| p.line);
    let (agreed_info, rejected_agreed) = match agreed {
        Some(t) => (Some(t.info), t.rejected),
        None => (None, Vec::new()),
    };
    Ok(Evaluation {
        schema: EVALUATION_SCHEMA.into(),
        periods: Periods {
            pre: pre.map(PeriodInfo::from),
            post: post.map(PeriodInfo::from),
        },
        as_of,
        groups: if have_periods { out_groups } else { Vec::new() },
        total: total_eval,
        completion,
        rejected,
        rejected_agreed,
        warnings: all_warnings,
        formulas,
        assumptions,
        input: EvaluationInput {
            purchases: purchases_info,
            agreed: agreed_info,
        },
        rounding: Rounding::default(),
    })
}
