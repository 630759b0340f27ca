//! The estimate: usage lines in, a report out — per line, per drug, per
//! therapeutic category and in total, with rejected rows, warnings, formulas and
//! assumptions. [`Estimator`] accumulates line by line, so a caller can stream rows.

use crate::catalog::{Catalog, Entry};
use crate::error::{Error, ErrorCode, Result};
use crate::item::normalize_name;
use crate::money::{self, add, ROUNDING_RULE_EN, ROUNDING_RULE_ZH};
use crate::pricing::{self, PriceRule, PriceSource};
use crate::savings::{line_savings, savings_rate, simple_average};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Schema tag of the report.
pub const ESTIMATE_SCHEMA: &str = "vbp-savings/estimate@1";

/// One usage line, its cells already read as numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UsageLine {
    /// 1-based line number in the file (the header is line 1), or 1-based index for object input.
    pub line: u64,
    pub drug: String,
    /// Negative for returns (退药).
    pub quantity: Decimal,
    pub baseline_unit_price: Decimal,
    pub vbp_unit_price: Option<Decimal>,
    pub manufacturer: Option<String>,
    pub unit: Option<String>,
    pub specification: Option<String>,
    pub category: Option<String>,
    /// The amount column (金额), when present: checked against quantity × baseline price.
    pub amount: Option<Decimal>,
}

/// A row that could not be used: where, which stable code, and why in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: u64,
    /// 1-based column in the file; `null` for object input or a whole-row problem.
    pub column: Option<u32>,
    /// The header text of that column, as in the file.
    pub header: Option<String>,
    /// The field (`drug`, `quantity`, `baseline_unit_price`, …) concerned, if one.
    pub field: Option<String>,
    pub code: ErrorCode,
    pub message: String,
    pub message_zh: String,
    /// The offending cell text (cut to 100 characters).
    pub value: Option<String>,
}

impl Problem {
    pub fn new(line: u64, field: Option<&str>, value: Option<&str>, err: Error) -> Self {
        Problem {
            line,
            column: None,
            header: None,
            field: field.map(str::to_string),
            code: err.code,
            message: err.message,
            message_zh: err.message_zh,
            value: value.map(|v| v.chars().take(100).collect()),
        }
    }
}

/// Something the user should know that does not stop a row from counting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub line: Option<u64>,
    pub drug: Option<String>,
    pub code: String,
    pub message: String,
    pub message_zh: String,
}

/// A formula or an assumption, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub code: String,
    pub en: String,
    pub zh: String,
}

/// Options of an estimate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Average cut to estimate missing VBP prices with, instead of the batch's (fraction, 0 ≤ cut ≤ 1).
    #[serde(default, with = "money::serde_str::option", skip_serializing_if = "Option::is_none")]
    pub estimate_cut: Option<Decimal>,
    /// Leave the per-line list out of the report (aggregates only), for very large inputs.
    #[serde(default)]
    pub omit_lines: bool,
}

