//! Which catalog product a hospital's usage line is: by generic name, specification
//! (strength) and manufacturer. A match is applied only when it is certain; an
//! uncertain one goes to a review list with its candidates, and the user decides with
//! an override (line → product). Nothing is guessed.
//!
//! * **name** — exact after normalisation on the generic name or an alias (see
//!   [`Catalog::find`]); a name that only contains, or is contained in, a catalog name
//!   (`依巴斯汀` vs `依巴斯汀片`) is a candidate, never a match;
//! * **strength** — a product whose pack states another strength than the line's
//!   specification (`150mg` vs `75mg`) is excluded; a missing strength excludes nothing;
//! * **manufacturer** — the winning company or one of its aliases, as a substring either
//!   way. A line without a manufacturer can't tell which winner it bought from: review,
//!   unless the catalog gives a drug-level price that applies whoever supplies.
//!
//! Products are named `entry_id#n` (n from 1, the product's place in the entry).

use crate::catalog::{Catalog, Entry, Product};
use crate::error::{Error, ErrorCode, Result};
use crate::line::UsageLine;
use crate::values::item::normalize_name;
use crate::values::money;
use crate::values::pack;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How a line was matched to the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// Certain: the name matched exactly and, where the catalog has products, exactly one
    /// product fits the line's manufacturer and strength.
    Matched,
    /// Chosen by the user's override.
    Overridden,
    /// Candidates exist but the line does not say which: listed for review, not applied.
    Uncertain,
    /// The drug (or this manufacturer's product of it) is not in the catalog.
    Unmatched,
}

/// The override word that means "use no catalog product or entry for this line".
pub const OVERRIDE_NONE: &str = "none";

/// A product (or an entry without products) a line may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// `entry_id#n` for a product, `entry_id` for an entry-level candidate.
    pub product: String,
    pub entry_id: String,
    pub drug: String,
    pub company: Option<String>,
    pub pack: Option<String>,
    /// `pack` in Chinese, where the catalog gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_zh: Option<String>,
    /// Per-smallest-unit winning price (pack price ÷ units per pack, exact where it terminates,
    /// else rounded to 10 decimal places), when known.
    #[serde(with = "money::serde_str::option")]
    pub unit_price: Option<Decimal>,
    pub unit: Option<String>,
}

/// The match of one line.
#[derive(Debug, Clone)]
pub struct LineMatch<'c> {
    pub entry: Option<&'c Entry>,
    pub product: Option<(usize, &'c Product)>,
    pub status: MatchStatus,
    /// Shared with every review item of the lines named the same way (not copied per line).
    pub candidates: Arc<[Candidate]>,
    pub reason: String,
    pub reason_zh: String,
}

impl LineMatch<'_> {
    /// The `entry_id#n` of the matched product.
    pub fn product_ref(&self) -> Option<String> {
        match (self.entry, self.product) {
            (Some(e), Some((i, _))) => Some(e.product_ref(i)),
            _ => None,
        }
    }
}

fn product_candidate(e: &Entry, i: usize, p: &Product) -> Candidate {
    Candidate {
        product: e.product_ref(i),
        entry_id: e.id.clone(),
        drug: e.generic_name_zh.clone(),
        company: Some(p.company.clone()),
        pack: Some(p.pack.clone()),
        pack_zh: p.pack_zh.clone(),
        unit_price: p.display_unit_price(),
        unit: Some(p.unit.clone()),
    }
}

fn entry_candidates(e: &Entry) -> Vec<Candidate> {
    if e.products.is_empty() {
        return vec![Candidate {
            product: e.id.clone(),
            entry_id: e.id.clone(),
            drug: e.generic_name_zh.clone(),
            company: None,
            pack: None,
            pack_zh: None,
            unit_price: e.reference_price.as_ref().and_then(|f| f.value),
            unit: e.unit.clone(),
        }];
    }
    e.products
        .iter()
        .enumerate()
        .map(|(i, p)| product_candidate(e, i, p))
        .collect()
}

/// True when a product belongs to the manufacturer (company or alias, substring either way).
pub fn made_by(p: &Product, manufacturer: &str) -> bool {
    let m = normalize_name(manufacturer);
    std::iter::once(&p.company)
        .chain(p.company_aliases.iter())
        .any(|alias| same_company(&normalize_name(alias), &m))
}

