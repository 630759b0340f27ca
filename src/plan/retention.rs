//! Retained fund savings (结余留用): what part of the medical-insurance fund's
//! savings on VBP drugs a hospital may keep.
//!
//! ```text
//! budget   = agreed volume × pre-VBP weighted average price of the generic × fund payment ratio × insured share
//! balance  = budget − actual fund spend on the VBP drug          (purchases above the agreed volume do not count)
//! retained = Σ balance × retention ratio                          (nothing when Σ balance ≤ 0)
//! ```
//!
//! The formula follows the Shenzhen 2024 draft and Hunan's 2024 opinions (rules
//! file, confidence M); the national formula text was not found. The retention ratio
//! is an input: by default 50%, an **editable assumption** (the often-quoted
//! "不低于50%" is not verified), or a grade preset of the **Shenzhen 2024 draft**
//! (A 50% / B 40% / C 30% / D 0%), labelled as that city's draft. Every input is
//! echoed with where it came from.

use crate::catalog::rules::{GradePresets, Rules, SourcedText};
use crate::catalog::Confidence;
use crate::error::{Error, ErrorCode, Result};
use crate::line::{Note, Problem, Warning};
use crate::values::cells::{self, Cell};
use crate::values::money::{self, add, mul, sub, to_plain_string};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Schema tag of the report.
pub const RETENTION_SCHEMA: &str = "vbp-savings/retained@1";
/// Most drugs in one computation.
pub const MAX_DRUGS: usize = 100_000;

/// One drug's retention inputs. The actual fund spend is taken, in order, from
/// `actual_fund_spend`; `actual_spend` × fund payment ratio × insured share; or
/// min(`actual_volume`, agreed volume) × `vbp_unit_price` × the same two ratios.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionDrugInput {
    #[serde(default)]
    pub drug: Option<String>,
    /// Agreed volume (约定采购量), smallest units.
    #[serde(default)]
    pub agreed_volume: Cell,
    /// Pre-VBP weighted average unit price of the generic (集采前通用名加权平均价).
    #[serde(default)]
    pub pre_vbp_unit_price: Cell,
    /// Actual fund spend on the VBP drug, yuan.
    #[serde(default)]
    pub actual_fund_spend: Cell,
    /// Or: the hospital's actual spend on it, yuan.
    #[serde(default)]
    pub actual_spend: Cell,
    /// Or: the volume actually bought …
    #[serde(default)]
    pub actual_volume: Cell,
    /// … at this (winning) unit price.
    #[serde(default)]
    pub vbp_unit_price: Cell,
    /// Overrides the shared fund payment ratio for this drug.
    #[serde(default)]
    pub fund_payment_ratio: Cell,
    /// Overrides the shared insured share for this drug.
    #[serde(default)]
    pub insured_share: Cell,
}

/// Drugs and the shared ratios.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionInput {
    #[serde(default)]
    pub drugs: Vec<RetentionDrugInput>,
    /// Share of the cost the fund actually pays (医保基金实际支付比例), fraction.
    #[serde(default)]
    pub fund_payment_ratio: Cell,
    /// Share of the use by insured patients (参保人员占比), fraction.
    #[serde(default)]
    pub insured_share: Cell,
    /// Retention ratio (fraction); default 0.5, an editable assumption.
    #[serde(default)]
    pub retention_ratio: Cell,
    /// Or: a grade of the Shenzhen 2024 draft (A, B, C, D).
    #[serde(default)]
    pub grade: Option<String>,
}

/// An input as used, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownInput {
    pub field: String,
    #[serde(with = "money::serde_str::option")]
    pub value: Option<Decimal>,
    pub basis_en: String,
    pub basis_zh: String,
}

