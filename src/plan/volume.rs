//! Agreed volumes (约定采购量): a reported demand base × the ratio for the number of
//! winning companies, rounded by a stated rule.
//!
//! The ratios and cycles are data ([`crate::catalog::rules`], `data/batch7_rules.json`, with
//! sources): 50/60/70/80% for 1/2/3/≥4 winners (cycles 1/1/2/3 years) and 30/40/50%
//! for 1/2/≥3 winners for the special anti-infectives (cycles 1/1/2 years).
//!
//! **Rounding (inferred, not sourced).** No rounding of the national base reproduces
//! the five published worked examples; the sum of separately rounded parts does
//! (see `rounding.evidence_en` in the rules file). So the tool computes a hospital's
//! agreed volume as its own reported demand × ratio rounded half up to whole units
//! ([`VolumeRounding::HalfUp`], the default), and a total given as parts as the sum
//! of each part's rounded volume. Other rules can be chosen and are then stated.

use crate::catalog::rules::{Rules, TierSet};
use crate::catalog::{Catalog, Confidence};
use crate::error::{Error, ErrorCode, Result};
use crate::line::Note;
use crate::values::cells::{self, Cell};
use crate::values::money::{self, add, mul, sub};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Schema tag of the result.
pub const AGREED_VOLUME_SCHEMA: &str = "vbp-savings/agreed-volume@1";

/// Most parts accepted in one computation.
pub const MAX_PARTS: usize = 100_000;

/// How an agreed volume is rounded to whole units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeRounding {
    /// Half up (四舍五入) to whole units: the rule inferred from the worked examples.
    #[default]
    HalfUp,
    /// Down to whole units (去尾).
    Down,
    /// Up to whole units (进一).
    Up,
    /// Not rounded: the exact product.
    None,
}

impl VolumeRounding {
    /// Rounds a non-negative volume by this rule.
    pub fn apply(self, v: Decimal) -> Decimal {
        match self {
            VolumeRounding::HalfUp => {
                v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            }
            VolumeRounding::Down => v.round_dp_with_strategy(0, RoundingStrategy::ToZero),
            VolumeRounding::Up => v.round_dp_with_strategy(0, RoundingStrategy::AwayFromZero),
            VolumeRounding::None => v,
        }
        .normalize()
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            VolumeRounding::HalfUp => ("rounded half up to whole units", "四舍五入取整"),
            VolumeRounding::Down => ("rounded down to whole units", "去尾取整"),
            VolumeRounding::Up => ("rounded up to whole units", "进一取整"),
            VolumeRounding::None => ("not rounded", "不取整"),
        }
    }
}

/// What to compute an agreed volume from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreedVolumeInput {
    /// The drug (Chinese or English generic name): selects the special anti-infective
    /// rule from the catalog and, when `demand_base` is left out, the national demand base.
    #[serde(default)]
    pub drug: Option<String>,
    /// Reported demand base (首年约定采购量计算基数), in smallest units.
    #[serde(default)]
    pub demand_base: Cell,
    /// Number of winning companies (≥ 1).
    #[serde(default)]
    pub winners: Cell,
    /// Overrides the catalog's special anti-infective flag.
    #[serde(default)]
    pub special_anti_infective: Option<bool>,
    /// Overrides the rule's ratio (fraction).
    #[serde(default)]
    pub ratio: Cell,
    #[serde(default)]
    pub rounding: Option<VolumeRounding>,
    /// Demand bases of parts (institutions, provinces) rounded separately and summed.
    #[serde(default)]
    pub parts: Option<Vec<Cell>>,
}

/// The rounding rule applied, with its status and evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedRounding {
    pub rule: VolumeRounding,
    /// `inferred` for the default (from the worked examples), `chosen` otherwise.
    pub status: String,
    pub en: String,
    pub zh: String,
    pub evidence_en: String,
    pub evidence_zh: String,
}

