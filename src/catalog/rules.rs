//! A batch's rules as data, each with its source and confidence: the agreed-volume
//! tiers (ratio and procurement cycle by number of winners), the inferred rounding
//! rule with its evidence, the published worked examples, and the fund-retention
//! (结余留用) formula, default and grade presets.
//!
//! The batch-7 rules are embedded from `data/batch7_rules.json`.

use crate::catalog::Confidence;
use crate::error::{Error, ErrorCode, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One agreed-volume tier: a range of winner counts, the ratio and the cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub winners_min: u32,
    /// `None`: and more.
    pub winners_max: Option<u32>,
    #[serde(with = "crate::values::money::serde_str")]
    pub ratio: Decimal,
    pub cycle_years: u32,
}

/// The tiers of one class of drugs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierSet {
    pub label_en: String,
    pub label_zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_flag: Option<String>,
    pub tiers: Vec<Tier>,
}

impl TierSet {
    /// The tier for `winners` winning companies (≥ 1).
    pub fn tier(&self, winners: u32) -> Option<&Tier> {
        self.tiers
            .iter()
            .find(|t| winners >= t.winners_min && t.winners_max.is_none_or(|max| winners <= max))
    }
}

/// The rounding rule of agreed volumes, its status and evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundingRule {
    pub rule: String,
    /// `sourced` or `inferred`.
    pub status: String,
    pub en: String,
    pub zh: String,
    pub evidence_en: String,
    pub evidence_zh: String,
    pub part_bound_en: String,
    pub part_bound_zh: String,
}

/// A published worked example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkedExample {
    /// The catalog id of the drug (`afatinib`).
    pub drug: String,
    /// Its generic names, from the catalog entry of that id (filled when the rules are read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drug_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drug_en: Option<String>,
    #[serde(with = "crate::values::money::serde_str")]
    pub demand_base: Decimal,
    pub winners: u32,
    #[serde(with = "crate::values::money::serde_str")]
    pub published: Decimal,
    pub unit: String,
    /// `unit` in Chinese (`片（30mg）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_zh: Option<String>,
    pub source: String,
    pub confidence: Confidence,
}

/// A fact that may be unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenFact {
    pub value: Option<String>,
    pub source: Option<String>,
    pub confidence: Confidence,
    pub note: String,
    /// `note` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
}

/// The agreed-volume rules of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedVolumeRules {
    pub basis_en: String,
    pub basis_zh: String,
    pub source: String,
    pub confidence: Confidence,
    pub note: String,
    /// `note` in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
    pub general: TierSet,
    pub special_anti_infective: TierSet,
    pub rounding: RoundingRule,
    pub worked_examples: Vec<WorkedExample>,
    pub cycle_end: OpenFact,
}

/// A text in both languages with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedText {
    pub en: String,
    pub zh: String,
    pub source: String,
    pub confidence: Confidence,
}

/// The default retention ratio and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultRatio {
    #[serde(with = "crate::values::money::serde_str")]
    pub value: Decimal,
    pub en: String,
    pub zh: String,
}

/// One assessment grade and its retention ratio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub grade: String,
    pub score_en: String,
    #[serde(with = "crate::values::money::serde_str")]
    pub ratio: Decimal,
}

/// Retention ratios by grade, from one place's rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradePresets {
    pub label_en: String,
    pub label_zh: String,
    pub source: String,
    pub confidence: Confidence,
    pub grades: Vec<Grade>,
}

/// The fund-retention (结余留用) rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRules {
    pub policy: SourcedText,
    pub formula: SourcedText,
    pub default_ratio: DefaultRatio,
    pub grade_presets: GradePresets,
}

/// A batch's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub schema: String,
    pub batch: u32,
    pub document_no: String,
    pub about: String,
    pub agreed_volume: AgreedVolumeRules,
    pub retention: RetentionRules,
}

const BATCH7_RULES_JSON: &str = include_str!("../../data/batch7_rules.json");

static BATCH7_RULES: OnceLock<std::result::Result<Rules, Error>> = OnceLock::new();

/// The embedded batch-7 rules (parsed once).
pub fn batch7_rules() -> Result<&'static Rules> {
    BATCH7_RULES
        .get_or_init(|| Rules::from_json(BATCH7_RULES_JSON).map(named_examples))
        .as_ref()
        .map_err(Clone::clone)
}

/// The worked examples' drugs named as the batch-7 catalog names them.
fn named_examples(mut rules: Rules) -> Rules {
    if let Ok(catalog) = crate::catalog::batch7() {
        for w in &mut rules.agreed_volume.worked_examples {
            if let Some(e) = catalog.entries.iter().find(|e| e.id == w.drug) {
                w.drug_zh = Some(e.generic_name_zh.clone());
                w.drug_en = Some(e.generic_name_en.clone());
            }
        }
    }
    rules
}

impl Rules {
    /// Reads rules from their JSON form (the form of `data/batch7_rules.json`).
    pub fn from_json(json: &str) -> Result<Rules> {
        serde_json::from_str(json).map_err(|e| {
            Error::new(
                ErrorCode::CatalogData,
                format!("the rules data could not be read: {e}"),
                format!("规则数据无法读取：{e}"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_read_and_carry_sources() {
        let r = batch7_rules().unwrap();
        assert_eq!(r.batch, 7);
        let av = &r.agreed_volume;
        assert!(!av.source.is_empty());
        assert_eq!(av.general.tier(1).unwrap().ratio.to_string(), "0.5");
        assert_eq!(av.general.tier(3).unwrap().cycle_years, 2);
        assert_eq!(av.general.tier(9).unwrap().ratio.to_string(), "0.8");
        assert_eq!(
            av.special_anti_infective.tier(7).unwrap().ratio.to_string(),
            "0.5"
        );
        assert!(av.general.tier(0).is_none());
        assert_eq!(av.rounding.status, "inferred");
        assert_eq!(av.worked_examples.len(), 5);
        // each example's drug is named as the catalog names it
        let names: Vec<(&str, Option<&str>)> = av
            .worked_examples
            .iter()
            .map(|w| (w.drug.as_str(), w.drug_zh.as_deref()))
            .collect();
        assert!(
            names.contains(&("afatinib", Some("马来酸阿法替尼片")))
                && names.contains(&("meropenem", Some("注射用美罗培南"))),
            "{names:?}"
        );
        assert!(av
            .worked_examples
            .iter()
            .all(|w| w.drug_en.as_deref().is_some_and(|n| !n.is_empty())));
        assert_eq!(av.cycle_end.value, None);
        assert_eq!(r.retention.grade_presets.grades.len(), 4);
        assert!(r
            .retention
            .grade_presets
            .label_en
            .contains("Shenzhen 2024 draft"));
    }

    #[test]
    fn tiers_cover_every_winner_count_without_overlap() {
        let r = batch7_rules().unwrap();
        for set in [
            &r.agreed_volume.general,
            &r.agreed_volume.special_anti_infective,
        ] {
            for w in 1..=20 {
                let n = set
                    .tiers
                    .iter()
                    .filter(|t| w >= t.winners_min && t.winners_max.is_none_or(|m| w <= m))
                    .count();
                assert_eq!(n, 1, "{} winners in {}", w, set.label_en);
            }
        }
    }
}