/// True when a manufacturer as a line writes it names the company (substring either way,
/// after normalising: "先声药业" and "江苏先声药业有限公司").
pub fn names_company(company: &str, manufacturer: &str) -> bool {
    same_company(&normalize_name(company), &normalize_name(manufacturer))
}

fn same_company(company: &str, manufacturer: &str) -> bool {
    !company.is_empty()
        && !manufacturer.is_empty()
        && (manufacturer.contains(company) || company.contains(manufacturer))
}

/// Entries whose name contains the line's drug name or is contained in it (at least two
/// characters on both sides): candidates, never matches.
fn name_candidates<'c>(catalog: &'c Catalog, drug: &str) -> Vec<&'c Entry> {
    let key = normalize_name(drug);
    if key.chars().count() < 2 {
        return vec![];
    }
    let mut hits: Vec<usize> = catalog
        .name_keys()
        .iter()
        .filter(|(n, _)| n.chars().count() >= 2 && (n.contains(&key) || key.contains(n.as_str())))
        .map(|(_, i)| *i)
        .collect();
    hits.dedup();
    hits.into_iter()
        .filter_map(|i| catalog.entries.get(i))
        .collect()
}

/// Resolves an override: `entry_id#n` (a product), `entry_id` (an entry, no product) or `none`.
fn resolve_override<'c>(catalog: &'c Catalog, line: u64, word: &str) -> Result<LineMatch<'c>> {
    let word = word.trim();
    let bad = || {
        Error::new(
            ErrorCode::BadValue,
            format!("line {line}: the override '{word}' names no product of the catalog (use entry_id#n, entry_id or none)"),
            format!("第{line}行：人工指定的“{word}”不是目录中的产品（应为 entry_id#n、entry_id 或 none）"),
        )
    };
    let chosen = |entry, product| LineMatch {
        entry,
        product,
        status: MatchStatus::Overridden,
        candidates: Arc::from([]),
        reason: "chosen by your override".into(),
        reason_zh: "人工指定".into(),
    };
    if word.eq_ignore_ascii_case(OVERRIDE_NONE) {
        return Ok(chosen(None, None));
    }
    let (id, n) = match word.rsplit_once('#') {
        Some((id, n)) => (id, Some(n.parse::<usize>().map_err(|_| bad())?)),
        None => (word, None),
    };
    let e = catalog.get(id).ok_or_else(bad)?;
    match n {
        None => Ok(chosen(Some(e), None)),
        Some(n) => {
            let i = n.checked_sub(1).ok_or_else(bad)?;
            let p = e.products.get(i).ok_or_else(bad)?;
            Ok(chosen(Some(e), Some((i, p))))
        }
    }
}