/// A total computed from separately rounded parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parts {
    pub count: u64,
    /// Each part's rounded agreed volume, in input order.
    #[serde(with = "cells::decimal_vec")]
    pub agreed_volumes: Vec<Decimal>,
    /// The most the sum may differ from base × ratio: count × 0.5 (half up), count (down/up), 0 (none).
    #[serde(with = "money::serde_str")]
    pub max_deviation: Decimal,
}

/// An agreed volume with its rule, source and assumptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedVolume {
    pub schema: String,
    pub drug: Option<String>,
    pub catalog_id: Option<String>,
    #[serde(with = "money::serde_str")]
    pub demand_base: Decimal,
    pub demand_base_basis: String,
    pub demand_base_basis_zh: String,
    pub winners: u32,
    pub special_anti_infective: bool,
    pub rule_class: String,
    pub rule_class_zh: String,
    #[serde(with = "money::serde_str")]
    pub ratio: Decimal,
    /// `rule` (from the batch's rules) or `input`.
    pub ratio_basis: String,
    /// Procurement cycle in years, from the rule (null with a ratio given as input).
    pub cycle_years: Option<u32>,
    /// demand base × ratio, exact.
    #[serde(with = "money::serde_str")]
    pub exact: Decimal,
    /// The agreed volume, rounded by `rounding`.
    #[serde(with = "money::serde_str")]
    pub agreed_volume: Decimal,
    /// agreed volume − exact.
    #[serde(with = "money::serde_str")]
    pub rounding_difference: Decimal,
    pub rounding: AppliedRounding,
    pub parts: Option<Parts>,
    pub source: String,
    pub confidence: Confidence,
    /// The published national agreed volume for this drug and number of winners, where one
    /// is known and this result is on the same national base (not a hospital's own).
    pub published: Option<PublishedVolume>,
    pub formula: Note,
    pub assumptions: Vec<Note>,
}

/// A published agreed volume, with its source, beside the computed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedVolume {
    #[serde(with = "money::serde_str")]
    pub agreed_volume: Decimal,
    /// published − computed: the national total is a sum of separately rounded parts.
    #[serde(with = "money::serde_str")]
    pub difference: Decimal,
    pub source: String,
    pub confidence: Confidence,
}

fn note(code: &str, en: String, zh: String) -> Note {
    Note {
        code: code.into(),
        en,
        zh,
    }
}

/// The parts of a demand base (one per province or hospital): 1 to [`MAX_PARTS`]
/// non-negative numbers.
pub fn read_parts(cells_in: &[Cell]) -> Result<Vec<Decimal>> {
    if cells_in.is_empty() || cells_in.len() > MAX_PARTS {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            format!("parts must hold 1 to {MAX_PARTS} demand bases"),
            format!("parts 须含1到{MAX_PARTS}个需求基数"),
        ));
    }
    cells_in
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let field = format!("parts[{i}]");
            cells::non_negative(c.required(&field, ErrorCode::MissingQuantity)?, &field)
        })
        .collect()
}

/// The number of winners as a whole number ≥ 1.
pub fn read_winners(cell: &Cell) -> Result<u32> {
    let w = cell.required("winners", ErrorCode::InvalidInput)?;
    if w < Decimal::ONE || w.fract() != Decimal::ZERO || w > Decimal::from(1000) {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            format!("winners must be a whole number of winning companies, at least 1, not {w}"),
            format!("中选企业数须为不小于1的整数，而不是{w}"),
        ));
    }
    u32::try_from(w.normalize().mantissa()).map_err(|_| Error::overflow())
}

