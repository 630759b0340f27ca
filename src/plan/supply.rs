//! 一省双供: a primary supplier (主供企业) and a backup (备供企业) per drug, and what
//! a supply disruption costs.
//!
//! In a scenario the primary fails to supply a share `p` of a drug's volume (or a
//! number of months of the cycle, read as the share months ÷ cycle months under
//! uniform use); the backup supplies that share at its price, except a share `q` **of
//! the disrupted volume** that the backup cannot supply either, which the hospital
//! buys at a fallback price:
//!
//! ```text
//! disrupted = volume × p          fallback volume = disrupted × q
//! primary volume = volume − disrupted         backup volume = disrupted − fallback volume
//! spend   = primary volume × primary price + backup volume × backup price + fallback volume × fallback price
//! savings = volume × baseline price − spend          savings at risk = savings without disruption − savings
//! ```
//!
//! Every product is exact. The price at which a backup supplies is **not public**
//! (domain facts §2.4): it is an input, defaulting to the backup's own winning price
//! where the catalog knows it, else the primary's, and the output says which. The
//! fallback price defaults to the baseline (pre-VBP) price. Scenarios are read as
//! mutually exclusive outcomes; expected savings weigh them by the probabilities the
//! user sets, the rest of the probability being "no disruption".
//!
//! When backup price ≥ primary price and fallback ≥ backup, more disruption never
//! raises savings (a property test holds the engine to it, for non-negative volumes).

use crate::catalog::{Catalog, Entry};
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::Estimate;
use crate::line::{Note, Problem, Warning};
use crate::values::cells::{self, Cell};
use crate::values::item::{normalize_name, same_unit};
use crate::values::money::{self, add, mul, sub, to_plain_string, DerivedPrice};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Schema tag of the report.
pub const SCENARIOS_SCHEMA: &str = "vbp-savings/scenarios@1";
/// Most scenarios in one computation.
pub const MAX_SCENARIOS: usize = 1000;
/// Most supply lines in one computation.
pub const MAX_LINES: usize = 1_000_000;

/// A supplier: its name and, optionally, the unit price at which it supplies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplierInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit_price: Cell,
}

/// One supply line: a drug's volume over the period, its baseline price and suppliers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyLineInput {
    #[serde(default)]
    pub drug: Option<String>,
    /// Units over the period (e.g. the agreed volume, or the year's planned use); negative = returns.
    #[serde(default)]
    pub volume: Cell,
    /// Pre-VBP unit price (the savings baseline; also the default fallback price).
    #[serde(default)]
    pub baseline_unit_price: Cell,
    /// Unit of volume and prices (片, 粒, 支 …): a catalog price per another unit is not used.
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub primary: Option<SupplierInput>,
    #[serde(default)]
    pub backup: Option<SupplierInput>,
    /// Price paid when neither supplier delivers (default: the baseline price).
    #[serde(default)]
    pub fallback_unit_price: Cell,
}

/// Suppliers of one drug, applied to every line of that drug that doesn't say otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplierConfig {
    pub drug: String,
    #[serde(default)]
    pub primary: Option<SupplierInput>,
    #[serde(default)]
    pub backup: Option<SupplierInput>,
    #[serde(default)]
    pub fallback_unit_price: Cell,
}

/// A disruption scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    /// The drugs it hits (names); absent = every drug.
    #[serde(default)]
    pub drugs: Option<Vec<String>>,
    /// Share of the volume the primary fails to supply (fraction).
    #[serde(default)]
    pub primary_failure_share: Cell,
    /// Or: months of the cycle the primary fails to supply …
    #[serde(default)]
    pub primary_failure_months: Cell,
    /// … out of this many months (default 12).
    #[serde(default)]
    pub cycle_months: Cell,
    /// Share of the disrupted volume the backup cannot supply either (fraction, default 0).
    #[serde(default)]
    pub backup_failure_share: Cell,
    /// Probability of this scenario (fraction), for expected savings.
    #[serde(default)]
    pub probability: Cell,
}

/// Lines, per-drug suppliers and scenarios.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyInput {
    #[serde(default)]
    pub lines: Vec<SupplyLineInput>,
    #[serde(default)]
    pub suppliers: Vec<SupplierConfig>,
    #[serde(default)]
    pub scenarios: Vec<ScenarioInput>,
}

