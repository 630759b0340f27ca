//! One-way sensitivity (the data of a tornado chart): how the savings, or the
//! retained fund savings, move when one input moves and the others stay at base.
//!
//! Four parameters, each applied to every line:
//!
//! | parameter | what moves | default range |
//! |---|---|---|
//! | `price_cut` | a shift Δ of each line's price cut: VBP price' = max(VBP price − Δ × baseline price, 0) | Δ from −0.10 to +0.10 (±10 percentage points) |
//! | `volume` | a factor k on each line's volume (the agreed volume stays) | 0.8 to 1.2 |
//! | `disruption_share` | the share of volume the primary fails to supply (see [`crate::plan::supply`]) | 0 to base + 0.25 (at most 1) |
//! | `retention_ratio` | the retention ratio (see [`crate::plan::retention`]) | 0 to 0.5 (grades D to A of the Shenzhen 2024 draft) |
//!
//! The default ranges are the tool's choices, stated in the output; give your own.
//! A backup price not given follows the (shifted) primary price; the fallback price
//! defaults to the baseline price. Every result is exact.

use crate::error::{Error, ErrorCode, Result};
use crate::line::{Note, Problem, Warning};
use crate::plan::supply::disrupted_spend;
use crate::values::cells::{self, Cell};
use crate::values::money::{self, add, mul, sub};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Schema tag of the report.
pub const SENSITIVITY_SCHEMA: &str = "vbp-savings/sensitivity@1";
/// Most lines in one computation.
pub const MAX_LINES: usize = 100_000;

/// One line of the model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityLineInput {
    #[serde(default)]
    pub drug: Option<String>,
    #[serde(default)]
    pub volume: Cell,
    #[serde(default)]
    pub baseline_unit_price: Cell,
    /// The primary's (winning) unit price.
    #[serde(default)]
    pub vbp_unit_price: Cell,
    /// Default: the primary's price.
    #[serde(default)]
    pub backup_unit_price: Cell,
    /// Default: the baseline price.
    #[serde(default)]
    pub fallback_unit_price: Cell,
    /// Default: the volume.
    #[serde(default)]
    pub agreed_volume: Cell,
    /// Default: the baseline price.
    #[serde(default)]
    pub pre_vbp_unit_price: Cell,
}

/// A low and a high value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeInput {
    #[serde(default)]
    pub low: Cell,
    #[serde(default)]
    pub high: Cell,
}

/// Ranges of the four parameters; each absent one takes its default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangesInput {
    #[serde(default)]
    pub price_cut: Option<RangeInput>,
    #[serde(default)]
    pub volume: Option<RangeInput>,
    #[serde(default)]
    pub disruption_share: Option<RangeInput>,
    #[serde(default)]
    pub retention_ratio: Option<RangeInput>,
}

/// What the bars measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Procurement savings (baseline spend − spend).
    #[default]
    Savings,
    /// Retained fund savings (needs fund_payment_ratio and insured_share).
    Retained,
}

/// The model at base and the ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityInput {
    #[serde(default)]
    pub lines: Vec<SensitivityLineInput>,
    /// Base share of volume the primary fails to supply (default 0).
    #[serde(default)]
    pub primary_failure_share: Cell,
    /// Share of the disrupted volume the backup cannot supply (default 0).
    #[serde(default)]
    pub backup_failure_share: Cell,
    #[serde(default)]
    pub fund_payment_ratio: Cell,
    #[serde(default)]
    pub insured_share: Cell,
    /// Base retention ratio (default 0.5, an editable assumption).
    #[serde(default)]
    pub retention_ratio: Cell,
    #[serde(default)]
    pub ranges: Option<RangesInput>,
    #[serde(default)]
    pub metric: Option<Metric>,
}

/// The model's two results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
    /// Null without fund_payment_ratio and insured_share.
    #[serde(with = "money::serde_str::option")]
    pub retained: Option<Decimal>,
}

/// One bar of the tornado.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// `price_cut`, `volume`, `disruption_share` or `retention_ratio`.
    pub parameter: String,
    pub label_en: String,
    pub label_zh: String,
    /// How the value acts: `shift` (added to each line's cut), `factor` (× volume) or `value`.
    pub kind: String,
    #[serde(with = "money::serde_str")]
    pub base_value: Decimal,
    #[serde(with = "money::serde_str")]
    pub low_value: Decimal,
    #[serde(with = "money::serde_str")]
    pub high_value: Decimal,
    /// `input` or `default` (the tool's choice).
    pub range_basis: String,
    /// The chosen metric at base, low and high.
    #[serde(with = "money::serde_str")]
    pub base_result: Decimal,
    #[serde(with = "money::serde_str")]
    pub low_result: Decimal,
    #[serde(with = "money::serde_str")]
    pub high_result: Decimal,
    /// |high result − low result|: the bars are sorted by it, widest first.
    #[serde(with = "money::serde_str")]
    pub swing: Decimal,
    pub low: Outcome,
    pub high: Outcome,
}

