//! The national VBP batches as data: the headline figures of batches 1–11 (drug
//! count, average cut, expected yearly savings, dates), each with its source and
//! confidence, embedded from `data/batches.json`. Unknown figures are `null` (batch
//! 10's average cut was not found). The engine is batch-agnostic: an estimate's batch is
//! the batch of the catalog it uses, and a batch without a catalog of its own is priced
//! from the lines and, where none is given, estimated at that batch's sourced average cut.

use crate::catalog::{BatchFacts, Catalog, Confidence, Fact};
use crate::error::{Error, ErrorCode, Result};
use crate::values::item::normalize_name;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Headline figures of one batch (or one stage of batch 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRecord {
    pub batch: u32,
    /// `pilot` / `expansion` for batch 1's two stages; `null` otherwise.
    pub stage: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    /// Bid opening or result date as reported.
    pub date: Fact<String>,
    pub implementation: Fact<String>,
    pub drug_count: Fact<u32>,
    pub product_count: Fact<u32>,
    pub companies_won: Fact<u32>,
    pub companies_bid: Fact<u32>,
    /// Fraction (0.48 = 48%), on the baseline its note names.
    pub average_price_cut: Fact<Decimal>,
    /// Yuan per year.
    pub expected_yearly_savings: Fact<Decimal>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// `notes` in Chinese, one for each English note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes_zh: Vec<String>,
}

/// The batches file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batches {
    pub schema: String,
    pub about: String,
    pub batches: Vec<BatchRecord>,
    /// Cumulative national figures across batches.
    pub cumulative: Vec<Fact<String>>,
}

const BATCHES_JSON: &str = include_str!("../../data/batches.json");

static BATCHES: OnceLock<std::result::Result<Batches, Error>> = OnceLock::new();