/// Where a supplier's (or the fallback) unit price came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBasis {
    /// Given on the line.
    Input,
    /// Given in the per-drug suppliers list.
    Config,
    /// The supplier's own winning price in the catalog.
    Catalog,
    /// The line's VBP price in the estimate.
    Estimate,
    /// The primary's price (the backup's default when its own price is unknown).
    PrimaryPrice,
    /// The baseline price (the fallback's default).
    Baseline,
}

/// A resolved unit price and the words that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedPrice {
    #[serde(with = "money::serde_str")]
    pub unit_price: Decimal,
    pub basis: PriceBasis,
    pub basis_en: String,
    pub basis_zh: String,
}

/// A supply line with every price resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyLine {
    pub line: u64,
    /// Catalog id, or `name:<normalised name>`.
    pub key: String,
    pub drug: String,
    pub catalog_id: Option<String>,
    #[serde(with = "money::serde_str")]
    pub volume: Decimal,
    #[serde(with = "money::serde_str")]
    pub baseline_unit_price: Decimal,
    pub primary_name: Option<String>,
    pub primary: ResolvedPrice,
    pub backup_name: Option<String>,
    pub backup: ResolvedPrice,
    pub fallback: ResolvedPrice,
}

/// Volumes by who supplies them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Split {
    pub primary: Decimal,
    pub backup: Decimal,
    pub fallback: Decimal,
}

/// Splits `volume` for a primary failure share `p` and a backup failure share `q`
/// (of the disrupted volume). Exact; the parts add up to `volume`.
pub fn split(volume: Decimal, p: Decimal, q: Decimal) -> Result<Split> {
    let disrupted = mul(volume, p)?;
    let fallback = mul(disrupted, q)?;
    Ok(Split {
        primary: sub(volume, disrupted)?,
        backup: sub(disrupted, fallback)?,
        fallback,
    })
}

/// Spend on `volume` split as [`split`] says, at the three prices.
pub fn disrupted_spend(
    volume: Decimal,
    primary: Decimal,
    backup: Decimal,
    fallback: Decimal,
    p: Decimal,
    q: Decimal,
) -> Result<(Split, Decimal)> {
    let s = split(volume, p, q)?;
    let spend = add(
        add(mul(s.primary, primary)?, mul(s.backup, backup)?)?,
        mul(s.fallback, fallback)?,
    )?;
    Ok((s, spend))
}

/// Spend, savings and volumes of a set of lines under one scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub lines: u64,
    #[serde(with = "money::serde_str")]
    pub volume: Decimal,
    #[serde(with = "money::serde_str")]
    pub baseline_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
    /// Savings without disruption − savings in this scenario.
    #[serde(with = "money::serde_str")]
    pub savings_at_risk: Decimal,
    #[serde(with = "money::serde_str")]
    pub primary_volume: Decimal,
    #[serde(with = "money::serde_str")]
    pub backup_volume: Decimal,
    #[serde(with = "money::serde_str")]
    pub fallback_volume: Decimal,
}

impl Figures {
    fn plus(
        &self,
        volume: Decimal,
        baseline: Decimal,
        s: &Split,
        spend: Decimal,
        undisrupted_savings: Decimal,
    ) -> Result<Figures> {
        let savings = sub(baseline, spend)?;
        Ok(Figures {
            lines: self.lines + 1,
            volume: add(self.volume, volume)?,
            baseline_spend: add(self.baseline_spend, baseline)?,
            spend: add(self.spend, spend)?,
            savings: add(self.savings, savings)?,
            savings_at_risk: add(self.savings_at_risk, sub(undisrupted_savings, savings)?)?,
            primary_volume: add(self.primary_volume, s.primary)?,
            backup_volume: add(self.backup_volume, s.backup)?,
            fallback_volume: add(self.fallback_volume, s.fallback)?,
        })
    }
}

/// One drug's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrugFigures {
    pub key: String,
    pub drug: String,
    /// True when the scenario hits this drug.
    pub affected: bool,
    #[serde(flatten)]
    pub figures: Figures,
}