/// Matches one usage line to the catalog. `override_word`, when given, decides.
/// Errors only for an override that names nothing in the catalog.
pub fn match_line<'c>(
    line: &UsageLine,
    catalog: &'c Catalog,
    override_word: Option<&str>,
) -> Result<LineMatch<'c>> {
    if let Some(word) = override_word {
        return resolve_override(catalog, line.line, word);
    }
    let Some(entry) = catalog.find(&line.drug) else {
        let near = name_candidates(catalog, &line.drug);
        if near.is_empty() {
            return Ok(LineMatch {
                entry: None,
                product: None,
                status: MatchStatus::Unmatched,
                candidates: Arc::from([]),
                reason: "no catalog entry has this name".into(),
                reason_zh: "目录中没有这个名称".into(),
            });
        }
        let names: Vec<&str> = near.iter().map(|e| e.generic_name_zh.as_str()).collect();
        return Ok(LineMatch {
            entry: None,
            product: None,
            status: MatchStatus::Uncertain,
            candidates: near.iter().flat_map(|e| entry_candidates(e)).collect(),
            reason: format!(
                "the name only resembles {}: confirm with an override",
                names.join(", ")
            ),
            reason_zh: format!("名称与{}相近但不一致：请人工确认", names.join("、")),
        });
    };
    if entry.products.is_empty() {
        return Ok(LineMatch {
            entry: Some(entry),
            product: None,
            status: MatchStatus::Matched,
            candidates: Arc::from([]),
            reason: "matched by name; the catalog has no product prices for it".into(),
            reason_zh: "按名称匹配；目录中无该药品的产品价格".into(),
        });
    }
    let line_strength = line.specification.as_deref().and_then(pack::strength);
    let strength_fits = |p: &Product| match (&line_strength, pack::strength(&p.pack)) {
        (Some(a), Some(b)) => *a == b,
        _ => true,
    };
    let fitting: Vec<(usize, &Product)> = entry
        .products
        .iter()
        .enumerate()
        .filter(|(_, p)| strength_fits(p))
        .collect();
    let all = |ps: &[(usize, &Product)]| {
        ps.iter()
            .map(|(i, p)| product_candidate(entry, *i, p))
            .collect::<Arc<[Candidate]>>()
    };
    match line.manufacturer.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => {
            let by_maker: Vec<(usize, &Product)> = fitting.iter().copied().filter(|(_, p)| made_by(p, m)).collect();
            match by_maker.as_slice() {
                [(i, p)] => Ok(LineMatch {
                    entry: Some(entry),
                    product: Some((*i, *p)),
                    status: MatchStatus::Matched,
                    candidates: Arc::from([]),
                    reason: "matched by name, manufacturer and strength".into(),
                    reason_zh: "按名称、生产企业和规格匹配".into(),
                }),
                [] => {
                    let other_strength = entry.products.iter().any(|p| made_by(p, m) && !strength_fits(p));
                    let (reason, reason_zh) = if other_strength {
                        (
                            "this manufacturer's winning product has another strength than the line's specification".to_string(),
                            "该企业的中选产品规格（含量）与该行不同".to_string(),
                        )
                    } else {
                        ("this manufacturer is not among the catalog's winners of the drug (a non-winning product?)".to_string(), "该企业不在目录中该药品的中选企业之列（非中选产品？）".to_string())
                    };
                    Ok(LineMatch { entry: Some(entry), product: None, status: MatchStatus::Unmatched, candidates: all(&fitting), reason, reason_zh })
                }
                many => Ok(LineMatch {
                    entry: Some(entry),
                    product: None,
                    status: MatchStatus::Uncertain,
                    candidates: all(many),
                    reason: "several products of this manufacturer fit: give the specification, or choose one".into(),
                    reason_zh: "该企业有多个产品符合：请填写规格或人工选择".into(),
                }),
            }
        }
        None if entry.reference_price.as_ref().is_some_and(|f| f.value.is_some()) => Ok(LineMatch {
            entry: Some(entry),
            product: None,
            status: MatchStatus::Matched,
            candidates: Arc::from([]),
            reason: "matched by name; a drug-level price applies whoever supplies".into(),
            reason_zh: "按名称匹配；药品层面价格适用于所有供应企业".into(),
        }),
        None => Ok(LineMatch {
            entry: Some(entry),
            product: None,
            status: if fitting.is_empty() { MatchStatus::Unmatched } else { MatchStatus::Uncertain },
            candidates: all(&fitting),
            reason: "the line names no manufacturer, so which winning product it is can't be told: add 生产企业 or choose one".into(),
            reason_zh: "该行未注明生产企业，无法确定是哪个中选产品：请补充生产企业或人工选择".into(),
        }),
    }
}

/// One line of the review table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub line: u64,
    pub drug: String,
    pub manufacturer: Option<String>,
    pub specification: Option<String>,
    pub status: MatchStatus,
    /// The matched product (`entry_id#n`) or entry id.
    pub product: Option<String>,
    pub entry_id: Option<String>,
    pub reason: String,
    pub reason_zh: String,
    pub candidates: Arc<[Candidate]>,
}

impl ReviewItem {
    pub fn new(line: &UsageLine, m: &LineMatch<'_>) -> ReviewItem {
        ReviewItem {
            line: line.line,
            drug: line.drug.trim().to_string(),
            manufacturer: line.manufacturer.clone(),
            specification: line.specification.clone(),
            status: m.status,
            product: m.product_ref().or_else(|| m.entry.map(|e| e.id.clone())),
            entry_id: m.entry.map(|e| e.id.clone()),
            reason: m.reason.clone(),
            reason_zh: m.reason_zh.clone(),
            candidates: Arc::clone(&m.candidates),
        }
    }
}

/// Every line of a usage table with its match: the review table, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchReport {
    pub lines: Vec<ReviewItem>,
    pub matched: u64,
    pub overridden: u64,
    pub uncertain: u64,
    pub unmatched: u64,
    /// Rows that could not be read as usage lines.
    pub rejected: Vec<crate::line::Problem>,
}

