//! The estimate: usage lines in, a report out — per line, per drug, per
//! therapeutic category and in total, with rejected rows, warnings, formulas and
//! assumptions. [`Estimator`] accumulates line by line, so a caller can stream rows.

pub mod inputs;
pub mod matching;
pub mod pricing;
pub mod programme;
pub mod savings;
pub mod session;
pub mod stream;

use crate::catalog::{Catalog, Confidence, Entry, Fact};
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::savings::{line_savings, savings_rate, simple_average};
use crate::line::{InputInfo, LineSink, Note, Problem, UsageLine, Warning};
use crate::values::item::{normalize_name, ItemKind};
use crate::values::money::{self, add, ROUNDING_RULE_EN, ROUNDING_RULE_ZH};
use crate::values::number;
use matching::{MatchStatus, ReviewItem};
use pricing::{PriceRule, PriceSource};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// At most this many warnings of one code that point at single lines are listed; the
/// rest are counted in a summary warning (memory stays bounded on large files).
pub const MAX_LINE_WARNINGS_PER_CODE: usize = 100;
/// At most this many lines are listed in `review`; the rest are counted in a warning.
pub const MAX_REVIEW_LINES: usize = 1000;
/// At most this many rejected rows are listed one by one; every rejected row is still
/// counted (`input.rejected`), and the rest are counted by code in `input.rejected_not_listed`.
pub const MAX_LISTED_PROBLEMS: usize = 10_000;

/// Schema tag of the report.
pub const ESTIMATE_SCHEMA: &str = "vbp-savings/estimate@1";

/// Options of an estimate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Average cut to estimate missing VBP prices with, instead of the batch's (fraction, 0 ≤ cut ≤ 1).
    #[serde(
        default,
        with = "money::serde_str::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub estimate_cut: Option<Decimal>,
    /// Leave the per-line list out of the report (aggregates only), for very large inputs.
    #[serde(default)]
    pub omit_lines: bool,
    /// The user's decisions on matches: line → `entry_id#n` (that product), `entry_id`
    /// (that drug, no product) or `none` (no catalog price). See [`crate::estimate::matching`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<u64, String>,
}

impl Options {
    /// Checks the options: a cut must lie in [0, 1].
    pub fn validate(&self) -> Result<()> {
        if let Some(c) = self.estimate_cut {
            if c.is_sign_negative() || c > Decimal::ONE {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "estimate_cut must be a fraction between 0 and 1 (0.48) or a percentage (48%), not {c}"
                    ),
                    format!("估算降幅须为0到1之间的小数（如0.48）或百分数（如48%），而不是{c}"),
                ));
            }
        }
        Ok(())
    }
}

/// Reads an estimate cut as a person types it: a fraction (`0.48`) or a percentage
/// (`48%`, `48 %`, full-width `４８％`), both meaning 48%. `Ok(None)` for an empty text.
/// The number itself is read by [`number::parse_decimal`] (so `0,48` is refused as it is
/// in a cell); a percentage is divided by 100 exactly. The cut must lie in [0, 1]:
/// `48` without a percent sign is refused, never guessed to mean 48%.
pub fn parse_cut(text: &str) -> Result<Option<Decimal>> {
    let trimmed = number::trim_cell(text);
    let (digits, percent) = match trimmed
        .strip_suffix('%')
        .or_else(|| trimmed.strip_suffix('％'))
    {
        Some(d) => (d, true),
        None => (trimmed, false),
    };
    if percent && number::trim_cell(digits).is_empty() {
        return Err(Error::new(
            ErrorCode::BadNumber,
            format!("'{trimmed}' is not a percentage"),
            format!("“{trimmed}”不是有效的百分数"),
        ));
    }
    let Some(value) = number::parse_decimal(digits)? else {
        return Ok(None);
    };
    let cut = if percent {
        value
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or_else(Error::overflow)?
            .normalize()
    } else {
        value
    };
    Options {
        estimate_cut: Some(cut),
        ..Default::default()
    }
    .validate()?;
    Ok(Some(cut))
}

/// Baseline, VBP and savings sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sums {
    pub lines: u64,
    #[serde(with = "money::serde_str")]
    pub baseline_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub vbp_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
    /// savings ÷ baseline spend; `null` when the baseline spend is zero.
    #[serde(with = "money::serde_str::option")]
    pub savings_rate: Option<Decimal>,
}

impl Sums {
    /// The exact sum of two sums (lines and amounts; the rate recomputed).
    pub fn sum(&self, other: &Sums) -> Result<Sums> {
        Ok(Sums {
            lines: self.lines + other.lines,
            baseline_spend: add(self.baseline_spend, other.baseline_spend)?,
            vbp_spend: add(self.vbp_spend, other.vbp_spend)?,
            savings: add(self.savings, other.savings)?,
            savings_rate: None,
        }
        .with_rate())
    }

    pub(crate) fn with_rate(mut self) -> Sums {
        self.savings_rate = savings_rate(self.savings, self.baseline_spend);
        self
    }
}

/// An exact running sum: an `i128` mantissa at the largest scale seen so far. Adding
/// is a few integer operations (the bulk fast path); where the sum would no longer fit
/// a `Decimal` exactly, the add falls back to [`money::add`], with its errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Acc {
    m: i128,
    scale: u32,
}

impl Acc {
    fn plus(self, d: Decimal) -> Result<Acc> {
        match self.plus_fast(d) {
            Some(acc) => Ok(acc),
            None => Ok(Acc::from(add(self.value(), d)?)),
        }
    }

    /// The sum when it fits a `Decimal` at the larger of the two scales; `None` otherwise.
    #[inline]
    fn plus_fast(self, d: Decimal) -> Option<Acc> {
        self.plus_parts((d.mantissa(), d.scale()))
    }

    /// [`Acc::plus_fast`] for a value given as its (mantissa, scale).
    #[inline]
    fn plus_parts(self, (m, scale): (i128, u32)) -> Option<Acc> {
        let (m, scale) = crate::values::money::add_mantissas((self.m, self.scale), (m, scale))?;
        Some(Acc { m, scale })
    }

    fn value(self) -> Decimal {
        // the invariant |m| < 2^96 and scale <= 28 holds, so this cannot fail
        Decimal::try_from_i128_with_scale(self.m, self.scale).unwrap_or_default()
    }
}

impl From<Decimal> for Acc {
    fn from(d: Decimal) -> Acc {
        Acc {
            m: d.mantissa(),
            scale: d.scale(),
        }
    }
}

/// [`Sums`] while lines are being added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SumsAcc {
    lines: u64,
    baseline: Acc,
    vbp: Acc,
    savings: Acc,
}

impl SumsAcc {
    fn plus(&self, f: &crate::estimate::savings::LineFigures) -> Result<SumsAcc> {
        Ok(SumsAcc {
            lines: self.lines + 1,
            baseline: self.baseline.plus(f.baseline_spend)?,
            vbp: self.vbp.plus(f.vbp_spend)?,
            savings: self.savings.plus(f.savings)?,
        })
    }

    fn plus_parts(&self, p: &Parts) -> Option<SumsAcc> {
        Some(SumsAcc {
            lines: self.lines + 1,
            baseline: self.baseline.plus_parts(p.baseline)?,
            vbp: self.vbp.plus_parts(p.vbp)?,
            savings: self.savings.plus_parts(p.savings)?,
        })
    }

    /// The exact sum of two running sums.
    fn merge(&self, o: &SumsAcc) -> Result<SumsAcc> {
        Ok(SumsAcc {
            lines: self.lines + o.lines,
            baseline: self.baseline.plus(o.baseline.value())?,
            vbp: self.vbp.plus(o.vbp.value())?,
            savings: self.savings.plus(o.savings.value())?,
        })
    }

    fn sums(&self) -> Sums {
        Sums {
            lines: self.lines,
            baseline_spend: self.baseline.value(),
            vbp_spend: self.vbp.value(),
            savings: self.savings.value(),
            savings_rate: None,
        }
        .with_rate()
    }
}

/// The lines of one resolution (one way of naming an item) with one price source:
/// in bulk mode a line is added here only (see `Estimator::bulk`).
#[derive(Debug, Clone, Copy, Default)]
struct Bucket {
    sums: SumsAcc,
    quantity: Acc,
}

impl Bucket {
    fn plus_parts(&self, p: &Parts) -> Option<Bucket> {
        Some(Bucket {
            sums: self.sums.plus_parts(p)?,
            quantity: self.quantity.plus_parts(p.quantity)?,
        })
    }
}