/// One scenario's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioResult {
    pub id: String,
    pub name: String,
    #[serde(with = "money::serde_str::option")]
    pub probability: Option<Decimal>,
    /// Keys of the drugs it hits; null = every drug.
    pub drugs: Option<Vec<String>>,
    #[serde(with = "money::serde_str")]
    pub primary_failure_share: Decimal,
    #[serde(with = "money::serde_str")]
    pub backup_failure_share: Decimal,
    pub share_basis_en: String,
    pub share_basis_zh: String,
    pub totals: Figures,
    pub by_drug: Vec<DrugFigures>,
}

/// Savings weighted by the scenario probabilities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    /// Σ of the scenarios' probabilities.
    #[serde(with = "money::serde_str")]
    pub probability_of_scenarios: Decimal,
    /// 1 − Σ: the probability of no disruption.
    #[serde(with = "money::serde_str")]
    pub probability_no_disruption: Decimal,
    /// Σ p_s × savings_s + (1 − Σ p_s) × savings without disruption.
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
    /// Savings without disruption − expected savings.
    #[serde(with = "money::serde_str")]
    pub savings_at_risk: Decimal,
    /// Scenarios without a probability (left out of the expectation).
    pub scenarios_without_probability: Vec<String>,
}

/// The supply report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplyReport {
    pub schema: String,
    pub lines: Vec<SupplyLine>,
    pub no_disruption: Figures,
    pub by_drug: Vec<DrugFigures>,
    pub scenarios: Vec<ScenarioResult>,
    pub expected: Option<Expected>,
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

/// The key of a drug name: its catalog id, else `name:<normalised name>`.
pub fn drug_key<'c>(catalog: &'c Catalog, drug: &str) -> (String, Option<&'c Entry>) {
    match catalog.find(drug) {
        Some(e) => (e.id.clone(), Some(e)),
        None => (format!("name:{}", normalize_name(drug)), None),
    }
}

fn price_cell(cell: &Cell, field: &str) -> Result<Option<Decimal>> {
    cell.decimal(field)?
        .map(|p| cells::non_negative(p, field))
        .transpose()
}

/// A supplier's own winning unit price from the catalog, when its name matches a product.
fn catalog_price(
    entry: Option<&Entry>,
    name: Option<&str>,
    unit: Option<&str>,
) -> Option<(Decimal, String, String)> {
    let e = entry?;
    let p = e.product_by_manufacturer(name?)?;
    if let Some(u) = unit {
        if same_unit(u, &p.unit) != Some(true) {
            return None;
        }
    }
    let price = DerivedPrice::of(p.unit_price()?).value;
    Some((
        price,
        format!(
            "its own winning price in the catalog: {} {} at {} yuan ÷ {} = {} per {} ({}, confidence {})",
            p.company,
            p.pack,
            to_plain_string(p.pack_price),
            to_plain_string(p.units_per_pack),
            to_plain_string(price),
            p.unit,
            p.source,
            p.confidence.letter()
        ),
        format!(
            "目录中该企业的中选价：{} {} 每盒{}元 ÷ {} = 每{}{}元（来源：{}）",
            p.company,
            p.pack_zh.as_deref().unwrap_or(&p.pack),
            to_plain_string(p.pack_price),
            to_plain_string(p.units_per_pack),
            crate::estimate::pricing::unit_zh(&p.unit),
            to_plain_string(price),
            p.source
        ),
    ))
}

struct Resolver<'a> {
    catalog: &'a Catalog,
    config: HashMap<String, &'a SupplierConfig>,
}

impl<'a> Resolver<'a> {
    fn new(catalog: &'a Catalog, suppliers: &'a [SupplierConfig]) -> Self {
        let config = suppliers
            .iter()
            .map(|c| (drug_key(catalog, &c.drug).0, c))
            .collect();
        Resolver { catalog, config }
    }