impl Options {
    /// Checks the options: a cut must lie in [0, 1].
    pub fn validate(&self) -> Result<()> {
        if let Some(c) = self.estimate_cut {
            if c.is_sign_negative() || c > Decimal::ONE {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    format!("estimate_cut must be a fraction between 0 and 1 (0.48 = 48%), not {c}"),
                    format!("估算降幅须为0到1之间的小数（0.48即48%），而不是{c}"),
                ));
            }
        }
        Ok(())
    }
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
    fn plus(&self, f: &crate::savings::LineFigures) -> Result<Sums> {
        let baseline_spend = add(self.baseline_spend, f.baseline_spend)?;
        let savings = add(self.savings, f.savings)?;
        Ok(Sums {
            lines: self.lines + 1,
            baseline_spend,
            vbp_spend: add(self.vbp_spend, f.vbp_spend)?,
            savings,
            savings_rate: None,
        })
    }
    fn with_rate(mut self) -> Sums {
        self.savings_rate = savings_rate(self.savings, self.baseline_spend);
        self
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
    fn get_mut(&mut self, s: PriceSource) -> &mut Sums {
        match s {
            PriceSource::Input => &mut self.input,
            PriceSource::Catalog => &mut self.catalog,
            PriceSource::Estimated => &mut self.estimated,
        }
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
    pub price_basis: Arc<str>,
    pub price_basis_zh: Arc<str>,
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

/// What was read and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// `csv` or `lines`.
    pub kind: String,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub header_line: Option<u64>,
    /// How each recognised column was read.
    pub columns: Vec<ColumnUse>,
    /// Header cells that were not used.
    pub ignored_columns: Vec<String>,
    /// Data rows seen (blank lines not counted).
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub blank_lines: u64,
    /// Lines above the header (titles), not read as data.
    pub lines_before_header: u64,
}

/// One recognised column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnUse {
    pub column: u32,
    pub header: String,
    pub field: String,
    /// Set when reading this header as this field is an assumption worth stating.
    pub note: Option<String>,
    pub note_zh: Option<String>,
}

/// The whole report. Amounts are exact decimal strings in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    pub schema: String,
    pub batch: u32,
    pub rounding: Rounding,
    pub totals: Sums,
    pub by_price_source: BySource,
    pub price_cut: PriceCutComparison,
    pub by_drug: Vec<DrugSummary>,
    pub by_category: Vec<CategorySummary>,
    pub lines: Vec<PricedLine>,
    pub rejected: Vec<Problem>,
    pub warnings: Vec<Warning>,
    pub formulas: Vec<Note>,
    pub assumptions: Vec<Note>,
    pub input: InputInfo,
}

struct DrugAcc<'c> {
    summary: DrugSummary,
    entry: Option<&'c Entry>,
    /// Index into the categories.
    category: usize,
    /// Price rules for lines that give no VBP price, per (manufacturer, unit) as written.
    rules: Vec<(Option<String>, Option<String>, std::result::Result<Arc<PriceRule>, Error>)>,
}

struct CategoryAcc {
    summary: CategorySummary,
}

/// Accumulates usage lines into an [`Estimate`].
///
/// What depends only on a drug name, or on a drug with a manufacturer and a unit
/// (the catalog match, the category, the price rule and its explanation), is worked
/// out once and kept; each line then costs a lookup and exact arithmetic.
pub struct Estimator<'c> {
    catalog: &'c Catalog,
    options: Options,
    totals: Sums,
    by_source: BySource,
    drugs: Vec<DrugAcc<'c>>,
    /// Drug name as written (trimmed) → index into `drugs`.
    names: HashMap<String, usize>,
    /// Drug key (catalog id or `name:…`) → index into `drugs`.
    drug_index: HashMap<String, usize>,
    categories: Vec<CategoryAcc>,
    category_index: HashMap<String, usize>,
    lines: Vec<PricedLine>,
    rejected: Vec<Problem>,
    warnings: Vec<Warning>,
    warned: HashSet<(String, String)>,
    used_reference_prices: Vec<String>,
    input: InputInfo,
    input_basis: (Arc<str>, Arc<str>),
}

impl<'c> Estimator<'c> {
    pub fn new(catalog: &'c Catalog, options: Options) -> Result<Self> {
        options.validate()?;
        Ok(Estimator {
            catalog,
            options,
            totals: Sums::default(),
            by_source: BySource::default(),
            drugs: Vec::new(),
            names: HashMap::new(),
            drug_index: HashMap::new(),
            categories: Vec::new(),
            category_index: HashMap::new(),
            lines: Vec::new(),
            rejected: Vec::new(),
            warnings: Vec::new(),
            warned: HashSet::new(),
            used_reference_prices: Vec::new(),
            input: InputInfo::default(),
            input_basis: (Arc::from(pricing::INPUT_BASIS), Arc::from(pricing::INPUT_BASIS_ZH)),
        })
    }

