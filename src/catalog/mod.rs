//! The batch catalog: what is publicly known about a batch and its drugs, every
//! fact with its source and confidence.
//!
//! The batch-7 catalog is embedded from `data/batch7.json`. It is a **partial**
//! list: the official 60-drug / 327-product result table (中选结果表) was not
//! found in public sources, so unknown facts are `null` and never guessed.

pub mod batches;
pub mod rules;
pub mod search;

use crate::error::{Error, ErrorCode, Result};
use crate::values::item::{normalize_name, Item, ItemKind};
use crate::values::money::DerivedPrice;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How sure a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    /// Stated plainly by an official or major outlet, or by two independent sources.
    #[serde(rename = "H")]
    High,
    /// One secondary source.
    #[serde(rename = "M")]
    Medium,
    /// Garbled, machine-translated, speculative or early-stage.
    #[serde(rename = "L")]
    Low,
    /// Not found.
    #[serde(rename = "unknown")]
    Unknown,
}

impl Confidence {
    /// The letter reports print (`H`, `M`, `L`, `unknown`): the same word as in the data.
    pub fn letter(self) -> &'static str {
        match self {
            Confidence::High => "H",
            Confidence::Medium => "M",
            Confidence::Low => "L",
            Confidence::Unknown => "unknown",
        }
    }
}

/// A fact with its source. `value: None` means unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact<T> {
    pub value: Option<T>,
    pub source: Option<String>,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `note` in Chinese (a translation of the English note; see the catalog format in README.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
    /// A text `value` (of a `Fact<String>`) in Chinese, where the value is English prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_zh: Option<String>,
}

/// A regional fact (a city's start date, its cumulative savings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionalFact {
    pub region: String,
    pub fact: String,
    /// `fact` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact_zh: Option<String>,
    pub value: Option<String>,
    pub source: String,
    pub confidence: Confidence,
}

/// Batch-level headline figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchFacts {
    pub batch: u32,
    pub name_zh: String,
    pub name_en: String,
    pub document_no: Fact<String>,
    pub bid_opening: Fact<String>,
    pub result_notice: Fact<String>,
    pub implementation: Fact<String>,
    pub drug_count: Fact<u32>,
    pub bid_list_count: Fact<u32>,
    pub category_count: Fact<u32>,
    /// Average price cut as a fraction (0.48 = 48%).
    pub average_price_cut: Fact<Decimal>,
    pub product_count: Fact<u32>,
    pub companies_bid: Fact<u32>,
    pub companies_won: Fact<u32>,
    pub foreign_winners: Fact<u32>,
    /// Expected yearly savings in yuan.
    pub expected_yearly_savings: Fact<Decimal>,
    pub cumulative_drugs: Fact<u32>,
    pub supply_model: Fact<String>,
    #[serde(default)]
    pub conflicting_figures: Vec<Fact<String>>,
    #[serde(default)]
    pub regional: Vec<RegionalFact>,
}

/// Where a drug stands in the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Named in the final results.
    Winning,
    /// Named as a proposed winner (拟中选) in a company announcement.
    ProposedWinner,
    /// In the bid list; winners not found.
    InBidList,
    /// Withdrawn or failed: not one of the procured drugs.
    Withdrawn,
    /// Seen only on the demand-reporting list; inclusion in the 60 not verified.
    ApplicationStage,
}

/// A therapeutic category. `key: None` when the source does not state one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub key: Option<String>,
    pub zh: Option<String>,
    pub en: Option<String>,
    /// The source's own description of the indication.
    pub indication: String,
    /// `indication` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indication_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `note` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
}

/// A winning product with its pack price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub company: String,
    /// Names a hospital system may use for the company, matched as substrings.
    #[serde(default)]
    pub company_aliases: Vec<String>,
    pub pack: String,
    /// `pack` as a Chinese pharmacist writes it (`75mg×10粒/盒`); the English `pack` is the one parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_zh: Option<String>,
    /// Price per pack (box), yuan.
    pub pack_price: Decimal,
    pub units_per_pack: Decimal,
    /// The smallest unit the pack holds (capsule, tablet, vial, bottle).
    pub unit: String,
    pub source: String,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `note` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
    /// Provinces this product supplies first (一省双供: 主供), where a result table says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub primary_provinces: Vec<String>,
    /// Provinces this product supplies as backup (备供), where a result table says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backup_provinces: Vec<String>,
}

impl Product {
    /// Price per smallest unit = pack price ÷ units per pack (a quotient; may not terminate).
    pub fn unit_price(&self) -> Option<Decimal> {
        if self.units_per_pack.is_zero() {
            return None;
        }
        self.pack_price.checked_div(self.units_per_pack)
    }