/// The tornado data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitivityReport {
    pub schema: String,
    pub metric: Metric,
    pub base: Outcome,
    pub bars: Vec<Bar>,
    pub rejected: Vec<Problem>,
    pub warnings: Vec<Warning>,
    pub formulas: Vec<Note>,
    pub assumptions: Vec<Note>,
}

struct Line {
    volume: Decimal,
    baseline: Decimal,
    vbp: Decimal,
    backup: Option<Decimal>,
    fallback: Decimal,
    agreed: Decimal,
    pre_vbp: Decimal,
}

#[derive(Clone, Copy)]
struct Params {
    cut_shift: Decimal,
    volume_factor: Decimal,
    p: Decimal,
    q: Decimal,
    retention: Decimal,
}

fn note(code: &str, en: impl Into<String>, zh: impl Into<String>) -> Note {
    Note {
        code: code.into(),
        en: en.into(),
        zh: zh.into(),
    }
}

fn read_line(n: u64, l: &SensitivityLineInput) -> std::result::Result<Line, Problem> {
    let fail = |field: &str, e: Error| Problem::new(n, Some(field), None, e);
    let price = |c: &Cell, field: &str| -> std::result::Result<Option<Decimal>, Problem> {
        c.decimal(field)
            .and_then(|v| v.map(|v| cells::non_negative(v, field)).transpose())
            .map_err(|e| fail(field, e))
    };
    let volume = l
        .volume
        .required("volume", ErrorCode::MissingQuantity)
        .map_err(|e| fail("volume", e))?;
    let baseline = price(&l.baseline_unit_price, "baseline_unit_price")?.ok_or_else(|| {
        fail(
            "baseline_unit_price",
            Error::new(
                ErrorCode::MissingBaselinePrice,
                "baseline_unit_price is missing",
                "缺少集采前单价",
            ),
        )
    })?;
    let vbp = price(&l.vbp_unit_price, "vbp_unit_price")?.ok_or_else(|| {
        fail(
            "vbp_unit_price",
            Error::new(
                ErrorCode::MissingPrice,
                "vbp_unit_price is missing",
                "缺少中选单价",
            ),
        )
    })?;
    Ok(Line {
        volume,
        baseline,
        vbp,
        backup: price(&l.backup_unit_price, "backup_unit_price")?,
        fallback: price(&l.fallback_unit_price, "fallback_unit_price")?.unwrap_or(baseline),
        agreed: price(&l.agreed_volume, "agreed_volume")?.unwrap_or(volume),
        pre_vbp: price(&l.pre_vbp_unit_price, "pre_vbp_unit_price")?.unwrap_or(baseline),
    })
}

struct Model {
    lines: Vec<Line>,
    fund: Option<(Decimal, Decimal)>,
}

impl Model {
    fn eval(&self, x: Params, clamped: &mut bool) -> Result<Outcome> {
        let mut savings = Decimal::ZERO;
        let mut budget = Decimal::ZERO;
        let mut counted_spend = Decimal::ZERO;
        for l in &self.lines {
            let shifted = sub(l.vbp, mul(x.cut_shift, l.baseline)?)?;
            let vbp = if shifted.is_sign_negative() && !shifted.is_zero() {
                *clamped = true;
                Decimal::ZERO
            } else {
                shifted
            };
            let backup = l.backup.unwrap_or(vbp);
            let volume = mul(l.volume, x.volume_factor)?;
            let (_, spend) = disrupted_spend(volume, vbp, backup, l.fallback, x.p, x.q)?;
            savings = add(savings, sub(mul(volume, l.baseline)?, spend)?)?;
            if self.fund.is_some() {
                budget = add(budget, mul(l.agreed, l.pre_vbp)?)?;
                let counted = volume.min(l.agreed);
                let (_, spend) = disrupted_spend(counted, vbp, backup, l.fallback, x.p, x.q)?;
                counted_spend = add(counted_spend, spend)?;
            }
        }
        let retained = match self.fund {
            Some((f, s)) => {
                let fs = mul(f, s)?;
                let balance = sub(mul(budget, fs)?, mul(counted_spend, fs)?)?;
                Some(if balance > Decimal::ZERO {
                    mul(balance, x.retention)?
                } else {
                    Decimal::ZERO
                })
            }
            None => None,
        };
        Ok(Outcome { savings, retained })
    }
}