    /// Mutable access to what the importer records about the input.
    pub fn input_mut(&mut self) -> &mut InputInfo {
        &mut self.input
    }

    /// Records a row that could not be used.
    pub fn reject(&mut self, p: Problem) {
        self.rejected.push(p);
    }

    /// Lets the importer add the column of the problem just recorded by [`Estimator::add`].
    pub fn locate_last_rejected(&mut self, f: impl FnOnce(&mut Problem)) {
        if let Some(p) = self.rejected.last_mut() {
            f(p);
        }
    }

    /// Records a warning.
    pub fn warn(&mut self, line: Option<u64>, drug: Option<&str>, code: &str, en: String, zh: String) {
        self.warnings.push(Warning { line, drug: drug.map(str::to_string), code: code.to_string(), message: en, message_zh: zh });
    }

    fn warn_once(&mut self, key: &str, line: u64, drug: &str, code: &str, en: String, zh: String) {
        if self.warned.insert((code.to_string(), key.to_string())) {
            self.warn(Some(line), Some(drug), code, en, zh);
        }
    }

    /// Prices, computes and accumulates one line. On an error the line is recorded
    /// in `rejected` (with the field concerned) and nothing of it is counted.
    pub fn add(&mut self, line: UsageLine) -> std::result::Result<(), ()> {
        match self.try_add(&line) {
            Ok(()) => Ok(()),
            Err((field, err)) => {
                let value = match field {
                    Some("quantity") => Some(line.quantity.to_string()),
                    Some("baseline_unit_price") => Some(line.baseline_unit_price.to_string()),
                    _ => None,
                };
                self.rejected.push(Problem::new(line.line, field, value.as_deref(), err));
                Err(())
            }
        }
    }

    /// The drug a name refers to, created (with its category) on first sight.
    fn drug_for(&mut self, name: &str, line: &UsageLine) -> usize {
        let name = name.trim();
        if let Some(&d) = self.names.get(name) {
            return d;
        }
        let catalog = self.catalog;
        let entry = catalog.find(name);
        let (key, display, en) = match entry {
            Some(e) => (e.id.clone(), e.generic_name_zh.clone(), Some(e.generic_name_en.clone())),
            None => (format!("name:{}", normalize_name(name)), name.to_string(), None),
        };
        let d = match self.drug_index.get(&key) {
            Some(&d) => d,
            None => {
                let label = category_of(entry, line.category.as_deref());
                let category = match self.category_index.get(&label.key) {
                    Some(&c) => c,
                    None => {
                        self.category_index.insert(label.key.clone(), self.categories.len());
                        self.categories.push(CategoryAcc {
                            summary: CategorySummary { label: label.clone(), drugs: 0, sums: Sums::default(), estimated_savings: Decimal::ZERO },
                        });
                        self.categories.len() - 1
                    }
                };
                self.drugs.push(DrugAcc {
                    summary: DrugSummary {
                        key: key.clone(),
                        drug: display.clone(),
                        drug_en: en,
                        catalog_id: entry.map(|e| e.id.clone()),
                        category: label.key,
                        quantity: Decimal::ZERO,
                        sums: Sums::default(),
                        estimated_savings: Decimal::ZERO,
                        price_sources: vec![],
                        estimated: false,
                    },
                    entry,
                    category,
                    rules: Vec::new(),
                });
                self.drug_index.insert(key.clone(), self.drugs.len() - 1);
                if entry.is_none() {
                    self.warn_once(
                        &key,
                        line.line,
                        &display,
                        "not_in_catalog",
                        format!(
                            "'{}' is not in the batch-{} catalog (the public list is partial); without a VBP price on the line it is estimated",
                            name, catalog.batch.batch
                        ),
                        format!("“{}”不在第{}批目录中（公开名单不完整）；行内未给中选价时按估算计", name, catalog.batch.batch),
                    );
                }
                self.drugs.len() - 1
            }
        };
        self.names.insert(name.to_string(), d);
        d
    }

