//! Which VBP unit price a usage line is computed at, and why.
//!
//! In order: (1) the price given on the line; (2) a per-unit winning price from the
//! catalog: the winning product of the line's manufacturer, else a drug-level
//! reference price that applies whoever supplies (e.g. the NHSA's lenvatinib
//! average); (3) otherwise an **estimate** from an average cut: the drug's own sourced
//! average cut where known, else the batch's (48% for batch 7 → baseline × 0.52).
//! An estimated line is marked `estimated` in every output.

use crate::catalog::{Entry, Fact, Product, Status};
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::matching;
use crate::estimate::savings::estimated_vbp_price;
use crate::line::UsageLine;
use crate::values::item::same_unit;
use crate::values::money::{self, to_plain_string, DerivedPrice};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a line's VBP unit price came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// Given on the line.
    Input,
    /// A winning price from the catalog.
    Catalog,
    /// Estimated from an average price cut; not a known price.
    Estimated,
}

impl PriceSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceSource::Input => "input",
            PriceSource::Catalog => "catalog",
            PriceSource::Estimated => "estimated",
        }
    }
}

/// The words for a price given on the line.
pub const INPUT_BASIS: &str = "VBP unit price given on the line";
/// The same in Chinese.
pub const INPUT_BASIS_ZH: &str = "行内给出的中选单价";

/// How a line that gives no VBP price is priced: a fixed catalog price, or a cut off its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A per-unit winning price from the catalog.
    Fixed(Decimal),
    /// VBP price = baseline × (1 − cut).
    Cut(Decimal),
}

/// The price rule for lines of one drug / product / unit that give no VBP price, with
/// the words that explain it. It does not depend on a line's own figures, so an
/// estimator can work it out once and keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceRule {
    pub rule: Rule,
    pub source: PriceSource,
    pub basis: String,
    pub basis_zh: String,
    /// Notes to pass on as warnings (code, English, Chinese).
    pub notes: Vec<(&'static str, String, String)>,
}

impl PriceRule {
    /// The VBP unit price for a line with this baseline unit price.
    pub fn price(&self, baseline_unit_price: Decimal) -> Result<Decimal> {
        match self.rule {
            Rule::Fixed(p) => Ok(p),
            Rule::Cut(c) => estimated_vbp_price(baseline_unit_price, c),
        }
    }
}

/// The rule for a line that gives no VBP price (only its drug, product, unit and
/// kind matter, never its quantity or prices).
pub fn rule_matched(
    line: &UsageLine,
    entry: Option<&Entry>,
    product: Option<&Product>,
    batch_cut: &Fact<Decimal>,
    cut_override: Option<Decimal>,
) -> Result<PriceRule> {
    let mut notes = Vec::new();
    if let Some(e) = entry {
        if e.status == Status::Withdrawn {
            return Err(Error::new(
                ErrorCode::NotInBatch,
                format!("{} was withdrawn from batch {} and has no VBP price; give vbp_unit_price to count this line", e.generic_name_en, e.batch),
                format!("{}未纳入第{}批集采（已撤回），没有中选价；如需计入请填写中选单价", e.generic_name_zh, e.batch),
            ));
        }
        if let Some(rule) = catalog_price(line, e, product, &mut notes)? {
            return Ok(rule);
        }
        if e.status == Status::ApplicationStage {
            notes.push((
                "unverified_inclusion",
                format!("{} was seen only on the demand-reporting list; whether it is among the batch's procured drugs is not verified", e.generic_name_en),
                format!("{}仅见于需求申报清单，是否最终纳入本批集采未经核实", e.generic_name_zh),
            ));
        }
        if cut_override.is_none() {
            if let Some(cut_fact) = &e.average_price_cut {
                if let Some(cut) = cut_fact.value {
                    let pct = percent(cut);
                    return Ok(PriceRule {
                        rule: Rule::Cut(cut),
                        source: PriceSource::Estimated,
                        basis: format!(
                            "estimated: baseline × (1 − {pct}%), the drug's own average cut ({}, confidence {})",
                            cut_fact.source.as_deref().unwrap_or("source unknown"),
                            cut_fact.confidence.letter()
                        ),
                        basis_zh: format!(
                            "估算：集采前单价 ×（1 − {pct}%），按该药品平均降幅（来源：{}，可信度 {}）",
                            cut_fact.source.as_deref().unwrap_or("未知"),
                            cut_fact.confidence.letter()
                        ),
                        notes,
                    });
                }
            }
        }
    }
    let (cut, whose_en, whose_zh) = match (cut_override, batch_cut.value) {
        (Some(c), _) => (c, "the average cut you chose".to_string(), "您设定的平均降幅".to_string()),
        (None, Some(c)) => (
            c,
            format!(
                "the batch's average cut ({}, confidence {})",
                batch_cut.source.as_deref().unwrap_or("source unknown"),
                batch_cut.confidence.letter()
            ),
            format!("本批平均降幅（来源：{}，可信度 {}）", batch_cut.source.as_deref().unwrap_or("未知"), batch_cut.confidence.letter()),
        ),
        (None, None) => {
            return Err(Error::new(
                ErrorCode::NoVbpPrice,
                "no VBP price is given, none is in the catalog, and the batch's average cut is unknown, so none can be estimated: give the VBP unit price (中选单价) or an estimate cut",
                "未给出中选价，目录中也没有，且本批平均降幅未知，无法估算：请填写中选单价或设定估算降幅",
            ))
        }
    };
    let pct = percent(cut);
    Ok(PriceRule {
        rule: Rule::Cut(cut),
        source: PriceSource::Estimated,
        basis: format!("estimated: baseline × (1 − {pct}%), {whose_en}"),
        basis_zh: format!("估算：集采前单价 ×（1 − {pct}%），按{whose_zh}"),
        notes,
    })
}