    /// Resolves backup and fallback for a line whose primary price is known.
    #[allow(clippy::too_many_arguments)]
    fn finish_line(
        &self,
        line: u64,
        drug: &str,
        unit: Option<&str>,
        volume: Decimal,
        baseline: Decimal,
        primary_name: Option<String>,
        primary: ResolvedPrice,
        line_backup: Option<&SupplierInput>,
        line_fallback: &Cell,
    ) -> Result<SupplyLine> {
        let (key, entry) = drug_key(self.catalog, drug);
        let cfg = self.config.get(&key).copied();
        let cfg_backup = cfg.and_then(|c| c.backup.as_ref());
        let backup_name = line_backup
            .and_then(|b| b.name.clone())
            .or_else(|| cfg_backup.and_then(|b| b.name.clone()))
            .filter(|n| !n.trim().is_empty());
        let backup = if let Some(p) = line_backup
            .map(|b| price_cell(&b.unit_price, "backup.unit_price"))
            .transpose()?
            .flatten()
        {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Input,
                basis_en: "backup price given on the line".into(),
                basis_zh: "行内给出的备供价".into(),
            }
        } else if let Some(p) = cfg_backup
            .map(|b| price_cell(&b.unit_price, "suppliers.backup.unit_price"))
            .transpose()?
            .flatten()
        {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Config,
                basis_en: "backup price given in the suppliers list".into(),
                basis_zh: "供应企业设置中给出的备供价".into(),
            }
        } else if let Some((p, en, zh)) = catalog_price(entry, backup_name.as_deref(), unit) {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Catalog,
                basis_en: format!("assumed: the backup supplies at {en}; the price at which a backup supplies is not public"),
                basis_zh: format!("假设备供企业按{zh}供货；备供时的执行价格未公开"),
            }
        } else {
            ResolvedPrice {
                unit_price: primary.unit_price,
                basis: PriceBasis::PrimaryPrice,
                basis_en: "assumed: the backup supplies at the primary's price (its own winning price is not known here; the price at which a backup supplies is not public)".into(),
                basis_zh: "假设备供企业按主供企业价格供货（其自身中选价未知；备供时的执行价格未公开）".into(),
            }
        };
        let fallback = if let Some(p) = price_cell(line_fallback, "fallback_unit_price")? {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Input,
                basis_en: "fallback price given on the line".into(),
                basis_zh: "行内给出的兜底采购价".into(),
            }
        } else if let Some(p) = cfg
            .map(|c| price_cell(&c.fallback_unit_price, "suppliers.fallback_unit_price"))
            .transpose()?
            .flatten()
        {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Config,
                basis_en: "fallback price given in the suppliers list".into(),
                basis_zh: "供应企业设置中给出的兜底采购价".into(),
            }
        } else {
            ResolvedPrice {
                unit_price: baseline,
                basis: PriceBasis::Baseline,
                basis_en: "assumed: when neither supplier delivers, the hospital buys at the baseline (pre-VBP) price".into(),
                basis_zh: "假设主供、备供均不能供货时，医院按集采前价格（基准价）采购".into(),
            }
        };
        Ok(SupplyLine {
            line,
            key,
            drug: entry.map_or_else(|| drug.trim().to_string(), |e| e.generic_name_zh.clone()),
            catalog_id: entry.map(|e| e.id.clone()),
            volume,
            baseline_unit_price: baseline,
            primary_name,
            primary,
            backup_name,
            backup,
            fallback,
        })
    }

    fn input_line(&self, n: u64, l: &SupplyLineInput) -> std::result::Result<SupplyLine, Problem> {
        let fail = |field: &str, e: Error| Problem::new(n, Some(field), None, e);
        let drug = l
            .drug
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .ok_or_else(|| {
                fail(
                    "drug",
                    Error::new(
                        ErrorCode::MissingDrug,
                        "the drug is missing",
                        "缺少药品名称",
                    ),
                )
            })?;
        let volume = l
            .volume
            .required("volume", ErrorCode::MissingQuantity)
            .map_err(|e| fail("volume", e))?;
        let baseline = l
            .baseline_unit_price
            .required("baseline_unit_price", ErrorCode::MissingBaselinePrice)
            .and_then(|b| cells::non_negative(b, "baseline_unit_price"))
            .map_err(|e| fail("baseline_unit_price", e))?;
        let (key, entry) = drug_key(self.catalog, drug);
        let cfg = self.config.get(&key).copied();
        let cfg_primary = cfg.and_then(|c| c.primary.as_ref());
        let primary_name = l
            .primary
            .as_ref()
            .and_then(|p| p.name.clone())
            .or_else(|| cfg_primary.and_then(|p| p.name.clone()))
            .filter(|n| !n.trim().is_empty());
        let line_price = l
            .primary
            .as_ref()
            .map(|p| price_cell(&p.unit_price, "primary.unit_price"))
            .transpose()
            .map_err(|e| fail("primary.unit_price", e))?
            .flatten();
        let cfg_price = cfg_primary
            .map(|p| price_cell(&p.unit_price, "suppliers.primary.unit_price"))
            .transpose()
            .map_err(|e| fail("primary.unit_price", e))?
            .flatten();
        let primary = if let Some(p) = line_price {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Input,
                basis_en: "primary price given on the line".into(),
                basis_zh: "行内给出的主供价".into(),
            }
        } else if let Some(p) = cfg_price {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Config,
                basis_en: "primary price given in the suppliers list".into(),
                basis_zh: "供应企业设置中给出的主供价".into(),
            }
        } else if let Some((p, en, zh)) =
            catalog_price(entry, primary_name.as_deref(), l.unit.as_deref())
        {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Catalog,
                basis_en: en,
                basis_zh: zh,
            }
        } else if let Some(p) = entry
            .and_then(|e| e.reference_price.as_ref())
            .and_then(|f| f.value)
            .filter(|_| {
                let e_unit = entry.and_then(|e| e.unit.as_deref());
                match (l.unit.as_deref(), e_unit) {
                    (Some(a), Some(b)) => same_unit(a, b) == Some(true),
                    _ => true,
                }
            })
        {
            ResolvedPrice {
                unit_price: p,
                basis: PriceBasis::Catalog,
                basis_en: "the drug-level winning price in the catalog".into(),
                basis_zh: "目录中的药品层面中选价".into(),
            }
        } else {
            return Err(fail(
                "primary.unit_price",
                Error::new(
                    ErrorCode::MissingPrice,
                    format!("no primary (winning) price for {drug}: give primary.unit_price, or a primary name the catalog knows"),
                    format!("{drug}缺少主供（中选）价格：请填写 primary.unit_price，或目录中有价格的主供企业名称"),
                ),
            ));
        };
        self.finish_line(
            n,
            drug,
            l.unit.as_deref(),
            volume,
            baseline,
            primary_name,
            primary,
            l.backup.as_ref(),
            &l.fallback_unit_price,
        )
        .map_err(|e| fail("backup", e))
    }
}