    /// The price rule for a line of drug `d` without a VBP price (worked out once per manufacturer and unit).
    fn rule_for(&mut self, d: usize, line: &UsageLine) -> std::result::Result<Arc<PriceRule>, Error> {
        let (m, u) = (line.manufacturer.as_deref(), line.unit.as_deref());
        if let Some((_, _, r)) = self.drugs[d].rules.iter().find(|(rm, ru, _)| rm.as_deref() == m && ru.as_deref() == u) {
            return r.clone();
        }
        let entry = self.drugs[d].entry;
        let result = pricing::rule_for(m, u, entry, &self.catalog.batch.average_price_cut, self.options.estimate_cut).map(Arc::new);
        if let Ok(rule) = &result {
            let (key, name) = (self.drugs[d].summary.key.clone(), self.drugs[d].summary.drug.clone());
            for (code, en, zh) in rule.notes.iter().cloned() {
                self.warn_once(&key, line.line, &name, code, en, zh);
            }
            if let Some(e) = entry {
                let by_reference = e.reference_price.is_some() && m.is_none_or(|m| e.product_by_manufacturer(m).is_none());
                if rule.source == PriceSource::Catalog && by_reference && !self.used_reference_prices.contains(&e.id) {
                    self.used_reference_prices.push(e.id.clone());
                }
            }
        }
        self.drugs[d].rules.push((m.map(str::to_string), u.map(str::to_string), result.clone()));
        result
    }