/// One drug's budget and balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionDrug {
    pub line: u64,
    pub drug: Option<String>,
    #[serde(with = "money::serde_str")]
    pub agreed_volume: Decimal,
    #[serde(with = "money::serde_str")]
    pub pre_vbp_unit_price: Decimal,
    #[serde(with = "money::serde_str")]
    pub fund_payment_ratio: Decimal,
    #[serde(with = "money::serde_str")]
    pub insured_share: Decimal,
    #[serde(with = "money::serde_str")]
    pub budget: Decimal,
    /// The volume counted (capped at the agreed volume), when derived from a volume.
    #[serde(with = "money::serde_str::option")]
    pub counted_volume: Option<Decimal>,
    #[serde(with = "money::serde_str")]
    pub actual_fund_spend: Decimal,
    pub actual_fund_spend_basis_en: String,
    pub actual_fund_spend_basis_zh: String,
    #[serde(with = "money::serde_str")]
    pub balance: Decimal,
    /// Every input, with where it came from.
    pub inputs: Vec<ShownInput>,
}

/// Totals over the drugs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionTotals {
    pub drugs: u64,
    #[serde(with = "money::serde_str")]
    pub budget: Decimal,
    #[serde(with = "money::serde_str")]
    pub actual_fund_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub balance: Decimal,
}

/// The retention ratio used and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRatio {
    #[serde(with = "money::serde_str")]
    pub value: Decimal,
    /// `input`, `grade` (a Shenzhen 2024 draft preset) or `default` (editable assumption).
    pub basis: String,
    pub grade: Option<String>,
    pub en: String,
    pub zh: String,
    pub source: Option<String>,
    pub confidence: Option<Confidence>,
}

/// The retention report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionReport {
    pub schema: String,
    pub drugs: Vec<RetentionDrug>,
    pub totals: RetentionTotals,
    pub retention_ratio: RetentionRatio,
    /// max(Σ balance, 0) × retention ratio.
    #[serde(with = "money::serde_str")]
    pub retained: Decimal,
    /// The grade presets offered (Shenzhen 2024 draft), with their source.
    pub presets: GradePresets,
    pub policy: SourcedText,
    pub formula: SourcedText,
    pub rejected: Vec<Problem>,
    pub warnings: Vec<Warning>,
    pub formulas: Vec<Note>,
    pub assumptions: Vec<Note>,
}

fn note(code: &str, en: impl Into<String>, zh: impl Into<String>) -> Note {
    Note {
        code: code.into(),
        en: en.into(),
        zh: zh.into(),
    }
}

fn shown(field: &str, value: Decimal, en: impl Into<String>, zh: impl Into<String>) -> ShownInput {
    ShownInput {
        field: field.into(),
        value: Some(value),
        basis_en: en.into(),
        basis_zh: zh.into(),
    }
}

/// The retention ratio from the input: a ratio, a grade preset or the default.
pub fn retention_ratio(input: &RetentionInput, rules: &Rules) -> Result<RetentionRatio> {
    let r = &rules.retention;
    let given = cells::fraction(&input.retention_ratio, "retention_ratio")?;
    let grade = input
        .grade
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty());
    match (given, grade) {
        (Some(_), Some(_)) => Err(Error::new(
            ErrorCode::InvalidInput,
            "give retention_ratio or grade, not both",
            "retention_ratio 与 grade 只能给出一个",
        )),
        (Some(v), None) => Ok(RetentionRatio {
            value: v,
            basis: "input".into(),
            grade: None,
            en: format!("retention ratio {}%, as given", money::percent_text(v)),
            zh: format!("留用比例{}%（输入）", money::percent_text(v)),
            source: None,
            confidence: None,
        }),
        (None, Some(g)) => {
            let presets = &r.grade_presets;
            let p = presets
                .grades
                .iter()
                .find(|p| p.grade.eq_ignore_ascii_case(g))
                .ok_or_else(|| {
                    let known: Vec<&str> =
                        presets.grades.iter().map(|p| p.grade.as_str()).collect();
                    Error::new(
                        ErrorCode::InvalidInput,
                        format!(
                            "grade '{g}' is not one of {} ({})",
                            known.join(", "),
                            presets.label_en
                        ),
                        format!(
                            "等级“{g}”不在 {} 之中（{}）",
                            known.join("、"),
                            presets.label_zh
                        ),
                    )
                })?;
            Ok(RetentionRatio {
                value: p.ratio,
                basis: "grade".into(),
                grade: Some(p.grade.clone()),
                en: format!(
                    "grade {} (score {}) → {}%: a preset of the {}",
                    p.grade,
                    p.score_en,
                    money::percent_text(p.ratio),
                    presets.label_en
                ),
                zh: format!(
                    "等级{}（得分{}）→ {}%：{}的预设",
                    p.grade,
                    p.score_en,
                    money::percent_text(p.ratio),
                    presets.label_zh
                ),
                source: Some(presets.source.clone()),
                confidence: Some(presets.confidence),
            })
        }
        (None, None) => Ok(RetentionRatio {
            value: r.default_ratio.value,
            basis: "default".into(),
            grade: None,
            en: r.default_ratio.en.clone(),
            zh: r.default_ratio.zh.clone(),
            source: None,
            confidence: None,
        }),
    }
}