/// Resolves the prices of input lines; bad lines become problems (1-based index).
pub fn resolve_lines(
    lines: &[SupplyLineInput],
    suppliers: &[SupplierConfig],
    catalog: &Catalog,
) -> Result<(Vec<SupplyLine>, Vec<Problem>)> {
    if lines.len() > MAX_LINES {
        return Err(too_many("lines", MAX_LINES));
    }
    let r = Resolver::new(catalog, suppliers);
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match r.input_line(i as u64 + 1, l) {
            Ok(s) => ok.push(s),
            Err(p) => bad.push(p),
        }
    }
    Ok((ok, bad))
}

/// Supply lines from an estimate's priced lines: volume = quantity, baseline = the
/// line's baseline price, primary = the line's manufacturer at the line's VBP price.
/// `suppliers` names backups (and may set their prices and the fallback) per drug.
pub fn lines_from_estimate(
    est: &Estimate,
    suppliers: &[SupplierConfig],
    catalog: &Catalog,
) -> Result<(Vec<SupplyLine>, Vec<Problem>)> {
    let r = Resolver::new(catalog, suppliers);
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for l in &est.lines {
        let primary = ResolvedPrice {
            unit_price: l.vbp_unit_price,
            basis: PriceBasis::Estimate,
            basis_en: format!(
                "the line's VBP price ({}: {})",
                l.price_source.as_str(),
                l.price_basis
            ),
            basis_zh: format!("该行中选单价（{}）", l.price_basis_zh),
        };
        match r.finish_line(
            l.line,
            &l.drug,
            l.unit.as_deref(),
            l.quantity,
            l.baseline_unit_price,
            l.manufacturer.clone(),
            primary,
            None,
            &Cell::default(),
        ) {
            Ok(s) => ok.push(s),
            Err(e) => bad.push(Problem::new(l.line, Some("backup"), None, e)),
        }
    }
    Ok((ok, bad))
}