    /// The price per smallest unit as candidates and tables show it: exact, or rounded
    /// to [`crate::values::money::DERIVED_UNIT_PRICE_DP`] places where it does not terminate.
    pub fn display_unit_price(&self) -> Option<Decimal> {
        self.unit_price().map(|u| DerivedPrice::of(u).value)
    }
}

/// A named winner without a known price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Winner {
    /// The company as sourced, or a description of the winners where the source names no
    /// single company ("10 winners incl. Hetero, Kelun, HEC").
    pub company: String,
    /// A description in `company` in Chinese (never a translated company name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_zh: Option<String>,
    pub source: String,
    pub confidence: Confidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `note` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
}

/// One catalog entry: a drug (or, later, a consumable) of the batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub kind: ItemKind,
    pub batch: u32,
    pub generic_name_zh: String,
    pub generic_name_en: String,
    /// Hanyu pinyin of `generic_name_zh`, one toneless syllable per Chinese character,
    /// space-separated (`"jia huang suan lun fa ti ni jiao nang"`); used by [`crate::catalog::search`].
    #[serde(default)]
    pub pinyin: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub dosage_form: Option<String>,
    /// `dosage_form` in Chinese (`胶囊（口服常释剂型）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dosage_form_zh: Option<String>,
    pub specification: Option<String>,
    /// The smallest unit that per-unit prices refer to.
    pub unit: Option<String>,
    pub category: Category,
    pub status: Status,
    /// Meropenem, micafungin, tigecycline, cefepime injections: the special agreed-volume rule.
    #[serde(default)]
    pub special_anti_infective: bool,
    /// Ceiling (maximum valid bid) price per smallest unit.
    pub ceiling_price: Option<Fact<Decimal>>,
    /// A drug-level winning price per smallest unit that applies whoever the supplier
    /// (only where a source gives one, e.g. the NHSA's lenvatinib average).
    pub reference_price: Option<Fact<Decimal>>,
    /// The drug's average price cut where a source states it (fraction).
    pub average_price_cut: Option<Fact<Decimal>>,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub winners: Vec<Winner>,
    /// National first-year demand base (smallest units).
    pub demand_base: Option<Fact<Decimal>>,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    pub notes: Option<String>,
    /// `notes` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes_zh: Option<String>,
}

impl Entry {
    /// `entry_id#n` (n from 1): how a match decision names this entry's product `index`.
    pub fn product_ref(&self, index: usize) -> String {
        format!("{}#{}", self.id, index + 1)
    }

    /// The domain item this entry describes.
    pub fn item(&self) -> Item {
        Item {
            kind: self.kind,
            generic_name_zh: self.generic_name_zh.clone(),
            generic_name_en: self.generic_name_en.clone(),
            dosage_form: self.dosage_form.clone(),
            specification: self.specification.clone(),
            unit: self.unit.clone(),
            category: self.category.key.clone(),
            batch: self.batch,
        }
    }

    /// True when the drug is one of the batch's procured drugs or may be (not withdrawn).
    pub fn is_procured(&self) -> bool {
        self.status != Status::Withdrawn
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        [self.generic_name_zh.as_str(), self.generic_name_en.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }

    /// The winning product of a manufacturer, matched by company name or alias
    /// as a substring of `manufacturer` (or the other way round).
    pub fn product_by_manufacturer(&self, manufacturer: &str) -> Option<&Product> {
        let m = normalize_name(manufacturer);
        if m.is_empty() {
            return None;
        }
        self.products.iter().find(|p| {
            std::iter::once(&p.company)
                .chain(p.company_aliases.iter())
                .any(|alias| {
                    let a = normalize_name(alias);
                    !a.is_empty() && (m.contains(&a) || a.contains(&m))
                })
        })
    }
}

/// A batch catalog.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    pub schema: String,
    pub about: String,
    pub batch: BatchFacts,
    pub entries: Vec<Entry>,
    /// Normalised name or alias → entry index, built on first lookup.
    #[serde(skip)]
    names: OnceLock<HashMap<String, usize>>,
    /// Every normalised name or alias with its entry index, built on first use.
    #[serde(skip)]
    name_keys: OnceLock<Vec<(String, usize)>>,
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Self) -> bool {
        self.schema == other.schema
            && self.about == other.about
            && self.batch == other.batch
            && self.entries == other.entries
    }
}

const BATCH7_JSON: &str = include_str!("../../data/batch7.json");

static BATCH7: OnceLock<std::result::Result<Catalog, Error>> = OnceLock::new();