/// Matches every line of a usage table to the catalog (applying `overrides`).
pub fn review_rows<S: AsRef<str>>(
    rows: impl Iterator<
        Item = std::result::Result<crate::import::table::Row<S>, crate::import::table::RowError>,
    >,
    catalog: &Catalog,
    overrides: &std::collections::BTreeMap<u64, String>,
) -> Result<MatchReport> {
    let mut sink = crate::line::Collect::default();
    crate::import::table::read_usage(rows, &mut sink)?;
    let mut report = MatchReport {
        lines: vec![],
        matched: 0,
        overridden: 0,
        uncertain: 0,
        unmatched: 0,
        rejected: sink.problems,
    };
    for line in &sink.lines {
        match match_line(line, catalog, overrides.get(&line.line).map(String::as_str)) {
            Ok(m) => {
                match m.status {
                    MatchStatus::Matched => report.matched += 1,
                    MatchStatus::Overridden => report.overridden += 1,
                    MatchStatus::Uncertain => report.uncertain += 1,
                    MatchStatus::Unmatched => report.unmatched += 1,
                }
                report.lines.push(ReviewItem::new(line, &m));
            }
            Err(e) => report.rejected.push(crate::line::Problem::new(
                line.line,
                Some("drug"),
                Some(&line.drug),
                e,
            )),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::batch7;
    use std::str::FromStr;

    fn line(drug: &str, manufacturer: Option<&str>, spec: Option<&str>) -> UsageLine {
        UsageLine {
            line: 2,
            drug: drug.into(),
            quantity: Decimal::ONE,
            baseline_unit_price: Decimal::from_str("6.45").unwrap(),
            manufacturer: manufacturer.map(Into::into),
            specification: spec.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn manufacturer_and_strength_decide() {
        let c = batch7().unwrap();
        let m = match_line(
            &line(
                "磷酸奥司他韦胶囊",
                Some("宜昌东阳光长江药业"),
                Some("75mg*10粒"),
            ),
            c,
            None,
        )
        .unwrap();
        assert_eq!(m.status, MatchStatus::Matched);
        assert_eq!(m.product_ref().as_deref(), Some("oseltamivir#2"));
        // another strength: not this product
        let m = match_line(
            &line("磷酸奥司他韦胶囊", Some("东阳光"), Some("30mg×10粒")),
            c,
            None,
        )
        .unwrap();
        assert_eq!(m.status, MatchStatus::Unmatched);
        assert!(m.reason.contains("strength"));
        // no manufacturer: review, with both winners as candidates
        let m = match_line(&line("磷酸奥司他韦胶囊", None, None), c, None).unwrap();
        assert_eq!(m.status, MatchStatus::Uncertain);
        assert_eq!(m.candidates.len(), 2);
        assert_eq!(
            m.candidates[1].unit_price,
            Some(Decimal::from_str("0.999").unwrap())
        );
        // a drug-level price applies whoever supplies
        let m = match_line(&line("甲磺酸仑伐替尼胶囊", None, None), c, None).unwrap();
        assert_eq!(m.status, MatchStatus::Matched);
        // a name that only resembles: candidates, never a match
        let m = match_line(&line("奥司他韦颗粒剂", None, None), c, None).unwrap();
        assert_eq!(m.status, MatchStatus::Uncertain);
        assert!(m.entry.is_none());
    }

    #[test]
    fn overrides_decide_and_are_checked() {
        let c = batch7().unwrap();
        let l = line("磷酸奥司他韦胶囊", None, None);
        let m = match_line(&l, c, Some("oseltamivir#1")).unwrap();
        assert_eq!(
            (m.status, m.product.map(|(_, p)| p.company.as_str())),
            (MatchStatus::Overridden, Some("Hetero Labs"))
        );
        let m = match_line(&l, c, Some("none")).unwrap();
        assert!(m.entry.is_none() && m.product.is_none());
        for bad in ["oseltamivir#9", "oseltamivir#0", "nosuch", "oseltamivir#x"] {
            assert_eq!(
                match_line(&l, c, Some(bad)).unwrap_err().code,
                ErrorCode::BadValue,
                "{bad}"
            );
        }
    }
}
