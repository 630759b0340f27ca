//! Purchase records and agreed volumes as the engine reads them, and the classification
//! of a record: winning (中选), non-winning (非中选), alternative (替代), or not counted.
//!
//! A record's `role` column decides. Without one:
//! * a drug of the catalog (a procured drug, not a withdrawn one) or one named in the agreed
//!   volumes is **winning** when its manufacturer is a known winner of that drug — a
//!   catalog product's company or alias, a catalog winner, or a manufacturer the agreed
//!   volumes name for the drug; **non-winning** when it names another manufacturer and
//!   the winners are known; **unclassified** (a warning, not counted) when it names no
//!   manufacturer, when no winner of the drug is known, or when the catalog's list of
//!   winners is stated to be partial ("10 winners incl. …") and the agreed volumes name none;
//! * another drug is an **alternative** only when mapped to a VBP drug (the `group` column
//!   or the `groups` option); otherwise it is outside the evaluation (a warning, not counted).

use super::periods::Month;
use crate::catalog::{Catalog, Entry};
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::matching::{made_by, names_company};
use crate::values::item::normalize_name;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// What a purchase is within its VBP group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A winning product (中选).
    Winning,
    /// A non-winning product of the same drug (非中选).
    NonWinning,
    /// Another drug used instead (替代).
    Alternative,
}

impl Role {
    /// Every role, in report order.
    pub const ALL: [Role; 3] = [Role::Winning, Role::NonWinning, Role::Alternative];

    /// Reads a role cell: `winning`/`中选`, `non_winning`/`非中选`, `alternative`/`替代` and their
    /// usual variants. `None` for any other word (the caller reports it).
    pub fn parse(text: &str) -> Option<Role> {
        let n: String = normalize_name(text)
            .chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .collect();
        match n.as_str() {
            "winning" | "winner" | "won" | "中选" | "中选产品" | "中选药品" | "中标"
            | "中选品种" => Some(Role::Winning),
            "nonwinning" | "nonwinner" | "notwinning" | "非中选" | "非中选产品" | "非中选药品"
            | "未中选" | "非中标" | "未中标" => Some(Role::NonWinning),
            "alternative" | "alternatives" | "substitute" | "替代" | "替代药品" | "替代药"
            | "可替代药品" | "替代品种" => Some(Role::Alternative),
            _ => None,
        }
    }

    /// The stable string form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Winning => "winning",
            Role::NonWinning => "non_winning",
            Role::Alternative => "alternative",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One purchase record (a product in a month, or one order), validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRecord {
    /// The line in the file (the header's line counts; the first line is 1).
    pub line: u64,
    pub month: Month,
    pub drug: String,
    pub manufacturer: Option<String>,
    /// Negative = a return.
    pub quantity: Decimal,
    /// The exact spend.
    pub amount: Decimal,
    /// The row's DDDs, when given.
    pub ddds: Option<Decimal>,
    /// DDDs per unit of the quantity, when given.
    pub ddd_per_unit: Option<Decimal>,
    pub role: Option<Role>,
    /// The VBP drug (generic name) the row belongs to.
    pub group: Option<String>,
    pub specification: Option<String>,
    pub unit: Option<String>,
}

/// One agreed volume (约定采购量) for a drug, or one of its manufacturers, over a cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreedVolume {
    pub line: u64,
    pub drug: String,
    pub manufacturer: Option<String>,
    /// In the unit of the purchase quantities (or `unit`, when given).
    pub agreed_volume: Decimal,
    pub cycle_start: Month,
    pub cycle_end: Month,
    pub specification: Option<String>,
    pub unit: Option<String>,
}

/// A defined daily dose (DDD) the user gives for a drug: `{"drug": "依折麦布片", "ddd": "10mg"}`.
/// A row's DDDs are then its quantity (in the smallest unit) × the strength its
/// specification states ÷ the DDD.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DddInput {
    pub drug: String,
    /// The DDD with its unit (`10mg`, `0.5 g`, `2 g`): one quantity, as the WHO ATC/DDD index states it.
    pub ddd: String,
    /// Where the value comes from (the WHO ATC/DDD index, the hospital's own table …).
    #[serde(default)]
    pub source: Option<String>,
}

/// A strength as (family, amount in the family's base unit): `10mg` → (`mg`, 10).
fn single_strength(text: &str) -> Option<(String, Decimal)> {
    let key = crate::values::pack::strength(text)?;
    if key.contains('|') {
        return None;
    }
    let (family, value) = key.split_once(':')?;
    let v: Decimal = value.parse().ok()?;
    (v > Decimal::ZERO).then(|| (family.to_string(), v))
}