fn range(
    r: Option<&RangeInput>,
    name: &str,
    default: (Decimal, Decimal),
    fraction: bool,
) -> Result<(Decimal, Decimal, &'static str)> {
    let Some(r) = r else {
        return Ok((default.0, default.1, "default"));
    };
    let read = |c: &Cell, end: &str| -> Result<Option<Decimal>> {
        let field = format!("ranges.{name}.{end}");
        if fraction {
            cells::fraction(c, &field)
        } else {
            c.decimal(&field)
        }
    };
    let low = read(&r.low, "low")?.unwrap_or(default.0);
    let high = read(&r.high, "high")?.unwrap_or(default.1);
    if low > high {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            format!("ranges.{name}: low ({low}) is above high ({high})"),
            format!("ranges.{name}：low（{low}）大于 high（{high}）"),
        ));
    }
    Ok((low, high, "input"))
}

/// One varied assumption: key, English and Chinese labels, how it is applied ("shift", "factor", "value"), the base value, and (low, high, "default" or "given").
type Spec<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Decimal,
    (Decimal, Decimal, &'a str),
);

/// Computes the one-way sensitivity of the savings and the retained amount.
pub fn sensitivity(input: &SensitivityInput) -> Result<SensitivityReport> {
    if input.lines.len() > MAX_LINES {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!("more than {MAX_LINES} lines"),
            format!("超过{MAX_LINES}行"),
        ));
    }
    let mut lines = Vec::new();
    let mut rejected = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        match read_line(i as u64 + 1, l) {
            Ok(l) => lines.push(l),
            Err(p) => rejected.push(p),
        }
    }
    let p0 = cells::fraction(&input.primary_failure_share, "primary_failure_share")?
        .unwrap_or(Decimal::ZERO);
    let q0 = cells::fraction(&input.backup_failure_share, "backup_failure_share")?
        .unwrap_or(Decimal::ZERO);
    let f = cells::fraction(&input.fund_payment_ratio, "fund_payment_ratio")?;
    let s = cells::fraction(&input.insured_share, "insured_share")?;
    let rules = crate::catalog::rules::batch7_rules()?;
    let (r0, r0_default) = match cells::fraction(&input.retention_ratio, "retention_ratio")? {
        Some(r) => (r, false),
        None => (rules.retention.default_ratio.value, true),
    };
    let metric = input.metric.unwrap_or_default();
    let fund = match (f, s) {
        (Some(f), Some(s)) => Some((f, s)),
        _ if metric == Metric::Retained => {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "the retained metric needs fund_payment_ratio and insured_share",
                "以留用金额为指标时须给出 fund_payment_ratio 和 insured_share",
            ))
        }
        _ => None,
    };
    let model = Model { lines, fund };
    let base = Params {
        cut_shift: Decimal::ZERO,
        volume_factor: Decimal::ONE,
        p: p0,
        q: q0,
        retention: r0,
    };
    let mut clamped = false;
    let base_out = model.eval(base, &mut clamped)?;

    let ranges = input.ranges.clone().unwrap_or_default();
    let tenth = Decimal::new(1, 1);
    let quarter = Decimal::new(25, 2);
    let half = Decimal::new(5, 1);
    let specs: [Spec; 4] = [
        (
            "price_cut",
            "price cut (shift of each line's cut)",
            "降价幅度（各行降幅平移）",
            "shift",
            Decimal::ZERO,
            range(
                ranges.price_cut.as_ref(),
                "price_cut",
                (-tenth, tenth),
                false,
            )?,
        ),
        (
            "volume",
            "volume (factor on each line)",
            "用量（各行乘以系数）",
            "factor",
            Decimal::ONE,
            {
                let r = range(
                    ranges.volume.as_ref(),
                    "volume",
                    (Decimal::new(8, 1), Decimal::new(12, 1)),
                    false,
                )?;
                if r.0.is_sign_negative() && !r.0.is_zero() {
                    return Err(Error::new(
                        ErrorCode::OutOfRange,
                        "ranges.volume.low must not be negative",
                        "ranges.volume.low 不能为负数",
                    ));
                }
                r
            },
        ),
        (
            "disruption_share",
            "share of volume the primary fails to supply",
            "主供断供比例",
            "value",
            p0,
            range(
                ranges.disruption_share.as_ref(),
                "disruption_share",
                (Decimal::ZERO, add(p0, quarter)?.min(Decimal::ONE)),
                true,
            )?,
        ),
        (
            "retention_ratio",
            "retention ratio",
            "留用比例",
            "value",
            r0,
            range(
                ranges.retention_ratio.as_ref(),
                "retention_ratio",
                (Decimal::ZERO, half),
                true,
            )?,
        ),
    ];
    let pick = |o: &Outcome| match metric {
        Metric::Savings => Some(o.savings),
        Metric::Retained => o.retained,
    };
    let mut bars = Vec::with_capacity(4);
    for (param, en, zh, kind, base_value, (low, high, basis)) in specs {
        let at = |v: Decimal| {
            let mut x = base;
            match param {
                "price_cut" => x.cut_shift = v,
                "volume" => x.volume_factor = v,
                "disruption_share" => x.p = v,
                _ => x.retention = v,
            }
            x
        };
        let lo = model.eval(at(low), &mut clamped)?;
        let hi = model.eval(at(high), &mut clamped)?;
        let (b, l, h) = (
            pick(&base_out).unwrap_or_default(),
            pick(&lo).unwrap_or_default(),
            pick(&hi).unwrap_or_default(),
        );
        bars.push(Bar {
            parameter: param.into(),
            label_en: en.into(),
            label_zh: zh.into(),
            kind: kind.into(),
            base_value: base_value.normalize(),
            low_value: low.normalize(),
            high_value: high.normalize(),
            range_basis: basis.into(),
            base_result: b,
            low_result: l,
            high_result: h,
            swing: sub(h, l)?.abs(),
            low: lo,
            high: hi,
        });
    }
    bars.sort_by(|a, b| {
        b.swing
            .cmp(&a.swing)
            .then_with(|| a.parameter.cmp(&b.parameter))
    });

    let mut warnings = Vec::new();
    if clamped {
        warnings.push(Warning {
            line: None,
            drug: None,
            code: "price_clamped".into(),
            message: "a price-cut shift would make a VBP price negative; it was held at 0".into(),
            message_zh: "降幅平移会使中选价为负，已按0计".into(),
        });
    }
    let mut assumptions = vec![
        note(
            "default_ranges",
            "Ranges not given are the tool's defaults: price cut ±10 percentage points, volume ×0.8 to ×1.2, disruption share 0 to base + 0.25, retention ratio 0 to 0.5 (grades D to A of the Shenzhen 2024 draft). They are choices, not facts.",
            "未给出的范围取工具默认值：降幅±10个百分点，用量×0.8至×1.2，断供比例0至基准值+0.25，留用比例0至50%（深圳2024年征求意见稿D至A档）。这些是设定，不是事实。",
        ),
        note(
            "backup_follows_primary",
            "A backup price not given follows the (shifted) primary price; the fallback price defaults to the baseline price.",
            "未给出备供价时取（平移后的）主供价；兜底价默认为集采前价格。",
        ),
        note(
            "agreed_fixed",
            "The agreed volume (default: the base volume) and the pre-VBP price (default: the baseline price) stay fixed when the volume moves; volume above the agreed volume is not counted in the fund spend.",
            "用量变动时约定采购量（默认取基准用量）和集采前价格（默认取基准价）不变；超出约定采购量的部分不计入医保基金支出。",
        ),
    ];
    if r0_default {
        assumptions.push(note(
            "retention_default",
            rules.retention.default_ratio.en.clone(),
            rules.retention.default_ratio.zh.clone(),
        ));
    }
    let formulas = vec![
        note(
            "savings",
            "savings = Σ volume × baseline price − spend, spend split between primary, backup and fallback as in the scenarios",
            "节约 = Σ 用量 × 集采前价 − 支出，支出按主供、备供、兜底拆分（同断供情景）",
        ),
        note(
            "retained",
            "retained = max(Σ agreed volume × pre-VBP price × f × s − Σ spend on min(volume, agreed volume) × f × s, 0) × retention ratio",
            "留用 = max(Σ 约定量 × 集采前价 × 支付比例 × 参保占比 − Σ min(用量, 约定量) 的支出 × 支付比例 × 参保占比, 0) × 留用比例",
        ),
        note("swing", "swing = |result at high − result at low|; bars sorted by swing, widest first", "摆幅 = |高值结果 − 低值结果|；按摆幅从大到小排序"),
    ];
    Ok(SensitivityReport {
        schema: SENSITIVITY_SCHEMA.into(),
        metric,
        base: base_out,
        bars,
        rejected,
        warnings,
        formulas,
        assumptions,
    })
}