/// The embedded batch-7 catalog (parsed once).
pub fn batch7() -> Result<&'static Catalog> {
    BATCH7
        .get_or_init(|| Catalog::from_json(BATCH7_JSON))
        .as_ref()
        .map_err(Clone::clone)
}

/// The catalog an input gives (a result table's, a saved one), checked, else batch 7's:
/// the default of every estimate, review and stream.
pub fn given_or_batch7(given: Option<&Catalog>) -> Result<&Catalog> {
    match given {
        Some(c) => c.check().map(|()| c),
        None => batch7(),
    }
}

impl Catalog {
    /// Checks a catalog the user gives back (a saved import, possibly edited): ids unique,
    /// every product with a positive pack price and pack quantity.
    pub fn check(&self) -> Result<()> {
        let bad = |en: String, zh: String| Err(Error::new(ErrorCode::CatalogData, en, zh));
        let mut ids = std::collections::HashSet::new();
        for e in &self.entries {
            if !ids.insert(e.id.as_str()) {
                return bad(
                    format!("the catalog has two entries with the id '{}'", e.id),
                    format!("目录中有两个条目的编号都是“{}”", e.id),
                );
            }
            for p in &e.products {
                if p.units_per_pack <= Decimal::ZERO || p.pack_price.is_sign_negative() {
                    return bad(
                        format!(
                            "{}: a product needs a positive pack quantity and a non-negative price",
                            e.id
                        ),
                        format!("{}：产品的包装数量须为正数、价格不得为负", e.id),
                    );
                }
            }
        }
        Ok(())
    }

    /// A catalog of these facts and entries.
    pub fn new(
        schema: impl Into<String>,
        about: impl Into<String>,
        batch: BatchFacts,
        entries: Vec<Entry>,
    ) -> Catalog {
        Catalog {
            schema: schema.into(),
            about: about.into(),
            batch,
            entries,
            names: OnceLock::new(),
            name_keys: OnceLock::new(),
        }
    }

    /// Reads a catalog from its JSON form (the form of `data/batch7.json`).
    pub fn from_json(json: &str) -> Result<Catalog> {
        serde_json::from_str(json).map_err(|e| {
            Error::new(
                ErrorCode::CatalogData,
                format!("the catalog data could not be read: {e}"),
                format!("目录数据无法读取：{e}"),
            )
        })
    }

    /// Finds the entry a usage line's drug name refers to: an exact match, after
    /// normalisation, on the Chinese or English generic name or an alias; failing
    /// that, the same with a trailing bracketed part removed (brand, spec).
    /// Never a fuzzy match: two different drugs can share a stem (硝苯地平控释片 vs 缓释片(II)).
    pub fn find(&self, drug: &str) -> Option<&Entry> {
        let key = normalize_name(drug);
        if key.is_empty() {
            return None;
        }
        self.find_normalized(&key).or_else(|| {
            let stripped = strip_trailing_bracket(&key);
            (stripped != key && !stripped.is_empty())
                .then(|| self.find_normalized(stripped))
                .flatten()
        })
    }

    fn find_normalized(&self, key: &str) -> Option<&Entry> {
        let names = self.names.get_or_init(|| {
            let mut m = HashMap::new();
            for (n, i) in self.name_keys() {
                m.entry(n.clone()).or_insert(*i);
            }
            m
        });
        names.get(key).and_then(|&i| self.entries.get(i))
    }

    /// Every name and alias of every entry, normalised ([`normalize_name`]), with the entry's index.
    pub fn name_keys(&self) -> &[(String, usize)] {
        self.name_keys.get_or_init(|| {
            self.entries
                .iter()
                .enumerate()
                .flat_map(|(i, e)| e.names().map(move |n| (normalize_name(n), i)))
                .collect()
        })
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// How many entries of each status, and how many of the batch's drugs are not named here.
    pub fn coverage(&self) -> Coverage {
        let count = |s: Status| self.entries.iter().filter(|e| e.status == s).count() as u32;
        let named_procured = self
            .entries
            .iter()
            .filter(|e| matches!(e.status, Status::Winning | Status::ProposedWinner))
            .count() as u32;
        Coverage {
            entries: self.entries.len() as u32,
            winning: count(Status::Winning),
            proposed_winner: count(Status::ProposedWinner),
            in_bid_list: count(Status::InBidList),
            withdrawn: count(Status::Withdrawn),
            application_stage: count(Status::ApplicationStage),
            with_unit_price: self
                .entries
                .iter()
                .filter(|e| e.reference_price.is_some() || !e.products.is_empty())
                .count() as u32,
            drug_count: self.batch.drug_count.value,
            confirmed_winning_named: named_procured,
        }
    }
}

/// How much of the batch the catalog names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub entries: u32,
    pub winning: u32,
    pub proposed_winner: u32,
    pub in_bid_list: u32,
    pub withdrawn: u32,
    pub application_stage: u32,
    /// Entries with at least one known per-unit winning price.
    pub with_unit_price: u32,
    /// The batch's procured drug count (60 for batch 7).
    pub drug_count: Option<u32>,
    /// Entries named as winning or proposed-winning.
    pub confirmed_winning_named: u32,
}