/// The DDD table: drug key → (family, DDD in the family's base unit, as given).
#[derive(Debug, Clone, Default)]
pub struct DddTable {
    by_drug: HashMap<String, (String, Decimal, String)>,
}

impl DddTable {
    /// Reads the user's DDD entries; an entry that states no single positive strength is an error.
    pub fn new(catalog: &Catalog, entries: &[DddInput]) -> Result<DddTable> {
        let mut by_drug = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let (family, value) = single_strength(&e.ddd).ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "ddd[{i}] ({}): '{}' is not one dose with its unit (e.g. 10mg, 0.5 g)",
                        e.drug, e.ddd
                    ),
                    format!(
                        "ddd[{i}]（{}）：“{}”不是带单位的剂量（如 10mg、0.5 g）",
                        e.drug, e.ddd
                    ),
                )
            })?;
            if e.drug.trim().is_empty() {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    format!("ddd[{i}]: the drug is empty"),
                    format!("ddd[{i}]：药品名称为空"),
                ));
            }
            by_drug.insert(
                drug_key(catalog, &e.drug).0,
                (family, value, e.ddd.trim().to_string()),
            );
        }
        Ok(DddTable { by_drug })
    }

    /// True when no DDD was given.
    pub fn is_empty(&self) -> bool {
        self.by_drug.is_empty()
    }

    /// DDDs of `units` smallest units of a drug whose specification is `spec`: units ×
    /// strength ÷ DDD, rounded to 12 decimal places. `None` when the drug has no DDD here
    /// or the specification states no strength of the DDD's kind.
    pub fn ddds(&self, key: &str, spec: Option<&str>, units: Decimal) -> Option<Decimal> {
        let (family, ddd, _) = self.by_drug.get(key)?;
        let (f, strength) = single_strength(spec?)?;
        if &f != family {
            return None;
        }
        let amount = crate::values::money::mul(units, strength).ok()?;
        crate::values::money::ratio(amount, *ddd)
    }

    /// True when the drug has a DDD here.
    pub fn has(&self, key: &str) -> bool {
        self.by_drug.contains_key(key)
    }
}

/// A drug's key: the catalog entry's id, or `name:` and the normalised name.
pub fn drug_key<'c>(catalog: &'c Catalog, drug: &str) -> (String, Option<&'c Entry>) {
    crate::plan::supply::drug_key(catalog, drug)
}

/// Why a record of a VBP drug could not be classified without a role column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unclassified {
    /// The row names no manufacturer.
    NoManufacturer,
    /// No winner of the drug is known (catalog or agreed volumes).
    WinnersUnknown,
    /// The catalog's list of winners is stated to be partial and the agreed volumes name none.
    WinnersPartial,
}

/// Where a record goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// Counted in `group` (a drug key) with `role`; `inferred` when non-winning was concluded
    /// from the manufacturer not being a known winner.
    Counted {
        group: String,
        role: Role,
        inferred: bool,
    },
    /// A VBP drug's row whose role is unknown: a warning, not counted.
    Unclassified(Unclassified),
    /// A drug in no VBP group: not counted.
    Outside,
}

/// Classifies records (see the module docs).
pub struct Classifier<'c> {
    catalog: &'c Catalog,
    /// Drug key → manufacturers the agreed volumes name for it.
    agreed: HashMap<String, Vec<String>>,
    /// Drug key → group text (the `groups` option).
    groups: HashMap<String, String>,
}

/// True when a catalog winner's text describes several winners rather than naming one
/// ("10 winners incl. Hetero, Kelun, HEC"): the list is partial.
fn describes_several(company: &str) -> bool {
    let n = normalize_name(company);
    n.contains("winners") || n.contains("incl") || n.contains('等')
}