fn shared_fraction(cell: &Cell, field: &str) -> Result<Option<Decimal>> {
    cells::fraction(cell, field)
}

fn drug_row(
    n: u64,
    d: &RetentionDrugInput,
    fund: Option<Decimal>,
    insured: Option<Decimal>,
) -> std::result::Result<RetentionDrug, Problem> {
    let fail = |field: &str, e: Error| Problem::new(n, Some(field), None, e);
    let mut inputs = Vec::new();
    let agreed = d
        .agreed_volume
        .required("agreed_volume", ErrorCode::MissingQuantity)
        .and_then(|v| cells::non_negative(v, "agreed_volume"))
        .map_err(|e| fail("agreed_volume", e))?;
    inputs.push(shown(
        "agreed_volume",
        agreed,
        "agreed volume, as given",
        "约定采购量（输入）",
    ));
    let price = d
        .pre_vbp_unit_price
        .required("pre_vbp_unit_price", ErrorCode::MissingBaselinePrice)
        .and_then(|v| cells::non_negative(v, "pre_vbp_unit_price"))
        .map_err(|e| fail("pre_vbp_unit_price", e))?;
    inputs.push(shown(
        "pre_vbp_unit_price",
        price,
        "pre-VBP weighted average unit price of the generic, as given",
        "集采前通用名加权平均单价（输入）",
    ));
    let ratio = |own: &Cell,
                 shared: Option<Decimal>,
                 field: &str,
                 en: &str,
                 zh: &str,
                 inputs: &mut Vec<ShownInput>| {
        match cells::fraction(own, field).map_err(|e| fail(field, e))? {
            Some(v) => {
                inputs.push(shown(field, v, format!("{en}, given for this drug"), format!("{zh}（本药品输入）")));
                Ok(v)
            }
            None => match shared {
                Some(v) => {
                    inputs.push(shown(field, v, format!("{en}, shared input"), format!("{zh}（共用输入）")));
                    Ok(v)
                }
                None => Err(fail(
                    field,
                    Error::new(
                        ErrorCode::InvalidInput,
                        format!("{field} is missing: give the {en} (a fraction, e.g. 0.7); no default is assumed"),
                        format!("缺少 {field}：请给出{zh}（小数，如0.7）；不作默认假设"),
                    ),
                )),
            },
        }
    };
    let f = ratio(
        &d.fund_payment_ratio,
        fund,
        "fund_payment_ratio",
        "fund payment ratio",
        "医保基金实际支付比例",
        &mut inputs,
    )?;
    let s = ratio(
        &d.insured_share,
        insured,
        "insured_share",
        "insured share",
        "参保人员占比",
        &mut inputs,
    )?;
    let calc = |e: Error| fail("budget", e);
    let budget = mul(mul(mul(agreed, price).map_err(calc)?, f).map_err(calc)?, s).map_err(calc)?;

    let read = |c: &Cell, field: &str| -> std::result::Result<Option<Decimal>, Problem> {
        c.decimal(field)
            .and_then(|v| v.map(|v| cells::non_negative(v, field)).transpose())
            .map_err(|e| fail(field, e))
    };
    let (fund_spend, counted, en, zh) = if let Some(v) =
        read(&d.actual_fund_spend, "actual_fund_spend")?
    {
        inputs.push(shown(
            "actual_fund_spend",
            v,
            "actual fund spend, as given",
            "实际医保基金支出（输入）",
        ));
        (
            v,
            None,
            "actual fund spend, as given".to_string(),
            "实际医保基金支出（输入）".to_string(),
        )
    } else if let Some(v) = read(&d.actual_spend, "actual_spend")? {
        inputs.push(shown(
            "actual_spend",
            v,
            "actual spend on the VBP drug, as given",
            "集采药品实际支出（输入）",
        ));
        let fs = mul(mul(v, f).map_err(calc)?, s).map_err(calc)?;
        (
            fs,
            None,
            "assumed: actual spend × fund payment ratio × insured share (the same ratios as the budget)".to_string(),
            "假设：实际支出 × 医保基金支付比例 × 参保人员占比（与预算相同的比例）".to_string(),
        )
    } else if let (Some(vol), Some(p)) = (
        read(&d.actual_volume, "actual_volume")?,
        read(&d.vbp_unit_price, "vbp_unit_price")?,
    ) {
        inputs.push(shown(
            "actual_volume",
            vol,
            "volume actually bought, as given",
            "实际采购量（输入）",
        ));
        inputs.push(shown(
            "vbp_unit_price",
            p,
            "VBP unit price, as given",
            "中选单价（输入）",
        ));
        let counted = vol.min(agreed);
        let fs = mul(mul(mul(counted, p).map_err(calc)?, f).map_err(calc)?, s).map_err(calc)?;
        (
            fs,
            Some(counted),
            "min(actual volume, agreed volume) × VBP unit price × fund payment ratio × insured share; purchases above the agreed volume do not count (Shenzhen 2024 draft)".to_string(),
            "min(实际采购量, 约定采购量) × 中选单价 × 医保基金支付比例 × 参保人员占比；超出约定采购量部分不计入（深圳2024年征求意见稿）".to_string(),
        )
    } else {
        return Err(fail(
            "actual_fund_spend",
            Error::new(
                ErrorCode::MissingPrice,
                "the actual fund spend is missing: give actual_fund_spend, actual_spend, or actual_volume with vbp_unit_price",
                "缺少实际医保基金支出：请给出 actual_fund_spend、actual_spend，或 actual_volume 与 vbp_unit_price",
            ),
        ));
    };
    let balance = sub(budget, fund_spend).map_err(calc)?;
    Ok(RetentionDrug {
        line: n,
        drug: d.drug.clone(),
        agreed_volume: agreed,
        pre_vbp_unit_price: price,
        fund_payment_ratio: f,
        insured_share: s,
        budget,
        counted_volume: counted,
        actual_fund_spend: fund_spend,
        actual_fund_spend_basis_en: en,
        actual_fund_spend_basis_zh: zh,
        balance,
        inputs,
    })
}