fn strip_trailing_bracket(key: &str) -> &str {
    if let Some(stripped) = key.strip_suffix(')') {
        if let Some(open) = stripped.rfind('(') {
            return key[..open].trim_end();
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn embedded_catalog_reads_and_holds_the_headline_facts() {
        let c = batch7().unwrap();
        assert_eq!(c.batch.batch, 7);
        assert_eq!(c.batch.drug_count.value, Some(60));
        assert_eq!(c.batch.category_count.value, Some(31));
        assert_eq!(
            c.batch.average_price_cut.value,
            Some(Decimal::from_str("0.48").unwrap())
        );
        assert_eq!(c.batch.product_count.value, Some(327));
        assert_eq!(c.batch.companies_won.value, Some(217));
        assert_eq!(
            c.batch.expected_yearly_savings.value,
            Some(Decimal::from(18_500_000_000u64))
        );
        for f in [
            &c.batch.drug_count,
            &c.batch.category_count,
            &c.batch.product_count,
            &c.batch.companies_won,
        ] {
            assert!(f.source.as_deref().is_some_and(|s| !s.is_empty()));
            assert_eq!(f.confidence, Confidence::High);
        }
    }

    #[test]
    fn every_entry_carries_sources_and_unique_id() {
        let c = batch7().unwrap();
        let mut ids = std::collections::HashSet::new();
        for e in &c.entries {
            assert!(ids.insert(e.id.clone()), "duplicate id {}", e.id);
            assert!(!e.sources.is_empty(), "{} has no source", e.id);
            for p in &e.products {
                assert!(!p.source.is_empty());
                assert!(p.unit_price().is_some());
            }
            if let Some(f) = &e.reference_price {
                assert!(f.source.is_some());
            }
        }
        // no name or alias may point at two entries
        let mut names = std::collections::HashMap::new();
        for e in &c.entries {
            for n in e.names() {
                if let Some(other) = names.insert(normalize_name(n), e.id.clone()) {
                    assert_eq!(other, e.id, "alias {n} is shared by {other} and {}", e.id);
                }
            }
        }
    }

    #[test]
    fn finds_by_chinese_english_alias_and_brand_suffix() {
        let c = batch7().unwrap();
        assert_eq!(c.find("甲磺酸仑伐替尼胶囊").unwrap().id, "lenvatinib");
        assert_eq!(c.find(" 仑伐替尼 ").unwrap().id, "lenvatinib");
        assert_eq!(c.find("Lenvatinib").unwrap().id, "lenvatinib");
        assert_eq!(
            c.find("甲磺酸仑伐替尼胶囊（乐卫玛）").unwrap().id,
            "lenvatinib"
        );
        assert_eq!(c.find("磷酸奥司他韦胶囊").unwrap().id, "oseltamivir");
        assert!(
            c.find("硝苯地平").is_none(),
            "ambiguous stem must not match"
        );
        assert!(c.find("阿司匹林").is_none());
        assert!(c.find("").is_none());
    }

    #[test]
    fn product_by_manufacturer_matches_substrings() {
        let c = batch7().unwrap();
        let osel = c.get("oseltamivir").unwrap();
        let p = osel
            .product_by_manufacturer("宜昌东阳光长江药业股份有限公司")
            .unwrap();
        assert_eq!(p.unit_price().unwrap(), Decimal::from_str("0.999").unwrap());
        assert!(osel.product_by_manufacturer("某某药业").is_none());
        assert!(osel.product_by_manufacturer("").is_none());
    }

    #[test]
    fn coverage_counts_the_partial_list() {
        let cov = batch7().unwrap().coverage();
        assert_eq!(cov.drug_count, Some(60));
        assert_eq!(
            cov.entries,
            cov.winning
                + cov.proposed_winner
                + cov.in_bid_list
                + cov.withdrawn
                + cov.application_stage
        );
        assert!(cov.confirmed_winning_named < 60);
        assert_eq!(cov.withdrawn, 1);
    }
}