impl<'c> Classifier<'c> {
    /// A classifier for these agreed volumes and the user's drug → group mapping.
    pub fn new(
        catalog: &'c Catalog,
        agreed: &[AgreedVolume],
        groups: &BTreeMap<String, String>,
    ) -> Classifier<'c> {
        let mut by_drug: HashMap<String, Vec<String>> = HashMap::new();
        for a in agreed {
            let list = by_drug.entry(drug_key(catalog, &a.drug).0).or_default();
            if let Some(m) = a
                .manufacturer
                .as_deref()
                .map(str::trim)
                .filter(|m| !m.is_empty())
            {
                if !list.iter().any(|x| x == m) {
                    list.push(m.to_string());
                }
            }
        }
        let groups = groups
            .iter()
            .filter(|(_, g)| !g.trim().is_empty())
            .map(|(d, g)| (drug_key(catalog, d).0, g.trim().to_string()))
            .collect();
        Classifier {
            catalog,
            agreed: by_drug,
            groups,
        }
    }

    /// A drug's key and catalog entry.
    pub fn key(&self, drug: &str) -> (String, Option<&'c Entry>) {
        drug_key(self.catalog, drug)
    }

    /// The group text a record maps to: its `group` cell, else the `groups` option.
    pub fn group_text<'a>(&'a self, r: &'a PurchaseRecord, drug_key: &str) -> Option<&'a str> {
        r.group
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .or_else(|| self.groups.get(drug_key).map(String::as_str))
    }

    /// True when the drug is a VBP drug here: procured in the catalog's batch, or named in the agreed volumes.
    pub fn is_vbp(&self, key: &str, entry: Option<&Entry>) -> bool {
        entry.is_some_and(Entry::is_procured) || self.agreed.contains_key(key)
    }

    /// The manufacturers known to have won this drug, as the sources write them.
    pub fn known_winners(&self, key: &str, entry: Option<&Entry>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let Some(e) = entry.filter(|e| e.is_procured()) {
            out.extend(e.products.iter().map(|p| p.company.clone()));
            out.extend(
                e.winners
                    .iter()
                    .filter(|w| !describes_several(&w.company))
                    .map(|w| w.company.clone()),
            );
        }
        if let Some(list) = self.agreed.get(key) {
            out.extend(list.iter().cloned());
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|w| seen.insert(normalize_name(w)));
        out
    }

    fn is_winner(&self, key: &str, entry: Option<&Entry>, manufacturer: &str) -> bool {
        if let Some(e) = entry.filter(|e| e.is_procured()) {
            if e.products.iter().any(|p| made_by(p, manufacturer)) {
                return true;
            }
            if e.winners
                .iter()
                .filter(|w| !describes_several(&w.company))
                .any(|w| names_company(&w.company, manufacturer))
            {
                return true;
            }
        }
        self.agreed
            .get(key)
            .is_some_and(|list| list.iter().any(|m| names_company(m, manufacturer)))
    }

    fn winners_partial(&self, key: &str, entry: Option<&Entry>) -> bool {
        let named_by_agreed = self.agreed.get(key).is_some_and(|l| !l.is_empty());
        !named_by_agreed
            && entry.is_some_and(|e| e.winners.iter().any(|w| describes_several(&w.company)))
    }

    /// Classifies a record.
    pub fn classify(&self, r: &PurchaseRecord) -> Class {
        let (key, entry) = self.key(&r.drug);
        let group_text = self.group_text(r, &key);
        let group_key = group_text.map(|g| self.key(g).0);
        if let Some(role) = r.role {
            let group = group_key.unwrap_or(key);
            return Class::Counted {
                group,
                role,
                inferred: false,
            };
        }
        if let Some(g) = group_key.filter(|g| *g != key) {
            return Class::Counted {
                group: g,
                role: Role::Alternative,
                inferred: false,
            };
        }
        if !self.is_vbp(&key, entry) {
            return Class::Outside;
        }
        let Some(m) = r
            .manufacturer
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        else {
            return Class::Unclassified(Unclassified::NoManufacturer);
        };
        if self.is_winner(&key, entry, m) {
            return Class::Counted {
                group: key,
                role: Role::Winning,
                inferred: false,
            };
        }
        if self.known_winners(&key, entry).is_empty() {
            return Class::Unclassified(Unclassified::WinnersUnknown);
        }
        if self.winners_partial(&key, entry) {
            return Class::Unclassified(Unclassified::WinnersPartial);
        }
        Class::Counted {
            group: key,
            role: Role::NonWinning,
            inferred: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::batch7;

    fn rec(drug: &str, manufacturer: Option<&str>) -> PurchaseRecord {
        PurchaseRecord {
            line: 2,
            month: Month::parse("2023-01").unwrap(),
            drug: drug.into(),
            manufacturer: manufacturer.map(Into::into),
            quantity: Decimal::ONE,
            amount: Decimal::ONE,
            ddds: None,
            ddd_per_unit: None,
            role: None,
            group: None,
            specification: None,
            unit: None,
        }
    }

    #[test]
    fn roles_read_in_both_languages() {
        assert_eq!(Role::parse("中选"), Some(Role::Winning));
        assert_eq!(Role::parse("non_winning"), Some(Role::NonWinning));
        assert_eq!(Role::parse("Non-winning"), Some(Role::NonWinning));
        assert_eq!(Role::parse(" 替代 "), Some(Role::Alternative));
        assert_eq!(Role::parse("甲类"), None);
    }

    #[test]
    fn classification_without_a_role_column() {
        let c = batch7().unwrap();
        let k = Classifier::new(c, &[], &BTreeMap::new());
        let counted = |r: &PurchaseRecord| k.classify(r);
        // a known winner (a catalog product's company)
        assert_eq!(
            counted(&rec("甲磺酸仑伐替尼胶囊", Some("江苏先声药业有限公司"))),
            Class::Counted {
                group: "lenvatinib".into(),
                role: Role::Winning,
                inferred: false
            }
        );
        // a named winner without a price
        assert_eq!(
            counted(&rec(
                "甲磺酸仑伐替尼胶囊",
                Some("正大天晴药业集团股份有限公司")
            )),
            Class::Counted {
                group: "lenvatinib".into(),
                role: Role::Winning,
                inferred: false
            }
        );
        // another manufacturer: non-winning, inferred
        assert_eq!(
            counted(&rec("甲磺酸仑伐替尼胶囊", Some("卫材(中国)药业有限公司"))),
            Class::Counted {
                group: "lenvatinib".into(),
                role: Role::NonWinning,
                inferred: true
            }
        );
        // no manufacturer
        assert_eq!(
            counted(&rec("甲磺酸仑伐替尼胶囊", None)),
            Class::Unclassified(Unclassified::NoManufacturer)
        );
        // winners unknown (roxithromycin: none named)
        assert_eq!(
            counted(&rec("罗红霉素片", Some("某药业"))),
            Class::Unclassified(Unclassified::WinnersUnknown)
        );
        // the catalog states its list is partial (oseltamivir: "10 winners incl. …")
        assert_eq!(
            counted(&rec("磷酸奥司他韦胶囊", Some("某药业"))),
            Class::Unclassified(Unclassified::WinnersPartial)
        );
        assert_eq!(
            counted(&rec(
                "磷酸奥司他韦胶囊",
                Some("宜昌东阳光长江药业股份有限公司")
            )),
            Class::Counted {
                group: "oseltamivir".into(),
                role: Role::Winning,
                inferred: false
            }
        );
        // another drug, not mapped: outside; mapped: an alternative
        assert_eq!(
            counted(&rec("阿司匹林肠溶片", Some("拜耳"))),
            Class::Outside
        );
        let mut r = rec("索拉非尼片", Some("拜耳"));
        r.group = Some("仑伐替尼".into());
        assert_eq!(
            counted(&r),
            Class::Counted {
                group: "lenvatinib".into(),
                role: Role::Alternative,
                inferred: false
            }
        );
        // a withdrawn drug is not a VBP drug
        assert_eq!(
            counted(&rec("磺胺甲噁唑口服常释剂型", Some("某药业"))),
            Class::Outside
        );
    }

    #[test]
    fn agreed_volumes_name_winners() {
        let c = batch7().unwrap();
        let agreed = vec![AgreedVolume {
            line: 2,
            drug: "罗红霉素片".into(),
            manufacturer: Some("某某制药".into()),
            agreed_volume: Decimal::from(1000),
            cycle_start: Month::parse("2022-11").unwrap(),
            cycle_end: Month::parse("2023-10").unwrap(),
            specification: None,
            unit: None,
        }];
        let k = Classifier::new(c, &agreed, &BTreeMap::new());
        let key = drug_key(c, "罗红霉素片").0;
        assert_eq!(
            k.classify(&rec("罗红霉素片", Some("某某制药有限公司"))),
            Class::Counted {
                group: key.clone(),
                role: Role::Winning,
                inferred: false
            }
        );
        assert_eq!(
            k.classify(&rec("罗红霉素片", Some("另一药厂"))),
            Class::Counted {
                group: key,
                role: Role::NonWinning,
                inferred: true
            }
        );
    }

    #[test]
    fn ddds_from_a_table_and_the_specification() {
        let c = batch7().unwrap();
        let t = DddTable::new(
            c,
            &[DddInput {
                drug: "依折麦布片".into(),
                ddd: "10mg".into(),
                source: None,
            }],
        )
        .unwrap();
        let key = drug_key(c, "依折麦布片").0;
        assert_eq!(
            t.ddds(&key, Some("10mg×30片/盒"), Decimal::from(60)),
            Some(Decimal::from(60))
        );
        assert_eq!(
            t.ddds(&key, Some("5 mg"), Decimal::from(3)),
            Some("1.5".parse().unwrap())
        );
        assert_eq!(t.ddds(&key, Some("30片/盒"), Decimal::from(3)), None);
        assert_eq!(t.ddds(&key, None, Decimal::from(3)), None);
        assert_eq!(t.ddds("other", Some("10mg"), Decimal::from(3)), None);
        assert!(DddTable::new(
            c,
            &[DddInput {
                drug: "x".into(),
                ddd: "ten".into(),
                source: None
            }]
        )
        .is_err());
    }
}