/// The embedded batches data (parsed once).
pub fn batches() -> Result<&'static Batches> {
    BATCHES
        .get_or_init(|| {
            serde_json::from_str(BATCHES_JSON).map_err(|e| {
                Error::new(
                    ErrorCode::CatalogData,
                    format!("the batches data could not be read: {e}"),
                    format!("批次数据无法读取：{e}"),
                )
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl Batches {
    /// The record of a batch: its first stage for batch 1 (the 4+7 pilot).
    pub fn get(&self, batch: u32) -> Option<&BatchRecord> {
        self.batches.iter().find(|b| b.batch == batch)
    }

    /// Every stage of a batch.
    pub fn stages(&self, batch: u32) -> impl Iterator<Item = &BatchRecord> {
        self.batches.iter().filter(move |b| b.batch == batch)
    }
}

fn unknown<T>() -> Fact<T> {
    Fact {
        value: None,
        source: None,
        confidence: Confidence::Unknown,
        note: None,
        note_zh: None,
        value_zh: None,
    }
}

/// Batch facts with every figure unknown (a catalog whose batch is not named).
pub fn unknown_facts(batch: u32) -> BatchFacts {
    BatchFacts {
        batch,
        name_zh: String::new(),
        name_en: String::new(),
        document_no: unknown(),
        bid_opening: unknown(),
        result_notice: unknown(),
        implementation: unknown(),
        drug_count: unknown(),
        bid_list_count: unknown(),
        category_count: unknown(),
        average_price_cut: unknown(),
        product_count: unknown(),
        companies_bid: unknown(),
        companies_won: unknown(),
        foreign_winners: unknown(),
        expected_yearly_savings: unknown(),
        cumulative_drugs: unknown(),
        supply_model: unknown(),
        conflicting_figures: vec![],
        regional: vec![],
    }
}

impl BatchRecord {
    /// The batch facts a catalog of this batch carries (figures this file does not hold are unknown).
    pub fn facts(&self) -> BatchFacts {
        BatchFacts {
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            bid_opening: self.date.clone(),
            implementation: self.implementation.clone(),
            drug_count: self.drug_count.clone(),
            average_price_cut: self.average_price_cut.clone(),
            product_count: self.product_count.clone(),
            companies_bid: self.companies_bid.clone(),
            companies_won: self.companies_won.clone(),
            expected_yearly_savings: self.expected_yearly_savings.clone(),
            ..unknown_facts(self.batch)
        }
    }
}

/// The catalog a batch is estimated against when the user brings none: batch 7's
/// embedded catalog, or the batch's headline facts with no named drugs.
pub fn catalog_for(batch: u32) -> Result<Catalog> {
    if batch == 7 {
        return crate::catalog::batch7().cloned();
    }
    let record = batches()?
        .get(batch)
        .ok_or_else(|| unknown_batch(&batch.to_string()))?;
    Ok(Catalog::new("vbp-savings/catalog@1", format!(
            "Batch {batch}: headline facts only (data/batches.json); no drugs or prices are named. Lines need their VBP price, or are estimated at the batch's sourced average cut where one is known."
        ), record.facts(), vec![]))
}

/// The error for a batch this tool has no facts for.
pub fn unknown_batch(text: &str) -> Error {
    Error::new(
        ErrorCode::UnknownBatch,
        format!("'{text}' is not a batch this tool has facts for (national batches 1-11)"),
        format!("“{text}”不是本工具收录的批次（国家集采第1至11批）"),
    )
}

/// The numbers a batch may have: national batches so far run 1–11; up to 99 is read so
/// that a later batch is named as unknown (no facts yet) rather than as not a number.
pub const BATCH_NUMBERS: std::ops::RangeInclusive<u32> = 1..=99;

/// A batch number given as a value (a part's or a result table's option, not a 批次
/// cell): a whole number in [`BATCH_NUMBERS`].
pub fn batch_number(text: &str) -> Result<u32> {
    match text.trim().parse::<u32>() {
        Ok(b) if BATCH_NUMBERS.contains(&b) => Ok(b),
        _ => Err(Error::new(
            ErrorCode::InvalidInput,
            format!("batch must be a whole number from 1 to 99, not '{text}'"),
            format!("批次须为1到99的整数，而不是“{text}”"),
        )),
    }
}

const CN_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| CN_DIGITS.iter().position(|&d| d == c).map(|i| i as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// Reads a batch cell: `7`, `７`, `第7批`, `第七批`, `七`, `batch 7`, `7th`, `4+7` (batch 1).
/// `None` when the text names no batch number.
pub fn parse_batch(text: &str) -> Option<u32> {
    let n = normalize_name(text);
    if n.is_empty() {
        return None;
    }
    if n.contains("4+7") {
        return Some(1);
    }
    let digits: String = n
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if !digits.is_empty() {
        return digits.parse().ok().filter(|b| BATCH_NUMBERS.contains(b));
    }
    let body = n.strip_prefix('第').unwrap_or(&n);
    let numeral: String = body
        .chars()
        .take_while(|c| *c == '十' || CN_DIGITS.contains(c))
        .collect();
    chinese_number(&numeral).filter(|b| BATCH_NUMBERS.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn batches_hold_the_sourced_headline_figures() {
        let b = batches().unwrap();
        for n in 1..=11 {
            assert!(b.get(n).is_some(), "batch {n}");
        }
        for r in &b.batches {
            for f in [
                &r.drug_count,
                &r.product_count,
                &r.companies_won,
                &r.companies_bid,
            ] {
                assert_eq!(
                    f.value.is_some(),
                    f.source.is_some(),
                    "batch {}: a figure needs a source",
                    r.batch
                );
                assert_eq!(
                    f.value.is_none(),
                    f.confidence == Confidence::Unknown,
                    "batch {}",
                    r.batch
                );
            }
            for f in [&r.average_price_cut, &r.expected_yearly_savings] {
                assert_eq!(f.value.is_some(), f.source.is_some(), "batch {}", r.batch);
                assert_eq!(
                    f.value.is_none(),
                    f.confidence == Confidence::Unknown,
                    "batch {}",
                    r.batch
                );
            }
        }
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(b.get(9).unwrap().average_price_cut.value, Some(d("0.58")));
        assert_eq!(
            b.get(8).unwrap().expected_yearly_savings.value,
            Some(d("16700000000"))
        );
        assert_eq!(b.get(10).unwrap().drug_count.value, Some(62));
        assert_eq!(
            b.get(10).unwrap().average_price_cut.value,
            None,
            "batch 10's average cut was not found"
        );
        assert_eq!(b.stages(1).count(), 2);
    }

    #[test]
    fn batch_7_agrees_with_the_catalog() {
        let r = batches().unwrap().get(7).unwrap();
        let c = crate::catalog::batch7().unwrap();
        assert_eq!(r.drug_count.value, c.batch.drug_count.value);
        assert_eq!(r.product_count.value, c.batch.product_count.value);
        assert_eq!(r.companies_won.value, c.batch.companies_won.value);
        assert_eq!(r.companies_bid.value, c.batch.companies_bid.value);
        assert_eq!(r.average_price_cut.value, c.batch.average_price_cut.value);
        assert_eq!(
            r.expected_yearly_savings.value,
            c.batch.expected_yearly_savings.value
        );
        assert_eq!(r.date.value, c.batch.bid_opening.value);
    }

    #[test]
    fn reads_batch_cells() {
        for (text, n) in [
            ("7", 7),
            ("７", 7),
            ("第7批", 7),
            ("第七批", 7),
            ("七", 7),
            ("Batch 9", 9),
            ("8th", 8),
            ("第十批", 10),
            ("第十一批", 11),
            ("4+7", 1),
            ("“4+7”扩围", 1),
        ] {
            assert_eq!(parse_batch(text), Some(n), "{text}");
        }
        for text in ["", "耗材", "0", "第零批", "abc"] {
            assert_eq!(parse_batch(text), None, "{text}");
        }
    }

    #[test]
    fn catalogs_for_other_batches_carry_their_facts_only() {
        let c = catalog_for(9).unwrap();
        assert_eq!(c.batch.batch, 9);
        assert_eq!(
            c.batch.average_price_cut.value,
            Decimal::from_str("0.58").ok()
        );
        assert!(c.entries.is_empty());
        assert_eq!(catalog_for(7).unwrap().batch.drug_count.value, Some(60));
        assert_eq!(catalog_for(12).unwrap_err().code, ErrorCode::UnknownBatch);
    }
}