/// Computes an agreed volume against a catalog and a batch's rules.
pub fn agreed_volume(
    input: &AgreedVolumeInput,
    catalog: &Catalog,
    rules: &Rules,
) -> Result<AgreedVolume> {
    let av = &rules.agreed_volume;
    let entry = input.drug.as_deref().and_then(|d| catalog.find(d));
    let mut assumptions = Vec::new();
    if let (Some(d), None) = (input.drug.as_deref(), entry) {
        assumptions.push(note(
            "drug_not_in_catalog",
            format!("'{d}' is not in the batch-{} catalog: the general rule applies unless special_anti_infective is set", catalog.batch.batch),
            format!("“{d}”不在第{}批目录中：除非设定 special_anti_infective，按一般药品规则", catalog.batch.batch),
        ));
    }
    let winners = read_winners(&input.winners)?;

    // the class of rule
    let special = match (input.special_anti_infective, entry) {
        (Some(s), _) => s,
        (None, Some(e)) => e.special_anti_infective,
        (None, None) => false,
    };
    let set: &TierSet = if special {
        &av.special_anti_infective
    } else {
        &av.general
    };
    let tier = set.tier(winners).ok_or_else(|| {
        Error::new(
            ErrorCode::CatalogData,
            "no agreed-volume tier covers this number of winners",
            "没有适用于该中选企业数的约定采购量规则",
        )
    })?;

    // the ratio
    let (ratio, ratio_basis, cycle_years) = match cells::fraction(&input.ratio, "ratio")? {
        Some(r) => {
            assumptions.push(note(
                "ratio_input",
                format!(
                    "ratio {}% given as input instead of the rule's {}%",
                    money::percent_text(r),
                    money::percent_text(tier.ratio)
                ),
                format!(
                    "约定采购比例按输入的{}%，而非规则的{}%",
                    money::percent_text(r),
                    money::percent_text(tier.ratio)
                ),
            ));
            (r, "input", None)
        }
        None => (tier.ratio, "rule", Some(tier.cycle_years)),
    };

    // the base: parts, a given base, or the catalog's national base
    let rounding = input.rounding.unwrap_or_default();
    let given_base = input
        .demand_base
        .decimal("demand_base")?
        .map(|b| cells::non_negative(b, "demand_base"))
        .transpose()?;
    let (demand_base, basis_en, basis_zh, parts) = if let Some(cells_in) = &input.parts {
        let bases = read_parts(cells_in)?;
        let mut sum = Decimal::ZERO;
        let mut rounded = Vec::with_capacity(bases.len());
        let mut total = Decimal::ZERO;
        for b in bases {
            sum = add(sum, b)?;
            let r = rounding.apply(mul(b, ratio)?);
            total = add(total, r)?;
            rounded.push(r);
        }
        if let Some(g) = given_base {
            if g != sum {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    format!("demand_base {g} is not the sum of the parts ({sum})"),
                    format!("demand_base {g} 不等于各部分之和（{sum}）"),
                ));
            }
        }
        let count = rounded.len() as u64;
        let per_part = match rounding {
            VolumeRounding::HalfUp => Decimal::new(5, 1),
            VolumeRounding::Down | VolumeRounding::Up => Decimal::ONE,
            VolumeRounding::None => Decimal::ZERO,
        };
        let max_deviation = mul(Decimal::from(count), per_part)?;
        (
            sum,
            format!("the sum of {count} parts, each rounded separately"),
            format!("{count}个部分之和，各部分分别取整"),
            Some((
                Parts {
                    count,
                    agreed_volumes: rounded,
                    max_deviation,
                },
                total,
            )),
        )
    } else if let Some(b) = given_base {
        (
            b,
            "reported demand base given as input".to_string(),
            "输入的申报需求基数".to_string(),
            None,
        )
    } else if let Some(f) = entry
        .and_then(|e| e.demand_base.as_ref())
        .filter(|f| f.value.is_some())
    {
        let b = f.value.unwrap_or_default();
        let src = f.source.clone().unwrap_or_default();
        assumptions.push(note(
            "national_demand_base",
            format!("no demand base given: the catalog's NATIONAL first-year demand base is used ({src}, confidence {}); a hospital's agreed volume is computed from its own reported demand", f.confidence.letter()),
            format!("未给出需求基数：采用目录中的全国首年需求基数（来源：{src}，可信度 {}）；医院的约定采购量应按本院申报量计算", f.confidence.letter()),
        ));
        (
            b,
            format!("national first-year demand base from the catalog ({src})"),
            format!("目录中的全国首年需求基数（{src}）"),
            None,
        )
    } else {
        return Err(Error::new(
            ErrorCode::MissingQuantity,
            "demand_base is missing: give the reported demand base (in smallest units), or parts",
            "缺少 demand_base：请给出申报需求基数（最小单位），或 parts",
        ));
    };

    let exact = mul(demand_base, ratio)?;
    let agreed = match &parts {
        Some((_, total)) => *total,
        None => rounding.apply(exact),
    };
    // the catalog's national base at the rule's ratio: the published national figure, where
    // one is known, beside this one (they differ: the national total is a sum of parts rounded apart)
    let mut published_volume = None;
    if parts.is_none() && given_base.is_none() && ratio_basis == "rule" {
        let published = entry.and_then(|e| {
            av.worked_examples
                .iter()
                .find(|x| x.drug == e.id && x.winners == winners && x.demand_base == demand_base)
        });
        if let Some(x) = published {
            let difference = sub(x.published, agreed)?;
            published_volume = Some(PublishedVolume {
                agreed_volume: x.published,
                difference,
                source: x.source.clone(),
                confidence: x.confidence,
            });
            let (published, ours, diff) = (
                money::to_plain_string(x.published),
                money::to_plain_string(agreed),
                money::to_plain_string(difference),
            );
            let (source, c) = (&x.source, x.confidence.letter());
            assumptions.push(note(
                "published_national_volume",
                format!("the published national agreed volume for {winners} winner(s) is {published} ({source}, confidence {c}); it differs from the base × ratio rounded once ({ours}) by {diff}, as the national total is the sum of parts rounded separately"),
                format!("公布的全国约定采购量（{winners}家中选）为 {published}（来源：{source}，可信度 {c}）；与需求基数 × 比例一次取整所得（{ours}）相差 {diff}，因全国量为各部分分别取整后之和"),
            ));
        }
    }
    let (r_en, r_zh) = rounding.words();
    let rr = &av.rounding;
    let applied = if rounding == VolumeRounding::HalfUp {
        AppliedRounding {
            rule: rounding,
            status: rr.status.clone(),
            en: rr.en.clone(),
            zh: rr.zh.clone(),
            evidence_en: rr.evidence_en.clone(),
            evidence_zh: rr.evidence_zh.clone(),
        }
    } else {
        AppliedRounding {
            rule: rounding,
            status: "chosen".into(),
            en: format!(
                "{r_en}, as chosen; the rule inferred from the worked examples is half up per part"
            ),
            zh: format!("按所选规则{r_zh}；由公开算例推断的规则为各部分四舍五入"),
            evidence_en: rr.evidence_en.clone(),
            evidence_zh: rr.evidence_zh.clone(),
        }
    };
    assumptions.push(note(
        "rounding",
        format!("{} ({})", applied.en, applied.status),
        format!(
            "{}（{}）",
            applied.zh,
            if applied.status == "inferred" {
                "推断"
            } else {
                "自选"
            }
        ),
    ));
    if parts.is_some() {
        assumptions.push(note(
            "part_bound",
            rr.part_bound_en.clone(),
            rr.part_bound_zh.clone(),
        ));
    }
    let pct = money::percent_text(ratio);
    let formula = note(
        "agreed_volume",
        format!(
            "agreed volume = demand base × {pct}% ({winners} winner{}, {}){}, {r_en}{}",
            if winners == 1 { "" } else { "s" },
            set.label_en,
            cycle_years
                .map(|y| format!(", cycle {y} year{}", if y == 1 { "" } else { "s" }))
                .unwrap_or_default(),
            if parts.is_some() {
                ", per part, then summed"
            } else {
                ""
            }
        ),
        format!(
            "约定采购量 = 需求基数 × {pct}%（{winners}家中选，{}）{}，{r_zh}{}",
            set.label_zh,
            cycle_years
                .map(|y| format!("，采购周期{y}年"))
                .unwrap_or_default(),
            if parts.is_some() {
                "，按部分分别计算后求和"
            } else {
                ""
            }
        ),
    );
    Ok(AgreedVolume {
        schema: AGREED_VOLUME_SCHEMA.into(),
        drug: input.drug.clone(),
        catalog_id: entry.map(|e| e.id.clone()),
        demand_base,
        demand_base_basis: basis_en,
        demand_base_basis_zh: basis_zh,
        winners,
        special_anti_infective: special,
        rule_class: set.label_en.clone(),
        rule_class_zh: set.label_zh.clone(),
        ratio,
        ratio_basis: ratio_basis.into(),
        cycle_years,
        exact,
        agreed_volume: agreed,
        rounding_difference: sub(agreed, exact)?,
        rounding: applied,
        parts: parts.map(|(p, _)| p),
        source: av.source.clone(),
        confidence: av.confidence,
        published: published_volume,
        formula,
        assumptions,
    })
}