/// A line's figures and quantity as exact (mantissa, scale) pairs: what bulk mode adds up,
/// with no `Decimal` built for each figure.
#[derive(Debug, Clone, Copy)]
struct Parts {
    baseline: (i128, u32),
    vbp: (i128, u32),
    savings: (i128, u32),
    quantity: (i128, u32),
}

impl Parts {
    /// The figures [`line_savings`] gives, when its products and difference fit with no
    /// rescaling (its first, usual way): the same mantissas and scales. `None` otherwise:
    /// the caller then takes [`line_savings`] itself (which rescales, or fails).
    #[inline]
    fn of_line(quantity: Decimal, baseline: Decimal, vbp: Decimal) -> Option<Parts> {
        let q = (quantity.mantissa(), quantity.scale());
        let b = money::mul_parts(q, (baseline.mantissa(), baseline.scale()))?;
        let v = money::mul_parts(q, (vbp.mantissa(), vbp.scale()))?;
        // baseline − VBP, as `money::sub` adds the negated VBP spend
        let s = money::add_mantissas(b, (-v.0, v.1))?;
        Some(Parts {
            baseline: b,
            vbp: v,
            savings: s,
            quantity: q,
        })
    }

    /// The parts of figures computed as `Decimal`s.
    fn of_figures(f: &crate::estimate::savings::LineFigures, quantity: Decimal) -> Parts {
        let p = |d: Decimal| (d.mantissa(), d.scale());
        Parts {
            baseline: p(f.baseline_spend),
            vbp: p(f.vbp_spend),
            savings: p(f.savings),
            quantity: p(quantity),
        }
    }

    /// The absolute values.
    fn abs(&self) -> Parts {
        let a = |(m, s): (i128, u32)| (m.abs(), s);
        Parts {
            baseline: a(self.baseline),
            vbp: a(self.vbp),
            savings: a(self.savings),
            quantity: a(self.quantity),
        }
    }
}

/// The same sums split by where the VBP price came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BySource {
    pub input: Sums,
    pub catalog: Sums,
    pub estimated: Sums,
}

impl BySource {
    /// The exact sum of two splits.
    pub fn sum(&self, other: &BySource) -> Result<BySource> {
        Ok(BySource {
            input: self.input.sum(&other.input)?,
            catalog: self.catalog.sum(&other.catalog)?,
            estimated: self.estimated.sum(&other.estimated)?,
        })
    }
}

/// A therapeutic category label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLabel {
    /// Catalog category key, `text:<name>` for a category named in the input, or `uncategorized`.
    pub key: String,
    pub zh: String,
    pub en: String,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub line: u64,
    /// The drug name as given.
    pub drug: String,
    pub catalog_id: Option<String>,
    /// Drug or consumable.
    #[serde(default)]
    pub kind: ItemKind,
    /// The catalog product the line was matched to (`entry_id#n`), if one.
    #[serde(default)]
    pub product: Option<String>,
    /// How the line was matched to the catalog.
    #[serde(default)]
    pub match_status: Option<MatchStatus>,
    pub category: String,
    pub manufacturer: Option<String>,
    pub unit: Option<String>,
    #[serde(with = "money::serde_str")]
    pub quantity: Decimal,
    #[serde(with = "money::serde_str")]
    pub baseline_unit_price: Decimal,
    #[serde(with = "money::serde_str")]
    pub vbp_unit_price: Decimal,
    #[serde(with = "money::serde_str")]
    pub baseline_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub vbp_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
    #[serde(with = "money::serde_str::option")]
    pub savings_rate: Option<Decimal>,
    pub price_source: PriceSource,
    pub price_basis: String,
    pub price_basis_zh: String,
}

/// Per-drug aggregate (returns net against purchases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrugSummary {
    /// Catalog id, or `name:<normalised name>` for a drug not in the catalog.
    pub key: String,
    /// Display name: the catalog's Chinese generic name, else the name first seen in the input.
    pub drug: String,
    pub drug_en: Option<String>,
    pub catalog_id: Option<String>,
    #[serde(default)]
    pub kind: ItemKind,
    pub category: String,
    #[serde(with = "money::serde_str")]
    pub quantity: Decimal,
    #[serde(flatten)]
    pub sums: Sums,
    /// The part of the savings computed at estimated prices.
    #[serde(with = "money::serde_str")]
    pub estimated_savings: Decimal,
    pub price_sources: Vec<PriceSource>,
    /// True when any line of the drug is estimated.
    pub estimated: bool,
}

/// Per-category aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategorySummary {
    #[serde(flatten)]
    pub label: CategoryLabel,
    pub drugs: u32,
    #[serde(flatten)]
    pub sums: Sums,
    #[serde(with = "money::serde_str")]
    pub estimated_savings: Decimal,
}

/// Average price cuts, to compare with the headline figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutSummary {
    /// Drugs in the average (those with a positive net baseline spend).
    pub drugs: u32,
    /// Unweighted mean of per-drug price cuts.
    #[serde(with = "money::serde_str::option")]
    pub simple_average: Option<Decimal>,
    /// Total savings ÷ total baseline spend.
    #[serde(with = "money::serde_str::option")]
    pub spend_weighted: Option<Decimal>,
}

/// The comparison with the batch's headline cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceCutComparison {
    /// The batch's published average cut (0.48 for batch 7).
    #[serde(with = "money::serde_str::option")]
    pub headline: Option<Decimal>,
    pub headline_source: Option<String>,
    /// Over all drugs, estimated prices included.
    pub all_drugs: CutSummary,
    /// Over drugs whose every line has a known price (input or catalog).
    pub known_prices_only: CutSummary,
    /// Drugs left out of the averages because their net baseline spend is not positive.
    pub excluded_drugs: Vec<String>,
}

/// Rounding, stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounding {
    pub rule: String,
    pub rule_zh: String,
    pub display_dp: u32,
    pub rate_dp: u32,
}

/// The whole report. Amounts are exact decimal strings in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub schema: String,
    pub batch: u32,
    pub rounding: Rounding,
    pub totals: Sums,
    pub by_price_source: BySource,
    /// The same sums for drugs and for high-value consumables.
    #[serde(default)]
    pub by_kind: ByKind,
    pub price_cut: PriceCutComparison,
    pub by_drug: Vec<DrugSummary>,
    pub by_category: Vec<CategorySummary>,
    pub lines: Vec<PricedLine>,
    pub rejected: Vec<Problem>,
    /// Lines whose catalog match is uncertain: not priced from the catalog until you
    /// choose (an override line → product); each with its candidates.
    #[serde(default)]
    pub review: Vec<ReviewItem>,
    pub warnings: Vec<Warning>,
    pub formulas: Vec<Note>,
    pub assumptions: Vec<Note>,
    pub input: InputInfo,
}

/// Sums per item kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByKind {
    pub drug: Sums,
    pub consumable: Sums,
}

impl ByKind {
    /// The exact sum of two splits.
    pub fn sum(&self, other: &ByKind) -> Result<ByKind> {
        Ok(ByKind {
            drug: self.drug.sum(&other.drug)?,
            consumable: self.consumable.sum(&other.consumable)?,
        })
    }
}

struct DrugAcc {
    summary: DrugSummary,
    /// Categories this drug is counted in (almost always one).
    counted_in: Vec<usize>,
    sums: SumsAcc,
    quantity: Acc,
    estimated_savings: Acc,
}

/// What the estimator worked out for one way of naming an item (see `Estimator::resolve`).
struct Resolution<'c> {
    m: matching::LineMatch<'c>,
    kind: ItemKind,
    rule: std::result::Result<PriceRule, Error>,
    drug: usize,
    category: usize,
    category_key: String,
    product_ref: Option<String>,
    /// The rule's notes were passed on as warnings.
    notes_given: bool,
    /// The drug and the category as this resolution would create them (the first line
    /// of a drug or a category names it): what a session (`session`) needs.
    template: Option<Box<(DrugSummary, CategoryLabel)>>,
}

/// (specification, manufacturer, unit, kind, category) as written on a line.
type KeyParts = (
    Option<String>,
    Option<String>,
    Option<String>,
    ItemKind,
    Option<String>,
);
struct ResolutionKey(KeyParts);

impl ResolutionKey {
    fn as_ref(
        &self,
    ) -> (
        Option<&str>,
        Option<&str>,
        Option<&str>,
        ItemKind,
        Option<&str>,
    ) {
        let k = &self.0;
        (
            k.0.as_deref(),
            k.1.as_deref(),
            k.2.as_deref(),
            k.3,
            k.4.as_deref(),
        )
    }
}