fn too_many(what: &str, max: usize) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!("more than {max} {what}"),
        format!("{what} 超过 {max} 个"),
    )
}

struct Scenario {
    id: String,
    name: String,
    probability: Option<Decimal>,
    keys: Option<Vec<String>>,
    p: Decimal,
    q: Decimal,
    basis_en: String,
    basis_zh: String,
}

fn read_scenario(
    i: usize,
    s: &ScenarioInput,
    catalog: &Catalog,
    lines: &[SupplyLine],
    warnings: &mut Vec<Warning>,
) -> Result<Scenario> {
    let at = |f: &str| format!("scenarios[{i}].{f}");
    let id = s.id.clone().unwrap_or_else(|| format!("s{}", i + 1));
    let name = s.name.clone().unwrap_or_else(|| id.clone());
    let share = cells::fraction(&s.primary_failure_share, &at("primary_failure_share"))?;
    let months = s
        .primary_failure_months
        .decimal(&at("primary_failure_months"))?;
    let (p, basis_en, basis_zh) = match (share, months) {
        (Some(_), Some(_)) => {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!(
                    "scenario {id}: give primary_failure_share or primary_failure_months, not both"
                ),
                format!("情景 {id}：primary_failure_share 与 primary_failure_months 只能给出一个"),
            ))
        }
        (Some(p), None) => (
            p,
            format!("{}% of the volume, as given", money::percent_text(p)),
            format!("按输入，占用量的{}%", money::percent_text(p)),
        ),
        (None, Some(m)) => {
            let c = s
                .cycle_months
                .decimal(&at("cycle_months"))?
                .unwrap_or(Decimal::from(12));
            if c <= Decimal::ZERO || m.is_sign_negative() && !m.is_zero() || m > c {
                return Err(Error::new(
                    ErrorCode::OutOfRange,
                    format!("scenario {id}: the months the primary fails ({m}) must lie between 0 and the cycle's months ({c})"),
                    format!("情景 {id}：主供断供月数（{m}）须在0到周期月数（{c}）之间"),
                ));
            }
            let exact = m.checked_div(c).filter(|q| q.checked_mul(c) == Some(m));
            let (p, how_en, how_zh) = match exact {
                Some(q) => (q.normalize(), String::new(), String::new()),
                None => (
                    money::ratio(m, c).unwrap_or_default(),
                    format!(", rounded to {} decimal places", money::RATE_DP),
                    format!("，保留{}位小数", money::RATE_DP),
                ),
            };
            (
                p,
                format!(
                    "{m} of {c} months = {}{how_en}; assumed: use is spread evenly over the months",
                    to_plain_string(p)
                ),
                format!(
                    "{c}个月中的{m}个月 = {}{how_zh}；假设各月用量均匀",
                    to_plain_string(p)
                ),
            )
        }
        (None, None) => (
            Decimal::ZERO,
            "no primary failure given: 0".into(),
            "未给出主供断供：0".into(),
        ),
    };
    let q = cells::fraction(&s.backup_failure_share, &at("backup_failure_share"))?
        .unwrap_or(Decimal::ZERO);
    let probability = cells::fraction(&s.probability, &at("probability"))?;
    let keys = s.drugs.as_ref().map(|names| {
        names
            .iter()
            .map(|n| {
                let key = drug_key(catalog, n).0;
                if !lines.iter().any(|l| l.key == key) {
                    warnings.push(Warning {
                        line: None,
                        drug: Some(n.clone()),
                        code: "scenario_drug_not_found".into(),
                        message: format!("scenario {id} names {n}, which no line has"),
                        message_zh: format!("情景 {id} 指定的{n}不在任何一行中"),
                    });
                }
                key
            })
            .collect()
    });
    Ok(Scenario {
        id,
        name,
        probability,
        keys,
        p: p.normalize(),
        q: q.normalize(),
        basis_en,
        basis_zh,
    })
}