/// Agreed volume against the embedded batch-7 catalog and rules.
pub fn batch7_agreed_volume(input: &AgreedVolumeInput) -> Result<AgreedVolume> {
    agreed_volume(
        input,
        crate::catalog::batch7()?,
        crate::catalog::rules::batch7_rules()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_rules() {
        assert_eq!(VolumeRounding::HalfUp.apply(d("298163.5")), d("298164"));
        assert_eq!(VolumeRounding::HalfUp.apply(d("357796.2")), d("357796"));
        assert_eq!(VolumeRounding::Down.apply(d("2.9")), d("2"));
        assert_eq!(VolumeRounding::Up.apply(d("2.1")), d("3"));
        assert_eq!(VolumeRounding::Up.apply(d("2")), d("2"));
        assert_eq!(VolumeRounding::None.apply(d("2.50")), d("2.5"));
    }

    #[test]
    fn the_catalog_base_shows_the_published_national_figure_beside_its_own() {
        let input = AgreedVolumeInput {
            drug: Some("阿法替尼".into()),
            winners: Cell(Some("1".into())),
            ..Default::default()
        };
        let v = batch7_agreed_volume(&input).unwrap();
        assert_eq!(v.agreed_volume, d("298164"));
        let n = v
            .assumptions
            .iter()
            .find(|n| n.code == "published_national_volume")
            .expect("the published figure");
        assert!(
            n.zh.contains("298170") && n.zh.contains("相差 6"),
            "{}",
            n.zh
        );
        let p = v.published.as_ref().expect("the published figure as data");
        assert_eq!((p.agreed_volume, p.difference), (d("298170"), d("6")));
        assert!(!p.source.is_empty());
        // a hospital's own base: no national figure to compare with
        let own = AgreedVolumeInput {
            demand_base: Cell(Some("1000".into())),
            ..input
        };
        let v = batch7_agreed_volume(&own).unwrap();
        assert!(v
            .assumptions
            .iter()
            .all(|n| n.code != "published_national_volume"));
        assert_eq!(v.published, None);
    }

    #[test]
    fn winners_must_be_whole_and_positive() {
        assert_eq!(read_winners(&"3".into()).unwrap(), 3);
        assert_eq!(read_winners(&"4.0".into()).unwrap(), 4);
        assert_eq!(
            read_winners(&"0".into()).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            read_winners(&"1.5".into()).unwrap_err().code,
            ErrorCode::OutOfRange
        );
        assert_eq!(
            read_winners(&Cell::default()).unwrap_err().code,
            ErrorCode::InvalidInput
        );
    }
}