/// Computes budgets, balances and the retained amount.
pub fn retained(input: &RetentionInput, rules: &Rules) -> Result<RetentionReport> {
    if input.drugs.len() > MAX_DRUGS {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!("more than {MAX_DRUGS} drugs"),
            format!("药品超过{MAX_DRUGS}个"),
        ));
    }
    let ratio = retention_ratio(input, rules)?;
    let fund = shared_fraction(&input.fund_payment_ratio, "fund_payment_ratio")?;
    let insured = shared_fraction(&input.insured_share, "insured_share")?;
    let mut drugs = Vec::new();
    let mut rejected = Vec::new();
    let mut totals = RetentionTotals::default();
    for (i, d) in input.drugs.iter().enumerate() {
        match drug_row(i as u64 + 1, d, fund, insured) {
            Ok(r) => {
                let next = (|| -> Result<RetentionTotals> {
                    Ok(RetentionTotals {
                        drugs: totals.drugs + 1,
                        budget: add(totals.budget, r.budget)?,
                        actual_fund_spend: add(totals.actual_fund_spend, r.actual_fund_spend)?,
                        balance: add(totals.balance, r.balance)?,
                    })
                })();
                match next {
                    Ok(t) => {
                        totals = t;
                        drugs.push(r);
                    }
                    Err(e) => rejected.push(Problem::new(i as u64 + 1, None, None, e)),
                }
            }
            Err(p) => rejected.push(p),
        }
    }
    let mut warnings = Vec::new();
    let retained = if totals.balance > Decimal::ZERO {
        mul(totals.balance, ratio.value)?
    } else {
        if totals.drugs > 0 {
            warnings.push(Warning {
                line: None,
                drug: None,
                code: "no_balance".into(),
                message: format!(
                    "the actual fund spend is not below the budget (balance {}): nothing to retain",
                    to_plain_string(totals.balance)
                ),
                message_zh: format!(
                    "实际医保基金支出不低于预算（结余{}）：无可留用金额",
                    to_plain_string(totals.balance)
                ),
            });
        }
        Decimal::ZERO
    };
    let r = &rules.retention;
    let mut assumptions = vec![
        note("ratio", ratio.en.clone(), ratio.zh.clone()),
        note(
            "no_national_ratio",
            "No national minimum retention ratio was verified; the often-quoted \"不低于50%\" is not confirmed by the sources found.",
            "未核实到全国最低留用比例；常被引用的“不低于50%”未得到已找到来源的证实。",
        ),
        note(
            "negative_balance",
            "Assumed: a total balance of zero or less gives nothing to retain (the sources do not say whether an overspend is deducted).",
            "假设：结余合计不大于零时无可留用金额（来源未说明超支是否扣减）。",
        ),
        note(
            "formula_source",
            format!("{} ({}, confidence {})", r.formula.en, r.formula.source, r.formula.confidence.letter()),
            format!("{}（来源：{}，可信度 {}）", r.formula.zh, r.formula.source, r.formula.confidence.letter()),
        ),
    ];
    if ratio.basis == "grade" {
        assumptions.push(note(
            "grade_is_local_draft",
            format!(
                "The grade presets are the {}; other places set their own ratios.",
                r.grade_presets.label_en
            ),
            format!(
                "等级预设为{}；其他地区比例各不相同。",
                r.grade_presets.label_zh
            ),
        ));
    }
    let formulas = vec![
        note(
            "budget",
            "budget = agreed volume × pre-VBP weighted average unit price × fund payment ratio × insured share",
            "预算 = 约定采购量 × 集采前加权平均单价 × 医保基金支付比例 × 参保人员占比",
        ),
        note("balance", "balance = budget − actual fund spend", "结余 = 预算 − 实际医保基金支出"),
        note("retained", "retained = max(Σ balance, 0) × retention ratio", "留用金额 = max(结余合计, 0) × 留用比例"),
    ];
    Ok(RetentionReport {
        schema: RETENTION_SCHEMA.into(),
        drugs,
        totals,
        retention_ratio: ratio,
        retained,
        presets: r.grade_presets.clone(),
        policy: r.policy.clone(),
        formula: r.formula.clone(),
        rejected,
        warnings,
        formulas,
        assumptions,
    })
}

/// [`retained`] with the embedded batch-7 rules.
pub fn batch7_retained(input: &RetentionInput) -> Result<RetentionReport> {
    retained(input, crate::catalog::rules::batch7_rules()?)
}