/// Evaluates scenarios over resolved lines.
pub fn evaluate(
    lines: Vec<SupplyLine>,
    scenarios: &[ScenarioInput],
    catalog: &Catalog,
    rejected: Vec<Problem>,
) -> Result<SupplyReport> {
    if scenarios.len() > MAX_SCENARIOS {
        return Err(too_many("scenarios", MAX_SCENARIOS));
    }
    let mut warnings = Vec::new();
    let parsed: Vec<Scenario> = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| read_scenario(i, s, catalog, &lines, &mut warnings))
        .collect::<Result<_>>()?;

    // drug order: first appearance
    let mut order: Vec<(String, String)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for l in &lines {
        index.entry(l.key.clone()).or_insert_with(|| {
            order.push((l.key.clone(), l.drug.clone()));
            order.len() - 1
        });
    }

    // no disruption
    let mut undisrupted = Vec::with_capacity(lines.len());
    let mut base_total = Figures::default();
    let mut base_drugs = vec![Figures::default(); order.len()];
    for l in &lines {
        let baseline = mul(l.volume, l.baseline_unit_price)?;
        let (s, spend) = disrupted_spend(
            l.volume,
            l.primary.unit_price,
            l.backup.unit_price,
            l.fallback.unit_price,
            Decimal::ZERO,
            Decimal::ZERO,
        )?;
        let savings = sub(baseline, spend)?;
        undisrupted.push(savings);
        base_total = base_total.plus(l.volume, baseline, &s, spend, savings)?;
        let k = index[&l.key];
        base_drugs[k] = base_drugs[k].plus(l.volume, baseline, &s, spend, savings)?;
    }
    let by_drug = order
        .iter()
        .zip(&base_drugs)
        .map(|((key, drug), f)| DrugFigures {
            key: key.clone(),
            drug: drug.clone(),
            affected: false,
            figures: *f,
        })
        .collect();

    let mut results = Vec::with_capacity(parsed.len());
    for sc in &parsed {
        let mut total = Figures::default();
        let mut drugs = vec![Figures::default(); order.len()];
        let mut affected = vec![false; order.len()];
        for (l, &u) in lines.iter().zip(&undisrupted) {
            let hit = sc.keys.as_ref().is_none_or(|k| k.contains(&l.key));
            let (p, q) = if hit {
                (sc.p, sc.q)
            } else {
                (Decimal::ZERO, Decimal::ZERO)
            };
            let baseline = mul(l.volume, l.baseline_unit_price)?;
            let (s, spend) = disrupted_spend(
                l.volume,
                l.primary.unit_price,
                l.backup.unit_price,
                l.fallback.unit_price,
                p,
                q,
            )?;
            total = total.plus(l.volume, baseline, &s, spend, u)?;
            let k = index[&l.key];
            drugs[k] = drugs[k].plus(l.volume, baseline, &s, spend, u)?;
            affected[k] |= hit;
        }
        results.push(ScenarioResult {
            id: sc.id.clone(),
            name: sc.name.clone(),
            probability: sc.probability,
            drugs: sc.keys.clone(),
            primary_failure_share: sc.p,
            backup_failure_share: sc.q,
            share_basis_en: sc.basis_en.clone(),
            share_basis_zh: sc.basis_zh.clone(),
            totals: total,
            by_drug: order
                .iter()
                .zip(drugs.iter().zip(&affected))
                .map(|((key, drug), (f, a))| DrugFigures {
                    key: key.clone(),
                    drug: drug.clone(),
                    affected: *a,
                    figures: *f,
                })
                .collect(),
        });
    }

    // expected savings
    let expected = if parsed.iter().any(|s| s.probability.is_some()) {
        let mut sum_p = Decimal::ZERO;
        let mut weighted = Decimal::ZERO;
        for (sc, r) in parsed.iter().zip(&results) {
            if let Some(p) = sc.probability {
                sum_p = add(sum_p, p)?;
                weighted = add(weighted, mul(p, r.totals.savings)?)?;
            }
        }
        if sum_p > Decimal::ONE {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                format!("the scenarios' probabilities add up to {sum_p}, more than 1; scenarios are read as mutually exclusive"),
                format!("各情景概率之和为{sum_p}，超过1；各情景视为互斥"),
            ));
        }
        let rest = sub(Decimal::ONE, sum_p)?;
        let savings = add(weighted, mul(rest, base_total.savings)?)?;
        Some(Expected {
            probability_of_scenarios: sum_p.normalize(),
            probability_no_disruption: rest.normalize(),
            savings,
            savings_at_risk: sub(base_total.savings, savings)?,
            scenarios_without_probability: parsed
                .iter()
                .filter(|s| s.probability.is_none())
                .map(|s| s.id.clone())
                .collect(),
        })
    } else {
        None
    };

    let mut assumptions = vec![
        note(
            "backup_price_unknown",
            "The price at which a backup supplier (备供企业) supplies is not public (the rules found say only that it replaces the primary 按有关程序). Each line states the backup price used and why: given, the backup's own winning price in the catalog, or the primary's.",
            "备供企业替代供货时的执行价格未公开（已知规则仅称“按有关程序”替代）。每行注明所用备供价及依据：输入、目录中该企业的中选价，或主供价。",
        ),
        note(
            "fallback_price",
            "When neither supplier delivers, the hospital buys at the fallback price, by default the line's baseline (pre-VBP) price.",
            "主供、备供均不能供货时，医院按兜底价格采购，默认为该行集采前价格（基准价）。",
        ),
        note(
            "backup_failure_share",
            "backup_failure_share is a share of the DISRUPTED volume (the part the primary did not supply), not of the whole volume.",
            "backup_failure_share 是断供部分（主供未供应的量）中备供也不能供应的比例，不是占总量的比例。",
        ),
    ];
    if expected.is_some() {
        assumptions.push(note(
            "scenarios_exclusive",
            "Scenarios are mutually exclusive outcomes; the probability not assigned to any scenario is that of no disruption.",
            "各情景为互斥结果；未分配给任何情景的概率即“不断供”的概率。",
        ));
    }
    let formulas = vec![
        note(
            "split",
            "disrupted = volume × primary failure share; fallback volume = disrupted × backup failure share; backup volume = disrupted − fallback volume; primary volume = volume − disrupted",
            "断供量 = 用量 × 主供断供比例；兜底量 = 断供量 × 备供断供比例；备供量 = 断供量 − 兜底量；主供量 = 用量 − 断供量",
        ),
        note(
            "spend",
            "spend = primary volume × primary price + backup volume × backup price + fallback volume × fallback price; savings = volume × baseline price − spend",
            "支出 = 主供量 × 主供价 + 备供量 × 备供价 + 兜底量 × 兜底价；节约 = 用量 × 集采前价 − 支出",
        ),
        note("at_risk", "savings at risk = savings without disruption − savings in the scenario", "风险节约额 = 不断供时的节约 − 该情景下的节约"),
        note(
            "expected",
            "expected savings = Σ probability × scenario savings + (1 − Σ probabilities) × savings without disruption",
            "期望节约 = Σ 概率 × 情景节约 + (1 − Σ 概率) × 不断供时的节约",
        ),
    ];
    Ok(SupplyReport {
        schema: SCENARIOS_SCHEMA.into(),
        lines,
        no_disruption: base_total,
        by_drug,
        scenarios: results,
        expected,
        rejected,
        warnings,
        formulas,
        assumptions,
    })
}

/// Resolves the lines of `input` and evaluates its scenarios.
pub fn run(input: &SupplyInput, catalog: &Catalog) -> Result<SupplyReport> {
    let (lines, rejected) = resolve_lines(&input.lines, &input.suppliers, catalog)?;
    evaluate(lines, &input.scenarios, catalog, rejected)
}

/// [`run`] against the embedded batch-7 catalog.
pub fn batch7_scenarios(input: &SupplyInput) -> Result<SupplyReport> {
    run(input, crate::catalog::batch7()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn split_adds_up_exactly() {
        let s = split(d("1000"), d("0.25"), d("0.1")).unwrap();
        assert_eq!(
            (s.primary, s.backup, s.fallback),
            (d("750"), d("225"), d("25"))
        );
        let (_, spend) =
            disrupted_spend(d("1000"), d("1"), d("2"), d("10"), d("0.25"), d("0.1")).unwrap();
        assert_eq!(spend, d("750") + d("450") + d("250"));
    }
}