fn catalog_price(
    line: &UsageLine,
    e: &Entry,
    product: Option<&Product>,
    notes: &mut Vec<(&'static str, String, String)>,
) -> Result<Option<PriceRule>> {
    // (a) the line's own winning product (its manufacturer's)
    if let Some(p) = product {
        if let Some(per) = unit_factor(line, Some(&p.unit), e, notes) {
            let exact = p.unit_price().ok_or_else(|| {
                Error::new(
                    ErrorCode::DivisionByZero,
                    "pack size is zero",
                    "包装数量为零",
                )
            })?;
            // a line per pack: the product's pack price when the packs agree, else the exact unit price × the line's pack
            let exact = match &per {
                Some(pack) if pack.count == p.units_per_pack => p.pack_price,
                Some(pack) => money::mul(exact, pack.count)?,
                None => exact,
            };
            let derived = DerivedPrice::of(exact);
            let rounded = derived.value;
            let exact_note = derived.note_en();
            // the Chinese basis names the pack in Chinese where the catalog gives it
            let pack_zh = p.pack_zh.as_deref().unwrap_or(&p.pack);
            let exact_note_zh = derived.note_zh();
            return Ok(Some(PriceRule {
                rule: Rule::Fixed(rounded),
                source: PriceSource::Catalog,
                basis: match &per {
                    None => format!(
                        "catalog: winning price of {} ({}, {} yuan per pack ÷ {} = {} per {}{}; {}, confidence {})",
                        p.company,
                        p.pack,
                        to_plain_string(p.pack_price),
                        to_plain_string(p.units_per_pack),
                        to_plain_string(rounded),
                        p.unit,
                        exact_note,
                        p.source,
                        p.confidence.letter()
                    ),
                    Some(pack) => format!(
                        "catalog: winning price of {} ({}, {} yuan per pack of {} {}) for the line's {} of {} {} (specification '{}') = {} per {}{}; {}, confidence {}",
                        p.company,
                        p.pack,
                        to_plain_string(p.pack_price),
                        to_plain_string(p.units_per_pack),
                        p.unit,
                        pack.line_unit,
                        to_plain_string(pack.count),
                        p.unit,
                        pack.specification,
                        to_plain_string(rounded),
                        pack.line_unit,
                        exact_note,
                        p.source,
                        p.confidence.letter()
                    ),
                },
                basis_zh: match &per {
                    None => format!(
                        "目录：{}中选价（{}，每盒{}元 ÷ {} = 每{}{}元{}；来源：{}，可信度 {}）",
                        p.company,
                        pack_zh,
                        to_plain_string(p.pack_price),
                        to_plain_string(p.units_per_pack),
                        unit_zh(&p.unit),
                        to_plain_string(rounded),
                        exact_note_zh,
                        p.source,
                        p.confidence.letter()
                    ),
                    Some(pack) => format!(
                        "目录：{}中选价（{}，每包装{}元，含{}{}），按该行规格“{}”每{}{}{}计 = 每{}{}元{}；来源：{}，可信度 {}",
                        p.company,
                        pack_zh,
                        to_plain_string(p.pack_price),
                        to_plain_string(p.units_per_pack),
                        unit_zh(&p.unit),
                        pack.specification,
                        pack.line_unit,
                        to_plain_string(pack.count),
                        unit_zh(&p.unit),
                        pack.line_unit,
                        to_plain_string(rounded),
                        exact_note_zh,
                        p.source,
                        p.confidence.letter()
                    ),
                },
                notes: std::mem::take(notes),
            }));
        }
        return Ok(None);
    }
    // (b) a drug-level reference price (the NHSA's published average, for lenvatinib).
    // For a line that names its manufacturer it is that supplier's price only by
    // assumption: the line is priced with it but marked estimated, and says why.
    if let Some(f) = &e.reference_price {
        if let Some(price) = f.value {
            if let Some(per) = unit_factor(line, e.unit.as_deref(), e, notes) {
                let unit_price = price;
                // a line per pack: the unit price × the pack the line's specification states
                let price = match &per {
                    Some(pack) => money::mul(unit_price, pack.count)?,
                    None => unit_price,
                };
                // the words both bases share
                let unit = e.unit.as_deref().unwrap_or("unit");
                let unit_word_zh = unit_zh(e.unit.as_deref().unwrap_or(""));
                let unit_price_text = to_plain_string(unit_price);
                let (source_en, source_zh, conf) = (
                    f.source.as_deref().unwrap_or("source unknown"),
                    f.source.as_deref().unwrap_or("未知"),
                    f.confidence.letter(),
                );
                let (per_en, per_zh) = match &per {
                    Some(pack) => (
                        format!(
                            " × {} {unit} per {} (specification '{}') = {} per {}",
                            to_plain_string(pack.count),
                            pack.line_unit,
                            pack.specification,
                            to_plain_string(price),
                            pack.line_unit
                        ),
                        format!(
                            " × 每{}{}{unit_word_zh}（规格“{}”）= 每{}{}元",
                            pack.line_unit,
                            to_plain_string(pack.count),
                            pack.specification,
                            pack.line_unit,
                            to_plain_string(price)
                        ),
                    ),
                    None => (String::new(), String::new()),
                };
                let named = line
                    .manufacturer
                    .as_deref()
                    .map(str::trim)
                    .filter(|m| !m.is_empty());
                let (source, basis, basis_zh) = if let Some(m) = named {
                    let winners: Vec<&str> = e.winners.iter().map(|w| w.company.as_str()).collect();
                    let (why, why_zh) = if e
                        .winners
                        .iter()
                        .any(|w| matching::names_company(&w.company, m))
                    {
                        (
                            format!("{m} is a winner whose own price was not found"),
                            format!("{m}为中选企业，但未找到其自身中选价"),
                        )
                    } else if winners.is_empty() {
                        (
                            format!("the winners of {} were not found", e.generic_name_en),
                            format!("未找到{}的中选企业", e.generic_name_zh),
                        )
                    } else {
                        (
                            format!(
                                "{m} is not among the known winners ({})",
                                winners.join(", ")
                            ),
                            format!("{m}不在已知中选企业（{}）之列", winners.join("、")),
                        )
                    };
                    (
                        PriceSource::Estimated,
                        format!(
                            "estimated: the drug-level average winning price, {unit_price_text} yuan per {unit}{per_en}, as {why} ({}; {source_en}, confidence {conf})",
                            f.note.as_deref().unwrap_or("drug-level average"),
                        ),
                        format!("估算：按药品层面中选均价每{unit_word_zh}{unit_price_text}元{per_zh}计，因{why_zh}（均价非该企业的价格；来源：{source_zh}，可信度 {conf}）"),
                    )
                } else {
                    (
                        PriceSource::Catalog,
                        format!(
                            "catalog: {unit_price_text} yuan per {unit}{per_en} ({}; {source_en}, confidence {conf})",
                            f.note.as_deref().unwrap_or("drug-level winning price"),
                        ),
                        format!("目录：每{unit_word_zh}{unit_price_text}元{per_zh}（药品层面中选价/均价：所用供应企业的实际中选价可能不同；来源：{source_zh}，可信度 {conf}）"),
                    )
                };
                return Ok(Some(PriceRule {
                    rule: Rule::Fixed(price),
                    source,
                    basis,
                    basis_zh,
                    notes: std::mem::take(notes),
                }));
            }
            return Ok(None);
        }
    }
    // (c) prices exist but only per manufacturer
    if !e.products.is_empty() {
        let companies: Vec<&str> = e.products.iter().map(|p| p.company.as_str()).collect();
        notes.push((
            "catalog_needs_manufacturer",
            format!(
                "the catalog knows winning prices of {} for {} but the line names no matching manufacturer; add a manufacturer column (生产企业) or the VBP price to use them",
                companies.join(", "),
                e.generic_name_en
            ),
            format!("目录中有{}的中选价（{}），但该行未注明相符的生产企业；请补充“生产企业”列或中选单价", e.generic_name_zh, companies.join("、")),
        ));
    }
    Ok(None)
}

/// A catalog per-unit price applies only when the line's unit is that unit (or the
/// line states no unit, an assumption the report states).
/// A line priced per pack: how many of the price's unit its pack holds, read from its specification.
struct LinePack {
    count: Decimal,
    line_unit: String,
    specification: String,
}

/// Whether a catalog price per `price_unit` applies to the line, and how: `Some(None)` when
/// the units agree (or either is not stated); `Some(Some(pack))` when the line is per pack
/// (盒, or the container its specification names) and its specification states how many of
/// the price's unit the pack holds (`4mg*30粒`: 30 capsules), so the price is that many
/// times the unit price; `None` when it does not apply — a note says why, and the pack
/// size is never guessed.
fn unit_factor(
    line: &UsageLine,
    price_unit: Option<&str>,
    e: &Entry,
    notes: &mut Vec<(&'static str, String, String)>,
) -> Option<Option<LinePack>> {
    let (Some(line_unit), Some(price_unit)) = (line.unit.as_deref(), price_unit) else {
        return Some(None);
    };
    match same_unit(line_unit, price_unit) {
        Some(true) => Some(None),
        Some(false) => {
            // per pack: 盒/box, or the container the specification ends with (`0.1g×100片/瓶`, unit 瓶)
            let spec = line.specification.as_deref().unwrap_or("").trim();
            let pack = crate::values::pack::parse_pack(spec);
            let same_container = |c: &str| {
                crate::values::item::normalize_name(c)
                    == crate::values::item::normalize_name(line_unit)
            };
            let per_pack = crate::values::item::canonical_unit(line_unit) == Some("box")
                || pack
                    .as_ref()
                    .and_then(|p| p.container.as_deref())
                    .is_some_and(same_container);
            if !per_pack {
                notes.push((
                    "unit_mismatch",
                    format!(
                        "the line is in '{line_unit}' but the catalog price of {} is per {price_unit}; the catalog price was not used",
                        e.generic_name_en
                    ),
                    format!("该行单位为“{line_unit}”，而目录中{}的价格按每{}计，未采用目录价", e.generic_name_zh, unit_zh(price_unit)),
                ));
                return None;
            }
            match pack.filter(|p| {
                p.count > Decimal::ZERO
                    && p.unit.as_deref().and_then(|u| same_unit(u, price_unit)) == Some(true)
            }) {
                Some(p) => Some(Some(LinePack {
                    count: p.count,
                    line_unit: line_unit.trim().to_string(),
                    specification: spec.to_string(),
                })),
                None => {
                    notes.push((
                        "pack_size_unknown",
                        format!(
                            "the line is per '{line_unit}' but the catalog price of {} is per {price_unit}, and its specification ('{spec}') does not say how many {price_unit}s a '{line_unit}' holds; the catalog price was not used: give the specification (e.g. 4mg×30粒/盒) or the VBP price",
                            e.generic_name_en
                        ),
                        format!(
                            "该行按“{line_unit}”计，而目录中{}的价格按每{}计，规格（“{spec}”）未写明每{line_unit}含多少{}，未采用目录价：请补充规格（如 4mg×30粒/盒）或中选单价",
                            e.generic_name_zh,
                            unit_zh(price_unit),
                            unit_zh(price_unit)
                        ),
                    ));
                    None
                }
            }
        }
        None => {
            notes.push((
                "unit_unknown",
                format!("the unit '{line_unit}' is not one this tool knows; the catalog price (per {price_unit}) was not used"),
                format!("无法识别单位“{line_unit}”，未采用目录价（按每{}计）", unit_zh(price_unit)),
            ));
            None
        }
    }
}

fn percent(fraction: Decimal) -> String {
    money::percent_text(fraction)
}

/// The Chinese word for a canonical unit.
pub fn unit_zh(unit: &str) -> &str {
    match unit {
        "capsule" => "粒",
        "tablet" => "片",
        "vial" => "支",
        "bottle" => "瓶",
        "bag" => "袋",
        "box" => "盒",
        "piece" => "个",
        other => other,
    }
}