    fn try_add(&mut self, line: &UsageLine) -> std::result::Result<(), (Option<&'static str>, Error)> {
        let d = self.drug_for(&line.drug, line);
        let (price, source, basis, basis_zh) = match line.vbp_unit_price {
            Some(p) => (p, PriceSource::Input, self.input_basis.0.clone(), self.input_basis.1.clone()),
            None => {
                let rule = self.rule_for(d, line).map_err(|e| (Some("vbp_unit_price"), e))?;
                let price = rule.price(line.baseline_unit_price).map_err(|e| (None, e))?;
                (price, rule.source, rule.basis.clone(), rule.basis_zh.clone())
            }
        };
        let figures = line_savings(line.quantity, line.baseline_unit_price, price).map_err(|e| (None, e))?;
        let estimated = source == PriceSource::Estimated;

        // every new sum first; commit only if all fit
        let fail = |e| (None, e);
        let new_totals = self.totals.plus(&figures).map_err(fail)?;
        let new_source = self.by_source.get_mut(source).plus(&figures).map_err(fail)?;
        let drug = &self.drugs[d];
        let new_drug_sums = drug.summary.sums.plus(&figures).map_err(fail)?;
        let new_quantity = add(drug.summary.quantity, line.quantity).map_err(fail)?;
        let new_drug_est = if estimated { add(drug.summary.estimated_savings, figures.savings).map_err(fail)? } else { drug.summary.estimated_savings };
        let c = drug.category;
        let cat = &self.categories[c].summary;
        let new_cat_sums = cat.sums.plus(&figures).map_err(fail)?;
        let new_cat_est = if estimated { add(cat.estimated_savings, figures.savings).map_err(fail)? } else { cat.estimated_savings };

        // commit
        self.totals = new_totals;
        *self.by_source.get_mut(source) = new_source;
        let drug = &mut self.drugs[d].summary;
        let first_line_of_drug = drug.sums.lines == 0;
        drug.sums = new_drug_sums;
        drug.quantity = new_quantity;
        drug.estimated_savings = new_drug_est;
        drug.estimated |= estimated;
        if !drug.price_sources.contains(&source) {
            drug.price_sources.push(source);
            drug.price_sources.sort();
        }
        let drug_name = drug.drug.clone();
        let cat = &mut self.categories[c].summary;
        cat.sums = new_cat_sums;
        cat.estimated_savings = new_cat_est;
        if first_line_of_drug {
            cat.drugs += 1;
        }

        if price > line.baseline_unit_price {
            self.warn(
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
        if let Some(amount) = line.amount {
            let shown = money::round_display(amount);
            if money::round_display(figures.baseline_spend) != shown && money::round_display(figures.vbp_spend) != shown {
                self.warn(
                    Some(line.line),
                    Some(&drug_name),
                    "amount_mismatch",
                    format!(
                        "the amount column says {} but quantity × unit price is {}: the quantity and the price may be in different units (box vs smallest unit)",
                        money::format_amount(amount),
                        money::format_amount(figures.baseline_spend)
                    ),
                    format!(
                        "金额列为{}，而数量 × 单价为{}：数量与单价的单位可能不一致（盒与最小单位）",
                        money::format_amount(amount),
                        money::format_amount(figures.baseline_spend)
                    ),
                );
            }
        }

        if !self.options.omit_lines {
            let drug = &self.drugs[d].summary;
            self.lines.push(PricedLine {
                line: line.line,
                drug: line.drug.trim().to_string(),
                catalog_id: drug.catalog_id.clone(),
                category: drug.category.clone(),
                manufacturer: line.manufacturer.clone(),
                unit: line.unit.clone(),
                quantity: line.quantity,
                baseline_unit_price: line.baseline_unit_price,
                vbp_unit_price: price,
                baseline_spend: figures.baseline_spend,
                vbp_spend: figures.vbp_spend,
                savings: figures.savings,
                savings_rate: savings_rate(figures.savings, figures.baseline_spend),
                price_source: source,
                price_basis: basis,
                price_basis_zh: basis_zh,
            });
        }
        Ok(())
    }

    /// Finishes the report: rates, averages, ranking, formulas and assumptions.
    pub fn finish(mut self) -> Estimate {
        let batch = &self.catalog.batch;
        // per-drug rates and averages
        let mut all_cuts = Vec::new();
        let mut known_cuts = Vec::new();
        let mut known = Sums::default();
        let mut excluded = Vec::new();
        // a drug whose every line was rejected is not part of the result
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
                        message: format!("{name}: returns exceed purchases in this input (net quantity {})", d.summary.quantity),
                        message_zh: format!("{name}：本次输入中退药多于购入（净数量{}）", d.summary.quantity),
                    });
                }
            }
            if d.summary.sums.baseline_spend > Decimal::ZERO {
                if let Some(rate) = d.summary.sums.savings_rate {
                    all_cuts.push(rate);
                    if !d.summary.estimated {
                        known_cuts.push(rate);
                        known.baseline_spend = add(known.baseline_spend, d.summary.sums.baseline_spend).unwrap_or(known.baseline_spend);
                        known.savings = add(known.savings, d.summary.sums.savings).unwrap_or(known.savings);
                    }
                }
            } else {
                excluded.push(d.summary.drug.clone());
            }
        }
        self.totals = self.totals.with_rate();
        self.by_source.input = self.by_source.input.with_rate();
        self.by_source.catalog = self.by_source.catalog.with_rate();
        self.by_source.estimated = self.by_source.estimated.with_rate();

        let mut by_drug: Vec<DrugSummary> = self.drugs.into_iter().map(|d| d.summary).collect();
        by_drug.sort_by(|a, b| b.sums.savings.cmp(&a.sums.savings).then_with(|| a.drug.cmp(&b.drug)));
        let mut by_category: Vec<CategorySummary> = self
            .categories
            .into_iter()
            .filter(|c| c.summary.sums.lines > 0)
            .map(|c| {
                let mut s = c.summary;
                s.sums = s.sums.with_rate();
                s
            })
            .collect();
        by_category.sort_by(|a, b| b.sums.savings.cmp(&a.sums.savings).then_with(|| a.label.key.cmp(&b.label.key)));

        let price_cut = PriceCutComparison {
            headline: batch.average_price_cut.value,
            headline_source: batch.average_price_cut.source.clone(),
            all_drugs: CutSummary {
                drugs: all_cuts.len() as u32,
                simple_average: simple_average(&all_cuts),
                spend_weighted: if all_cuts.is_empty() { None } else { self.totals.savings_rate },
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
        if self.by_source.estimated.lines > 0 {
            let cut = self.options.estimate_cut.or(batch.average_price_cut.value);
            let pct = cut.map(money::percent_text).unwrap_or_else(|| "?".into());
            assumptions.push(Note {
                code: "estimated_prices".into(),
                en: format!(
                    "{} line(s) have no known VBP price and are estimated from an average cut (the drug's own where a source gives it, else {pct}%: VBP price = baseline × (1 − cut)). Estimated figures are shown apart from known ones.",
                    self.by_source.estimated.lines
                ),
                zh: format!(
                    "{}行没有已知中选价，按平均降幅估算（有来源的按该药品自身降幅，否则按{pct}%：中选价 = 集采前单价 ×（1 − 降幅））。估算数与已知价格分列显示。",
                    self.by_source.estimated.lines
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
            Note { code: "baseline_spend".into(), en: "baseline spend = quantity × baseline unit price".into(), zh: "集采前金额 = 数量 × 集采前单价".into() },
            Note { code: "vbp_spend".into(), en: "VBP spend = quantity × VBP unit price".into(), zh: "集采后金额 = 数量 × 中选单价".into() },
            Note { code: "savings".into(), en: "savings = baseline spend − VBP spend".into(), zh: "节约额 = 集采前金额 − 集采后金额".into() },
            Note { code: "savings_rate".into(), en: "savings rate = savings ÷ baseline spend (for one drug: its price cut)".into(), zh: "节约率 = 节约额 ÷ 集采前金额（单个药品即其降价幅度）".into() },
            Note { code: "simple_average".into(), en: "simple average cut = mean of the per-drug price cuts, each drug counting once".into(), zh: "简单平均降幅 = 各药品降价幅度的算术平均，每个药品权重相同".into() },
            Note { code: "spend_weighted".into(), en: "spend-weighted cut = total savings ÷ total baseline spend".into(), zh: "金额加权降幅 = 节约总额 ÷ 集采前总金额".into() },
            Note { code: "estimated_vbp_price".into(), en: "estimated VBP unit price = baseline unit price × (1 − average cut)".into(), zh: "估算中选单价 = 集采前单价 ×（1 − 平均降幅）".into() },
        ];
        self.input.accepted = self.totals.lines;
        self.input.rejected = self.rejected.iter().map(|p| p.line).collect::<HashSet<_>>().len() as u64;
        Estimate {
            schema: ESTIMATE_SCHEMA.into(),
            batch: batch.batch,
            rounding: Rounding {
                rule: ROUNDING_RULE_EN.into(),
                rule_zh: ROUNDING_RULE_ZH.into(),
                display_dp: money::DISPLAY_DP,
                rate_dp: money::RATE_DP,
            },
            totals: self.totals,
            by_price_source: self.by_source,
            price_cut,
            by_drug,
            by_category,
            lines: self.lines,
            rejected: self.rejected,
            warnings: self.warnings,
            formulas,
            assumptions,
            input: self.input,
        }
    }
}

fn category_of(entry: Option<&Entry>, line_category: Option<&str>) -> CategoryLabel {
    if let Some(e) = entry {
        if let (Some(key), Some(zh), Some(en)) = (&e.category.key, &e.category.zh, &e.category.en) {
            return CategoryLabel { key: key.clone(), zh: zh.clone(), en: en.clone() };
        }
    }
    if let Some(c) = line_category.map(str::trim).filter(|c| !c.is_empty()) {
        return CategoryLabel { key: format!("text:{}", normalize_name(c)), zh: c.to_string(), en: c.to_string() };
    }
    CategoryLabel { key: "uncategorized".into(), zh: "未分类".into(), en: "Uncategorized".into() }
}