struct CategoryAcc {
    summary: CategorySummary,
    /// Drugs with a counted line in this category.
    drugs: u32,
    sums: SumsAcc,
    estimated_savings: Acc,
}

/// Accumulates usage lines into an [`Estimate`].
pub struct Estimator<'c> {
    catalog: &'c Catalog,
    options: Options,
    totals: SumsAcc,
    /// By price source: input, catalog, estimated.
    by_source: [SumsAcc; 3],
    /// By kind: drug, consumable.
    by_kind: [SumsAcc; 2],
    review: Vec<ReviewItem>,
    drugs: Vec<DrugAcc>,
    drug_index: FxHashMap<String, usize>,
    resolutions: Vec<Resolution<'c>>,
    /// Per resolution, per price source (input, catalog, estimated): the bulk-mode sums.
    buckets: Vec<[Bucket; 3]>,
    /// Bulk mode: `Some` while it lasts, holding the sums of all lines' *absolute*
    /// figures. Every aggregate (totals, by source, by kind, per drug, per category) is a
    /// sum of some lines' figures, so its magnitude is at most that bound, at a scale no
    /// larger than the largest seen. While the bound fits a `Decimal` exactly, every
    /// aggregate does too: a line can then be added to one bucket and the aggregates
    /// summed from the buckets at the end, with the same exact values and scales as
    /// adding each line to every aggregate. When a line would push the bound past what
    /// fits (sums near 7.9 × 10^28 units of the smallest scale), the aggregates are summed
    /// up to there and every later line takes the line-by-line path with its checks, so
    /// results and rejections are the same.
    bulk: Option<Bucket>,
    /// Drug name as written → the resolutions for it, by the rest of the key.
    resolution_index: FxHashMap<String, Vec<(ResolutionKey, usize)>>,
    /// A resolution whose product's award ended → the same drug without that product.
    after_award: HashMap<usize, usize>,
    categories: Vec<CategoryAcc>,
    category_index: FxHashMap<String, usize>,
    lines: Vec<PricedLine>,
    rejected: Vec<Problem>,
    warnings: Vec<Warning>,
    warned: HashSet<(String, String)>,
    /// The lines whose override (a match decision) was applied.
    overrides_used: std::collections::BTreeSet<u64>,
    /// Line warnings seen per code (listed or not).
    line_warnings: BTreeMap<String, u64>,
    rejected_rows: u64,
    last_rejected_line: Option<u64>,
    review_not_listed: u64,
    used_reference_prices: Vec<String>,
    input: InputInfo,
    /// Pricing one line at a time for a session (`session`): no sums are kept, a rule's
    /// notes and a resolution's warnings come with every line (the session keeps the
    /// first), and each warning given once is recorded with its key in `once_keys`.
    alone: bool,
    /// In `alone` mode: (index in `warnings`, key) of each warning given once per key.
    once_keys: Vec<(usize, String)>,
    /// In `alone` mode: the resolution the last line was priced by, if it got that far.
    last_resolution: Option<usize>,
    /// Review items counted as listed but not copied (a session's report without its lists).
    review_uncopied: usize,
    /// The same for rejected rows' problems.
    rejected_uncopied: usize,
}

impl<'c> Estimator<'c> {
    pub fn new(catalog: &'c Catalog, options: Options) -> Result<Self> {
        options.validate()?;
        Ok(Estimator {
            catalog,
            options,
            totals: SumsAcc::default(),
            by_source: [SumsAcc::default(); 3],
            by_kind: [SumsAcc::default(); 2],
            review: Vec::new(),
            drugs: Vec::new(),
            drug_index: FxHashMap::default(),
            resolutions: Vec::new(),
            buckets: Vec::new(),
            bulk: Some(Bucket::default()),
            resolution_index: FxHashMap::default(),
            after_award: HashMap::new(),
            categories: Vec::new(),
            category_index: FxHashMap::default(),
            lines: Vec::new(),
            rejected: Vec::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            overrides_used: Default::default(),
            line_warnings: BTreeMap::new(),
            rejected_rows: 0,
            last_rejected_line: None,
            review_not_listed: 0,
            used_reference_prices: Vec::new(),
            input: InputInfo::default(),
            alone: false,
            once_keys: Vec::new(),
            last_resolution: None,
            review_uncopied: 0,
            rejected_uncopied: 0,
        })
    }

    /// Lines counted so far.
    pub fn accepted(&self) -> u64 {
        self.totals.lines + self.bulk.map_or(0, |b| b.sums.lines)
    }

    /// Leaves bulk mode: sums the buckets into the aggregates (see `Estimator::bulk`).
    fn materialize(&mut self) -> Result<()> {
        if self.bulk.take().is_none() {
            return Ok(());
        }
        let est = source_index(PriceSource::Estimated);
        for (r, per_source) in self.buckets.iter_mut().enumerate() {
            let Some(res) = self.resolutions.get(r) else {
                continue;
            };
            let (d, c, ki) = (res.drug, res.category, kind_index(res.kind));
            for (si, b) in per_source.iter_mut().enumerate() {
                let b = std::mem::take(b);
                if b.sums.lines == 0 {
                    continue;
                }
                self.totals = self.totals.merge(&b.sums)?;
                self.by_source[si] = self.by_source[si].merge(&b.sums)?;
                self.by_kind[ki] = self.by_kind[ki].merge(&b.sums)?;
                if let Some(drug) = self.drugs.get_mut(d) {
                    drug.sums = drug.sums.merge(&b.sums)?;
                    drug.quantity = drug.quantity.plus(b.quantity.value())?;
                    if si == est {
                        drug.estimated_savings =
                            drug.estimated_savings.plus(b.sums.savings.value())?;
                    }
                }
                if let Some(cat) = self.categories.get_mut(c) {
                    cat.sums = cat.sums.merge(&b.sums)?;
                    if si == est {
                        cat.estimated_savings =
                            cat.estimated_savings.plus(b.sums.savings.value())?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds a line's figures in bulk mode; false when not in bulk mode (any more).
    fn add_to_bucket(&mut self, r: usize, si: usize, parts: &Parts) -> Result<bool> {
        let Some(bulk) = self.bulk else {
            return Ok(false);
        };
        let next = bulk
            .plus_parts(&parts.abs())
            .and_then(|bound| Some((bound, self.buckets.get(r)?.get(si)?.plus_parts(parts)?)));
        match next {
            Some((bound, bucket)) => {
                self.bulk = Some(bound);
                self.buckets[r][si] = bucket;
                Ok(true)
            }
            None => {
                self.materialize()?;
                Ok(false)
            }
        }
    }

    /// The running sums written into the summaries, with their rates.
    fn settle(&mut self) -> (Sums, BySource, ByKind) {
        if let Err(e) = self.materialize() {
            // cannot happen: every aggregate is bounded by the bulk bound, which fit
            self.push_warning(
                None,
                None,
                "internal",
                format!("the sums could not be completed: {}", e.message),
                format!("汇总未能完成：{}", e.message_zh),
            );
        }
        for d in &mut self.drugs {
            d.summary.sums = d.sums.sums();
            d.summary.quantity = d.quantity.value();
            d.summary.estimated_savings = d.estimated_savings.value();
        }
        for c in &mut self.categories {
            c.summary.sums = c.sums.sums();
            c.summary.estimated_savings = c.estimated_savings.value();
        }
        let [input, catalog, estimated] = self.by_source.map(|s| s.sums());
        let [drug, consumable] = self.by_kind.map(|s| s.sums());
        (
            self.totals.sums(),
            BySource {
                input,
                catalog,
                estimated,
            },
            ByKind { drug, consumable },
        )
    }

    /// Mutable access to what the importer records about the input.
    pub fn input_mut(&mut self) -> &mut InputInfo {
        &mut self.input
    }

    /// Records a row that could not be used.
    pub fn reject(&mut self, p: Problem) {
        if self.last_rejected_line != Some(p.line) {
            self.rejected_rows += 1;
            self.last_rejected_line = Some(p.line);
        }
        if self.rejected.len() + self.rejected_uncopied < MAX_LISTED_PROBLEMS {
            self.rejected.push(p);
        } else {
            *self
                .input
                .rejected_not_listed
                .entry(p.code.as_str().to_string())
                .or_default() += 1;
        }
    }

    /// [`Estimator::reject`] of a problem counted as listed but not copied (a session's
    /// report without its lists).
    fn reject_uncopied(&mut self, p: &Problem) {
        if self.last_rejected_line != Some(p.line) {
            self.rejected_rows += 1;
            self.last_rejected_line = Some(p.line);
        }
        if self.rejected.len() + self.rejected_uncopied < MAX_LISTED_PROBLEMS {
            self.rejected_uncopied += 1;
        } else {
            *self
                .input
                .rejected_not_listed
                .entry(p.code.as_str().to_string())
                .or_default() += 1;
        }
    }

    /// Records a warning.
    /// Warnings that point at single lines are listed up to [`MAX_LINE_WARNINGS_PER_CODE`]
    /// per code; the rest are counted and summarised at the end.
    pub fn warn(
        &mut self,
        line: Option<u64>,
        drug: Option<&str>,
        code: &str,
        en: String,
        zh: String,
    ) {
        if line.is_none() || self.line_warning_listed(code) {
            self.push_warning(line, drug, code, en, zh);
        }
    }

    /// Counts one more line warning of `code`; true while such warnings are still listed
    /// (so a caller can skip building the words of one that won't be).
    fn line_warning_listed(&mut self, code: &str) -> bool {
        let n = match self.line_warnings.get_mut(code) {
            Some(n) => n,
            None => self.line_warnings.entry(code.to_string()).or_default(),
        };
        *n += 1;
        *n <= MAX_LINE_WARNINGS_PER_CODE as u64
    }

    fn push_warning(
        &mut self,
        line: Option<u64>,
        drug: Option<&str>,
        code: &str,
        en: String,
        zh: String,
    ) {
        self.warnings.push(Warning {
            line,
            drug: drug.map(str::to_string),
            code: code.to_string(),
            message: en,
            message_zh: zh,
        });
    }

    fn warn_once(&mut self, key: &str, line: u64, drug: &str, code: &str, en: String, zh: String) {
        if self.warned.insert((code.to_string(), key.to_string())) {
            let at = self.warnings.len();
            self.warn(Some(line), Some(drug), code, en, zh);
            if self.alone && self.warnings.len() > at {
                self.once_keys.push((at, key.to_string()));
            }
        }
    }

    /// Prices, computes and accumulates one line. On an error nothing of the line is
    /// counted and its problem (the field concerned named) is returned for the caller to
    /// place in its file and record with [`Estimator::reject`].
    pub fn add(&mut self, line: UsageLine) -> std::result::Result<(), Problem> {
        self.add_ref(&line.borrowed())
    }

    /// [`Estimator::add`] for a line whose text is borrowed (nothing of it is copied
    /// unless the report keeps the line).
    pub fn add_ref(&mut self, line: &UsageLine<&str>) -> std::result::Result<(), Problem> {
        match self.try_add(line) {
            Ok(()) => Ok(()),
            Err((field, err)) => {
                let value = match field {
                    Some("quantity") => Some(line.quantity.to_string()),
                    Some("baseline_unit_price") => Some(line.baseline_unit_price.to_string()),
                    _ => None,
                };
                Err(Problem::new(line.line, field, value.as_deref(), err))
            }
        }
    }

    /// Works out what depends only on how a line names its item — the catalog match, the
    /// kind, the price rule for lines without a VBP price, the drug and the category —
    /// once per (name, specification, manufacturer, unit, kind, category) as written.
    /// Lines with an override are matched on their own.
    fn resolve(&mut self, line: &UsageLine<&str>) -> std::result::Result<usize, Error> {
        let override_word = self.options.overrides.get(&line.line).cloned();
        if override_word.is_some() {
            self.overrides_used.insert(line.line);
        }
        if override_word.is_none() {
            if let Some(list) = self.resolution_index.get(line.drug) {
                let key = (
                    line.specification,
                    line.manufacturer,
                    line.unit,
                    line.kind,
                    line.category,
                );
                if let Some(&(_, r)) = list.iter().find(|(k, _)| k.as_ref() == key) {
                    if self.alone {
                        // each line priced alone says what its first line would say
                        self.warn_not_in_catalog(r, line);
                    }
                    return Ok(r);
                }
            }
        }
        // a new way of naming an item (once per distinct name): the line's text copied
        let line = &line.to_owned_line();
        let m = matching::match_line(line, self.catalog, override_word.as_deref())?;
        let r = self.push_resolution(line, m, None);
        if override_word.is_none() {
            let key = (
                line.specification.clone(),
                line.manufacturer.clone(),
                line.unit.clone(),
                line.kind,
                line.category.clone(),
            );
            self.resolution_index
                .entry(line.drug.clone())
                .or_default()
                .push((ResolutionKey(key), r));
        }
        Ok(r)
    }

    /// Adds the resolution of a line named this way, matched as `m` (the rule, the drug,
    /// the category); `extra` is appended to the price basis (English, Chinese).
    fn push_resolution(
        &mut self,
        line: &UsageLine,
        m: matching::LineMatch<'c>,
        extra: Option<(String, String)>,
    ) -> usize {
        let catalog = self.catalog;
        let entry = m.entry;
        let kind = entry.map_or(line.kind, |e| e.kind);
        // no sourced average cut exists for consumables: they are never estimated at a drug batch's cut
        let no_cut = Fact {
            value: None,
            source: None,
            confidence: Confidence::Unknown,
            note: None,
            note_zh: None,
            value_zh: None,
        };
        let batch_cut = if kind == ItemKind::Consumable {
            &no_cut
        } else {
            &catalog.batch.average_price_cut
        };
        let rule = pricing::rule_matched(
            line,
            entry,
            m.product.map(|(_, p)| p),
            batch_cut,
            self.options.estimate_cut,
        )
        .map(|mut r| {
            if m.status == MatchStatus::Overridden {
                r.basis.push_str("; product chosen by your override");
                r.basis_zh.push_str("；人工指定");
            }
            if let Some((en, zh)) = &extra {
                r.basis.push_str(en);
                r.basis_zh.push_str(zh);
            }
            r
        })
        .map_err(|e| consumable_message(e, kind));

        // the drug and the category, created on first sight
        let (drug_key, drug_name, drug_en) = match entry {
            Some(e) => (
                e.id.clone(),
                e.generic_name_zh.clone(),
                Some(e.generic_name_en.clone()),
            ),
            None => (
                format!("name:{}", normalize_name(&line.drug)),
                line.drug.trim().to_string(),
                None,
            ),
        };
        let label = category_of(entry, line.category.as_deref(), kind);
        let category = match self.category_index.get(&label.key) {
            Some(&c) => c,
            None => {
                self.category_index
                    .insert(label.key.clone(), self.categories.len());
                self.categories.push(CategoryAcc {
                    summary: CategorySummary {
                        label: label.clone(),
                        drugs: 0,
                        sums: Sums::default(),
                        estimated_savings: Decimal::ZERO,
                    },
                    drugs: 0,
                    sums: SumsAcc::default(),
                    estimated_savings: Acc::default(),
                });
                self.categories.len() - 1
            }
        };
        let drug = match self.drug_index.get(&drug_key) {
            Some(&d) => d,
            None => {
                self.drug_index.insert(drug_key.clone(), self.drugs.len());
                self.drugs.push(DrugAcc {
                    summary: DrugSummary {
                        key: drug_key.clone(),
                        drug: drug_name.clone(),
                        drug_en,
                        catalog_id: entry.map(|e| e.id.clone()),
                        kind,
                        category: label.key.clone(),
                        quantity: Decimal::ZERO,
                        sums: Sums::default(),
                        estimated_savings: Decimal::ZERO,
                        price_sources: vec![],
                        estimated: false,
                    },
                    counted_in: Vec::new(),
                    sums: SumsAcc::default(),
                    quantity: Acc::default(),
                    estimated_savings: Acc::default(),
                });
                self.drugs.len() - 1
            }
        };
        let product_ref = m.product_ref();
        let template = Some(Box::new((
            DrugSummary {
                key: drug_key,
                drug: drug_name,
                drug_en: self.drugs[drug].summary.drug_en.clone(),
                catalog_id: entry.map(|e| e.id.clone()),
                kind,
                category: label.key.clone(),
                quantity: Decimal::ZERO,
                sums: Sums::default(),
                estimated_savings: Decimal::ZERO,
                price_sources: vec![],
                estimated: false,
            },
            label.clone(),
        )));
        self.resolutions.push(Resolution {
            m,
            kind,
            rule,
            drug,
            category,
            product_ref,
            category_key: label.key,
            notes_given: false,
            template,
        });
        self.buckets.push(Default::default());
        let r = self.resolutions.len() - 1;
        self.warn_not_in_catalog(r, line);
        r
    }

    /// The warning that a drug named on a line is not in the catalog (once per drug).
    fn warn_not_in_catalog<S: AsRef<str>>(&mut self, r: usize, line: &UsageLine<S>) {
        let res = &self.resolutions[r];
        if res.m.entry.is_some()
            || res.kind != ItemKind::Drug
            || res.m.status == MatchStatus::Overridden
        {
            return;
        }
        let summary = match &res.template {
            Some(t) => &t.0,
            None => &self.drugs[res.drug].summary,
        };
        let (drug_key, drug_name) = (summary.key.clone(), summary.drug.clone());
        let batch = self.catalog.batch.batch;
        self.warn_once(
            &drug_key,
            line.line,
            &drug_name,
            "not_in_catalog",
            format!(
                "'{}' is not in the batch-{} catalog (the public list is partial); without a VBP price on the line it is estimated",
                line.drug.as_ref().trim(),
                batch
            ),
            format!("“{}”不在第{}批目录中（公开名单不完整）；行内未给中选价时按估算计", line.drug.as_ref().trim(), batch),
        );
    }

    /// The resolution that prices `line`: `r`, or where the line is dated after the end of
    /// its product's award, the same drug without that product (the report says why).
    fn after_award(&mut self, r: usize, line: &UsageLine<&str>) -> usize {
        let Some(when) = line.date else { return r };
        let res = &self.resolutions[r];
        let (Some(entry), Some((_, product))) = (res.m.entry, res.m.product) else {
            return r;
        };
        let Some(end) = product.award_ended.as_ref() else {
            return r;
        };
        let ended = end.date.clone().unwrap_or_else(|| "?".into());
        let source = format!("{}, confidence {}", end.source, end.confidence.letter());
        let (company, drug) = (product.company.clone(), entry.generic_name_zh.clone());
        match end.ended_before(when) {
            Some(false) => r,
            None => {
                let key = format!("{company}:{}", when.month);
                self.warn_once(
                    &key,
                    line.line,
                    &drug,
                    "award_end_undecided",
                    format!("{company}'s award for this drug ended ({ended}; {source}); this line is dated {when}, which does not tell whether it was bought before or after: priced at the award, check the line's day"),
                    format!("{company}该品种的中选资格已终止（{ended}；来源：{source}）；本行日期为{when}，无法判断在其前后：仍按中选价计，请核对日期"),
                );
                r
            }
            Some(true) => {
                if self.line_warning_listed("award_ended") {
                    self.push_warning(
                        Some(line.line),
                        Some(&drug),
                        "award_ended",
                        format!("dated {when}, after {company}'s award for this drug ended on {ended} ({source}): not priced at that award"),
                        format!("日期{when}在{company}该品种中选资格终止（{ended}）之后（来源：{source}）：不按该中选价计"),
                    );
                }
                if let Some(&r2) = self.after_award.get(&r) {
                    return r2;
                }
                let res = &self.resolutions[r];
                let m = matching::LineMatch {
                    entry: Some(entry),
                    product: None,
                    status: res.m.status,
                    candidates: res.m.candidates.clone(),
                    reason: res.m.reason.clone(),
                    reason_zh: res.m.reason_zh.clone(),
                };
                let extra = (
                    format!("; {company}'s award ended on {ended} ({source}): this line, dated after it, is priced as a line of the drug without that product"),
                    format!("；{company}的中选资格于{ended}终止（来源：{source}）：本行日期在其后，按该药品未指定中选产品计"),
                );
                let r2 = self.push_resolution(&line.to_owned_line(), m, Some(extra));
                self.after_award.insert(r, r2);
                r2
            }
        }
    }

    fn try_add(
        &mut self,
        line: &UsageLine<&str>,
    ) -> std::result::Result<(), (Option<&'static str>, Error)> {
        let catalog = self.catalog;
        let r = self.resolve(line).map_err(|e| (Some("drug"), e))?;
        // the line's own VBP price is the truth; otherwise an award that ended before the
        // line's date does not price it
        let r = if line.vbp_unit_price.is_none() {
            self.after_award(r, line)
        } else {
            r
        };
        self.last_resolution = Some(r);
        let (price, source, basis, basis_zh, notes) = match line.vbp_unit_price {
            Some(p) => (p, PriceSource::Input, None, None, None),
            None => {
                let res = &mut self.resolutions[r];
                let rule = res
                    .rule
                    .as_ref()
                    .map_err(|e| (Some("vbp_unit_price"), e.clone()))?;
                let price = rule
                    .price(line.baseline_unit_price)
                    .map_err(|e| (None, e))?;
                let notes = ((!res.notes_given || self.alone) && !rule.notes.is_empty())
                    .then(|| rule.notes.clone());
                res.notes_given = true;
                // the words are copied only when the line itself is kept
                let keep = !self.options.omit_lines;
                (
                    price,
                    rule.source,
                    keep.then(|| rule.basis.clone()),
                    keep.then(|| rule.basis_zh.clone()),
                    notes,
                )
            }
        };
        let res = &self.resolutions[r];
        let (kind, d, c) = (res.kind, res.drug, res.category);
        // the figures as mantissas (bulk mode adds these); as `Decimal`s only where
        // something needs them (the line kept, an amount to check, after bulk mode)
        let decimal = || line_savings(line.quantity, line.baseline_unit_price, price);
        let (parts, mut figures) =
            match Parts::of_line(line.quantity, line.baseline_unit_price, price) {
                Some(p) => (p, None),
                None => {
                    let f = decimal().map_err(|e| (None, e))?;
                    (Parts::of_figures(&f, line.quantity), Some(f))
                }
            };
        if figures.is_none() && (line.amount.is_some() || !self.options.omit_lines) {
            figures = Some(decimal().map_err(|e| (None, e))?);
        }
        let estimated = source == PriceSource::Estimated;

        // every new sum first; commit only if all fit
        let fail = |e| (None, e);
        let (si, ki) = (source_index(source), kind_index(kind));
        if !self.alone && !self.add_to_bucket(r, si, &parts).map_err(fail)? {
            let f = match figures {
                Some(f) => f,
                None => decimal().map_err(fail)?,
            };
            self.add_to_aggregates(si, ki, d, c, estimated, &f, line.quantity)
                .map_err(fail)?;
        }
        let drug = &mut self.drugs[d].summary;
        drug.estimated |= estimated;
        if !drug.price_sources.contains(&source) {
            drug.price_sources.push(source);
            drug.price_sources.sort();
        }
        // the drug's names are copied only when a warning will need them
        let above_baseline = price > line.baseline_unit_price;
        let needs_names =
            notes.is_some() || line.batch.is_some() || above_baseline || line.amount.is_some();
        let (drug_key, drug_name) = if needs_names {
            (drug.key.clone(), drug.drug.clone())
        } else {
            (String::new(), String::new())
        };
        let newly_counted = !self.drugs[d].counted_in.contains(&c);
        if newly_counted {
            self.drugs[d].counted_in.push(c);
        }
        self.categories[c].drugs += u32::from(newly_counted);
        let res = &self.resolutions[r];
        // a line whose VBP price the input gave is priced by it: no catalog product to choose
        if res.m.status == MatchStatus::Uncertain && line.vbp_unit_price.is_none() {
            if self.review.len() < MAX_REVIEW_LINES {
                self.review
                    .push(ReviewItem::new(&line.to_owned_line(), &res.m));
            } else {
                self.review_not_listed += 1;
            }
        }
        let entry = res.m.entry;

        // notes and warnings
        for (code, en, zh) in notes.unwrap_or_default() {
            self.warn_once(&drug_key, line.line, &drug_name, code, en, zh);
        }
        if let Some(n) = line.batch.and_then(crate::catalog::batches::parse_batch) {
            if kind == ItemKind::Drug && n != catalog.batch.batch {
                self.warn_once(
                    &format!("batch:{n}"),
                    line.line,
                    &drug_name,
                    "other_batch",
                    format!("lines of batch {n} are estimated against the batch-{} catalog; use the programme view to estimate each batch against its own", catalog.batch.batch),
                    format!("第{n}批的行按第{}批目录测算；如需按各自批次测算，请使用多批次汇总（programme）", catalog.batch.batch),
                );
            }
        }
        if source == PriceSource::Catalog {
            if let Some(e) = entry {
                if e.reference_price.is_some()
                    && line.manufacturer.is_none()
                    && !self.used_reference_prices.contains(&e.id)
                {
                    self.used_reference_prices.push(e.id.clone());
                }
            }
        }
        if above_baseline && self.line_warning_listed("vbp_above_baseline") {
            self.push_warning(
                Some(line.line),
                Some(&drug_name),
                "vbp_above_baseline",
                format!(
                    "the VBP unit price {} is above the baseline unit price {}: this line costs more, not less (check the units)",
                    money::to_plain_string(price),
                    money::to_plain_string(line.baseline_unit_price)
                ),
                format!(
                    "中选单价{}高于集采前单价{}：该行支出增加（请核对单位）",
                    money::to_plain_string(price),
                    money::to_plain_string(line.baseline_unit_price)
                ),
            );
        }
        if let (Some(amount), Some(figures)) = (line.amount, figures) {
            if money::round_display(figures.baseline_spend) != money::round_display(amount)
                && self.line_warning_listed("amount_mismatch")
            {
                self.push_warning(
                    Some(line.line),
                    Some(&drug_name),
                    "amount_mismatch",
                    format!(
                        "the amount column says {} but quantity × baseline unit price is {}: the quantity and the price may be in different units (box vs smallest unit)",
                        money::format_amount(amount),
                        money::format_amount(figures.baseline_spend)
                    ),
                    format!(
                        "金额列为{}，而数量 × 集采前单价为{}：数量与单价的单位可能不一致（盒与最小单位）",
                        money::format_amount(amount),
                        money::format_amount(figures.baseline_spend)
                    ),
                );
            }
        }

        if let (false, Some(figures)) = (self.options.omit_lines, figures) {
            self.lines.push(PricedLine {
                line: line.line,
                drug: line.drug.trim().to_string(),
                catalog_id: entry.map(|e| e.id.clone()),
                kind,
                product: self.resolutions[r].product_ref.clone(),
                match_status: Some(self.resolutions[r].m.status),
                category: self.resolutions[r].category_key.clone(),
                manufacturer: line.manufacturer.map(str::to_string),
                unit: line.unit.map(str::to_string),
                quantity: line.quantity,
                baseline_unit_price: line.baseline_unit_price,
                vbp_unit_price: price,
                baseline_spend: figures.baseline_spend,
                vbp_spend: figures.vbp_spend,
                savings: figures.savings,
                savings_rate: savings_rate(figures.savings, figures.baseline_spend),
                price_source: source,
                price_basis: basis.unwrap_or_else(|| pricing::INPUT_BASIS.into()),
                price_basis_zh: basis_zh.unwrap_or_else(|| pricing::INPUT_BASIS_ZH.into()),
            });
        }
        Ok(())
    }

    /// Adds a line's figures to every aggregate it belongs to, after bulk mode: every new
    /// sum first, committed only if all fit.
    #[allow(clippy::too_many_arguments)]
    fn add_to_aggregates(
        &mut self,
        si: usize,
        ki: usize,
        d: usize,
        c: usize,
        estimated: bool,
        f: &crate::estimate::savings::LineFigures,
        quantity: Decimal,
    ) -> Result<()> {
        let new_totals = self.totals.plus(f)?;
        let new_source = self.by_source[si].plus(f)?;
        let new_kind = self.by_kind[ki].plus(f)?;
        let drug = &self.drugs[d];
        let new_drug_sums = drug.sums.plus(f)?;
        let new_quantity = drug.quantity.plus(quantity)?;
        let new_drug_est = if estimated {
            drug.estimated_savings.plus(f.savings)?
        } else {
            drug.estimated_savings
        };
        let cat = &self.categories[c];
        let new_cat_sums = cat.sums.plus(f)?;
        let new_cat_est = if estimated {
            cat.estimated_savings.plus(f.savings)?
        } else {
            cat.estimated_savings
        };

        self.totals = new_totals;
        self.by_source[si] = new_source;
        self.by_kind[ki] = new_kind;
        let drug = &mut self.drugs[d];
        drug.sums = new_drug_sums;
        drug.quantity = new_quantity;
        drug.estimated_savings = new_drug_est;
        let cat = &mut self.categories[c];
        cat.sums = new_cat_sums;
        cat.estimated_savings = new_cat_est;
        Ok(())
    }

    /// Finishes the report: rates, averages, ranking, formulas and assumptions.
    pub fn finish(mut self) -> Estimate {
        // a decision for a line that was not priced (no such line, or the row was rejected) did nothing: say so
        let unused: Vec<u64> = self
            .options
            .overrides
            .keys()
            .filter(|l| !self.overrides_used.contains(l))
            .copied()
            .collect();
        for l in unused {
            self.warnings.push(Warning {
                line: Some(l),
                drug: None,
                code: "override_not_applied".into(),
                message: format!("the match decision for line {l} was not applied: no line {l} was priced (there is no such line, or it was rejected)"),
                message_zh: format!("第{l}行的匹配决定未生效：没有可计价的第{l}行（该行不存在或已被拒绝）"),
            });
        }
        let (totals, by_source, by_kind) = self.settle();
        let batch = &self.catalog.batch;
        // per-drug rates and averages
        let mut all_cuts = Vec::new();
        let mut known_cuts = Vec::new();
        let mut known = Sums::default();
        let mut excluded = Vec::new();
        // a drug (or category) whose every line was rejected is not part of the result
        self.drugs.retain(|d| d.summary.sums.lines > 0);
        for d in &mut self.drugs {
            d.summary.sums = d.summary.sums.with_rate();
            if d.summary.quantity.is_sign_negative() && !d.summary.quantity.is_zero() {
                let (name, key) = (d.summary.drug.clone(), d.summary.key.clone());
                if self.warned.insert(("net_negative_quantity".into(), key)) {
                    self.warnings.push(Warning {
                        line: None,
                        drug: Some(name.clone()),
                        code: "net_negative_quantity".into(),
                        message: format!(
                            "{name}: returns exceed purchases in this input (net quantity {})",
                            d.summary.quantity
                        ),
                        message_zh: format!(
                            "{name}：本次输入中退药多于购入（净数量{}）",
                            d.summary.quantity
                        ),
                    });
                }
            }
            if d.summary.sums.baseline_spend > Decimal::ZERO {
                if let Some(rate) = d.summary.sums.savings_rate {
                    all_cuts.push(rate);
                    if !d.summary.estimated {
                        known_cuts.push(rate);
                        known.baseline_spend =
                            add(known.baseline_spend, d.summary.sums.baseline_spend)
                                .unwrap_or(known.baseline_spend);
                        known.savings =
                            add(known.savings, d.summary.sums.savings).unwrap_or(known.savings);
                    }
                }
            } else {
                excluded.push(d.summary.drug.clone());
            }
        }
        if !self.review.is_empty() || self.review_uncopied > 0 {
            let n = self.review.len() + self.review_uncopied;
            self.warnings.push(Warning {
                line: None,
                drug: None,
                code: "needs_review".into(),
                message: format!("{n} line(s) could not be matched to one catalog product with certainty; they are not priced from the catalog until you choose (see review)"),
                message_zh: format!("{n}行无法确定对应的目录产品，在您确认前不采用目录价（见待核对列表）"),
            });
        }

        let mut by_drug: Vec<DrugSummary> = self.drugs.into_iter().map(|d| d.summary).collect();
        by_drug.sort_by(|a, b| {
            b.sums
                .savings
                .cmp(&a.sums.savings)
                .then_with(|| a.drug.cmp(&b.drug))
        });
        let mut by_category: Vec<CategorySummary> = self
            .categories
            .into_iter()
            .filter(|c| c.summary.sums.lines > 0)
            .map(|c| {
                let mut s = c.summary;
                s.drugs = c.drugs;
                s.sums = s.sums.with_rate();
                s
            })
            .collect();
        by_category.sort_by(|a, b| {
            b.sums
                .savings
                .cmp(&a.sums.savings)
                .then_with(|| a.label.key.cmp(&b.label.key))
        });

        let price_cut = PriceCutComparison {
            headline: batch.average_price_cut.value,
            headline_source: batch.average_price_cut.source.clone(),
            all_drugs: CutSummary {
                drugs: all_cuts.len() as u32,
                simple_average: simple_average(&all_cuts),
                spend_weighted: if all_cuts.is_empty() {
                    None
                } else {
                    totals.savings_rate
                },
            },
            known_prices_only: CutSummary {
                drugs: known_cuts.len() as u32,
                simple_average: simple_average(&known_cuts),
                spend_weighted: savings_rate(known.savings, known.baseline_spend),
            },
            excluded_drugs: excluded,
        };

        let mut assumptions = vec![
            Note {
                code: "baseline_choice".into(),
                en: "The baseline unit price is the one in your input (your hospital's pre-VBP purchase price, the provincial listed price or the ceiling price: your choice); savings are measured against it.".into(),
                zh: "集采前单价取自您的输入（本院集采前采购价、省级挂网价或最高有效申报价，由您选择）；节约额以此为基准。".into(),
            },
            Note {
                code: "same_units".into(),
                en: "On each line the quantity and the unit prices are in the same unit; catalog prices are per smallest unit (capsule, tablet, vial) and are used only when the line's unit is that unit or not stated.".into(),
                zh: "每行的数量与单价须为同一计量单位；目录价按最小单位（粒、片、支）计，仅在该行单位相同或未注明时采用。".into(),
            },
            Note {
                code: "returns_net".into(),
                en: "Negative quantities are returns and net against purchases of the same drug.".into(),
                zh: "负数量为退药，与同一药品的购入相抵。".into(),
            },
        ];
        if by_kind.consumable.lines > 0 {
            assumptions.push(Note {
                code: "consumables".into(),
                en: "High-value consumables (高值医用耗材) are counted per piece and grouped by device type; no sourced average cut exists for them here, so their VBP prices come from the line or an imported catalog (or the estimate cut you set), never from a drug batch's average.".into(),
                zh: "高值医用耗材按“个/件”计，按器械类别分组；本工具没有耗材平均降幅的来源数据，其中选价取自行内或导入的目录（或您设定的估算降幅），不套用药品批次的平均降幅。".into(),
            });
        }
        if by_source.estimated.lines > 0 {
            let cut = self.options.estimate_cut.or(batch.average_price_cut.value);
            let pct = cut.map(money::percent_text).unwrap_or_else(|| "?".into());
            assumptions.push(Note {
                code: "estimated_prices".into(),
                en: format!(
                    "{} line(s) have no known VBP price and are estimated from an average cut (the drug's own where a source gives it, else {pct}%: VBP price = baseline × (1 − cut)). Estimated figures are shown apart from known ones.",
                    by_source.estimated.lines
                ),
                zh: format!(
                    "{}行没有已知中选价，按平均降幅估算（有来源的按该药品自身降幅，否则按{pct}%：中选价 = 集采前单价 ×（1 − 降幅））。估算数与已知价格分列显示。",
                    by_source.estimated.lines
                ),
            });
        }
        for id in &self.used_reference_prices {
            if let Some(e) = self.catalog.get(id) {
                if let Some(f) = &e.reference_price {
                    assumptions.push(Note {
                        code: format!("reference_price:{id}"),
                        en: format!(
                            "{}: lines without a manufacturer use {} yuan per {} ({}).",
                            e.generic_name_en,
                            f.value.map(money::to_plain_string).unwrap_or_default(),
                            e.unit.as_deref().unwrap_or("unit"),
                            f.note.as_deref().unwrap_or("")
                        ),
                        zh: format!(
                            "{}：未注明生产企业的行按每{}{}元计（国家医保局公布的中选均价；您所用企业的实际价格可能不同）。",
                            e.generic_name_zh,
                            pricing::unit_zh(e.unit.as_deref().unwrap_or("")),
                            f.value.map(money::to_plain_string).unwrap_or_default()
                        ),
                    });
                }
            }
        }
        let formulas = vec![
            Note {
                code: "baseline_spend".into(),
                en: "baseline spend = quantity × baseline unit price".into(),
                zh: "集采前金额 = 数量 × 集采前单价".into(),
            },
            Note {
                code: "vbp_spend".into(),
                en: "VBP spend = quantity × VBP unit price".into(),
                zh: "集采后金额 = 数量 × 中选单价".into(),
            },
            Note {
                code: "savings".into(),
                en: "savings = baseline spend − VBP spend".into(),
                zh: "节约额 = 集采前金额 − 集采后金额".into(),
            },
            Note {
                code: "savings_rate".into(),
                en: "savings rate = savings ÷ baseline spend (for one drug: its price cut)".into(),
                zh: "节约率 = 节约额 ÷ 集采前金额（单个药品即其降价幅度）".into(),
            },
            Note {
                code: "simple_average".into(),
                en: "simple average cut = mean of the per-drug price cuts, each drug counting once"
                    .into(),
                zh: "简单平均降幅 = 各药品降价幅度的算术平均，每个药品权重相同".into(),
            },
            Note {
                code: "spend_weighted".into(),
                en: "spend-weighted cut = total savings ÷ total baseline spend".into(),
                zh: "金额加权降幅 = 节约总额 ÷ 集采前总金额".into(),
            },
            Note {
                code: "estimated_vbp_price".into(),
                en: "estimated VBP unit price = baseline unit price × (1 − average cut)".into(),
                zh: "估算中选单价 = 集采前单价 ×（1 − 平均降幅）".into(),
            },
        ];
        self.input.accepted = totals.lines;
        self.input.rejected = self.rejected_rows;
        if self.input.header_line.is_some() && self.input.rows == 0 {
            self.warnings.push(Warning {
                line: None,
                drug: None,
                code: "no_data_rows".into(),
                message: "the file has a header but no data rows below it".into(),
                message_zh: "文件只有表头，下面没有数据行".into(),
            });
        }
        for (code, n) in &self.line_warnings {
            let more = n.saturating_sub(MAX_LINE_WARNINGS_PER_CODE as u64);
            if more > 0 {
                self.warnings.push(Warning {
                    line: None,
                    drug: None,
                    code: code.clone(),
                    message: format!("{more} more line(s) with the warning {code} are not listed (the first {MAX_LINE_WARNINGS_PER_CODE} are)"),
                    message_zh: format!("另有{more}行有“{code}”提示未逐行列出（已列出前{MAX_LINE_WARNINGS_PER_CODE}行）"),
                });
            }
        }
        if self.review_not_listed > 0 {
            let more = self.review_not_listed;
            self.warnings.push(Warning {
                line: None,
                drug: None,
                code: "needs_review".into(),
                message: format!("{more} more line(s) to review are not listed (the first {MAX_REVIEW_LINES} are); give their manufacturer or a catalog to match them"),
                message_zh: format!("另有{more}行待核对未列出（已列出前{MAX_REVIEW_LINES}行）；请补充生产企业或导入目录以便匹配"),
            });
        }
        if !self.input.rejected_not_listed.is_empty() {
            let more: u64 = self.input.rejected_not_listed.values().sum();
            self.warnings.push(Warning {
                line: None,
                drug: None,
                code: "rejected_not_listed".into(),
                message: format!("{more} more problem(s) in rejected rows are counted by code in input.rejected_not_listed, not listed one by one (the first {MAX_LISTED_PROBLEMS} are)"),
                message_zh: format!("被拒绝行中另有{more}个问题按代码计数（见 input.rejected_not_listed），未逐条列出（已列出前{MAX_LISTED_PROBLEMS}条）"),
            });
        }
        Estimate {
            schema: ESTIMATE_SCHEMA.into(),
            batch: batch.batch,
            rounding: Rounding {
                rule: ROUNDING_RULE_EN.into(),
                rule_zh: ROUNDING_RULE_ZH.into(),
                display_dp: money::DISPLAY_DP,
                rate_dp: money::RATE_DP,
            },
            totals,
            by_price_source: by_source,
            by_kind,
            price_cut,
            by_drug,
            by_category,
            lines: self.lines,
            rejected: self.rejected,
            review: self.review,
            warnings: self.warnings,
            formulas,
            assumptions,
            input: self.input,
        }
    }
}

/// The estimator as a reader's sink: a line it cannot count goes back to the reader,
/// which places it (column, header) and records it here.
impl LineSink for Estimator<'_> {
    fn add_line_ref(&mut self, line: &UsageLine<&str>) -> std::result::Result<(), Problem> {
        self.add_ref(line)
    }
    fn add_line(&mut self, line: UsageLine) -> std::result::Result<(), Problem> {
        self.add(line)
    }
    fn reject(&mut self, problem: Problem) {
        Estimator::reject(self, problem)
    }
    fn warn(&mut self, line: u64, code: &str, en: String, zh: String) {
        Estimator::warn(self, Some(line), None, code, en, zh)
    }
}

fn source_index(s: PriceSource) -> usize {
    match s {
        PriceSource::Input => 0,
        PriceSource::Catalog => 1,
        PriceSource::Estimated => 2,
    }
}

fn kind_index(k: ItemKind) -> usize {
    match k {
        ItemKind::Drug => 0,
        ItemKind::Consumable => 1,
    }
}

fn category_of(
    entry: Option<&Entry>,
    line_category: Option<&str>,
    kind: ItemKind,
) -> CategoryLabel {
    if let Some(e) = entry {
        if let (Some(key), Some(zh), Some(en)) = (&e.category.key, &e.category.zh, &e.category.en) {
            return CategoryLabel {
                key: key.clone(),
                zh: zh.clone(),
                en: en.clone(),
            };
        }
    }
    let consumable = kind == ItemKind::Consumable;
    if let Some(c) = line_category.map(str::trim).filter(|c| !c.is_empty()) {
        // a consumable's category is its device type (冠脉支架, 人工关节 …)
        let prefix = if consumable { "device" } else { "text" };
        return CategoryLabel {
            key: format!("{prefix}:{}", normalize_name(c)),
            zh: c.to_string(),
            en: c.to_string(),
        };
    }
    if consumable {
        return CategoryLabel {
            key: "device:uncategorized".into(),
            zh: "未分类耗材".into(),
            en: "Uncategorized consumables".into(),
        };
    }
    CategoryLabel {
        key: "uncategorized".into(),
        zh: "未分类".into(),
        en: "Uncategorized".into(),
    }
}

/// The no-price error in words that fit a consumable.
fn consumable_message(e: Error, kind: ItemKind) -> Error {
    if kind == ItemKind::Consumable && e.code == ErrorCode::NoVbpPrice {
        return Error::new(
            ErrorCode::NoVbpPrice,
            "a consumable without a VBP price: give the VBP unit price (中选单价) on the line, import a catalog with it, or set an estimate cut",
            "耗材未给出中选价：请在行内填写中选单价、导入含该耗材的目录，或设定估算降幅",
        );
    }
    e
}

/// Bulk mode (one bucket per line, aggregates summed at the end) against the
/// line-by-line path (every aggregate checked per line): the same report, always.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod bulk_tests {
    use super::*;
    use crate::line::{parse_line, LineInput};
    use proptest::prelude::*;

    fn run(lines: &[LineInput], bulk: bool) -> Estimate {
        let catalog = crate::catalog::batch7().unwrap();
        let mut est = Estimator::new(catalog, Options::default()).unwrap();
        if !bulk {
            est.bulk = None;
        }
        for (i, l) in lines.iter().enumerate() {
            match parse_line(i as u64 + 2, l) {
                Ok(line) => {
                    if let Err(p) = est.add(line) {
                        est.reject(p);
                    }
                }
                Err(ps) => ps.into_iter().for_each(|p| est.reject(p)),
            }
        }
        est.finish()
    }

    use crate::line::test_line as line;

    #[test]
    fn sums_near_the_limit_leave_bulk_mode_with_the_same_result() {
        // 4 × 10^28 and its return: the bound of absolute values (8 × 10^28) no longer
        // fits, the totals (0) still do; then 5 × 10^28 fits, and one more does not
        let lines = [
            line(
                "甲磺酸仑伐替尼胶囊",
                "40000000000000000000000000000",
                "1",
                Some("0"),
            ),
            line("某院内药品", "2", "3", Some("1")),
            line(
                "甲磺酸仑伐替尼胶囊",
                "-40000000000000000000000000000",
                "1",
                Some("0"),
            ),
            line(
                "某院内药品",
                "50000000000000000000000000000",
                "1",
                Some("1"),
            ),
            line(
                "某院内药品",
                "50000000000000000000000000000",
                "1",
                Some("1"),
            ),
            line("依折麦布片", "3", "2", Some("1")),
        ];
        let bulk = run(&lines, true);
        assert_eq!(bulk, run(&lines, false));
        assert_eq!(bulk.rejected.len(), 1, "{:?}", bulk.rejected);
        assert_eq!(bulk.rejected[0].line, 6);
        assert_eq!(bulk.rejected[0].code, ErrorCode::Overflow);
        assert_eq!(bulk.totals.lines, 5);
        assert_eq!(
            bulk.totals.baseline_spend.to_string(),
            "50000000000000000000000000012"
        );
        assert_eq!(bulk.totals.savings.to_string(), "7");
    }

    fn amount() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => (-2_000_000i64..200_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s).to_string()),
            1 => (1i64..=9, 24u32..=28).prop_map(|(m, e)| format!("{m}{}", "0".repeat(e as usize))),
            1 => (1i64..=9, 24u32..=28).prop_map(|(m, e)| format!("-{m}{}", "0".repeat(e as usize))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn bulk_mode_equals_line_by_line(
            rows in prop::collection::vec(
                (prop::sample::select(&["甲磺酸仑伐替尼胶囊", "依折麦布片", "某院内药品", "另一院内药品", "合计"][..]),
                 amount(), amount(), prop::option::of(amount())),
                0..30)
        ) {
            let lines: Vec<LineInput> = rows.iter().map(|(d, q, b, v)| line(d, q, b, v.as_deref())).collect();
            prop_assert_eq!(run(&lines, true), run(&lines, false));
        }

        /// The bulk path's figures (mantissas, no `Decimal` built) against `line_savings`,
        /// the general path: where the fast one answers, the same mantissas and scales.
        #[test]
        fn a_lines_parts_are_its_figures(q in amount(), b in amount(), v in amount()) {
            use std::str::FromStr;
            let (Ok(q), Ok(b), Ok(v)) = (Decimal::from_str(&q), Decimal::from_str(&b), Decimal::from_str(&v)) else {
                return Ok(()); // 10^28 and more: not a Decimal
            };
            let parts = |d: Decimal| (d.mantissa(), d.scale());
            match (Parts::of_line(q, b, v), line_savings(q, b, v)) {
                (Some(p), Ok(f)) => {
                    prop_assert_eq!(p.baseline, parts(f.baseline_spend));
                    prop_assert_eq!(p.vbp, parts(f.vbp_spend));
                    prop_assert_eq!(p.savings, parts(f.savings));
                    prop_assert_eq!(p.quantity, parts(q));
                }
                (Some(p), Err(e)) => prop_assert!(false, "fast path {:?}, general path {:?}", p, e),
                (None, _) => {}
            }
        }
    }
}

#[cfg(test)]
mod cut_and_review_tests {
    use super::*;
    use crate::line::LineInput;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_cut_reads_as_a_fraction_or_a_percentage() {
        for (text, want) in [
            ("0.48", "0.48"),
            ("48%", "0.48"),
            (" 48 % ", "0.48"),
            ("４８％", "0.48"),
            ("48.5%", "0.485"),
            ("0%", "0"),
            ("100%", "1"),
            ("1", "1"),
            (".5", "0.5"),
        ] {
            assert_eq!(parse_cut(text).unwrap(), Some(d(want)), "{text}");
        }
        assert_eq!(parse_cut("").unwrap(), None);
        assert_eq!(parse_cut("  ").unwrap(), None);
        // 48 without a percent sign is not guessed to mean 48%; neither is 148%
        for text in ["48", "148%", "-5%", "-0.1"] {
            let e = parse_cut(text).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{text}");
            assert!(
                e.message.contains("48%") && e.message_zh.contains("48%"),
                "{text}"
            );
        }
        for text in ["%", "abc%", "0,48", "48%%", "4 8%"] {
            assert_eq!(
                parse_cut(text).unwrap_err().code,
                ErrorCode::BadNumber,
                "{text}"
            );
        }
    }

    fn priced(vbp: Option<&str>) -> LineInput {
        LineInput {
            drug: Some("磷酸奥司他韦胶囊".into()),
            quantity: Some("100".into()),
            baseline_unit_price: Some("6.45".into()),
            vbp_unit_price: vbp.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn a_line_whose_price_the_input_gave_is_not_asked_about() {
        // no manufacturer where two winners exist: the line is asked about …
        let r = crate::estimate(&[priced(None)], &Options::default()).unwrap();
        assert_eq!(r.review.iter().map(|i| i.line).collect::<Vec<_>>(), vec![1]);
        assert!(r.warnings.iter().any(|w| w.code == "needs_review"));
        // … unless its VBP price is given: the price is the input's, nothing to choose
        let r = crate::estimate(&[priced(Some("0.9")), priced(None)], &Options::default()).unwrap();
        assert_eq!(r.review.iter().map(|i| i.line).collect::<Vec<_>>(), vec![2]);
        assert_eq!(r.lines[0].price_source, PriceSource::Input);
        let r = crate::estimate(&[priced(Some("0.9"))], &Options::default()).unwrap();
        assert!(r.review.is_empty());
        assert!(r.warnings.iter().all(|w| w.code != "needs_review"));
    }
}
