//! The evaluation document, `"schema": "vbp-savings/evaluation@1"`. Amounts and
//! quantities are exact decimal strings; quotients (shares, indices, completion) are
//! rounded to 12 decimal places, half away from zero; a quotient whose divisor is zero
//! is `null`, with a warning.

use super::periods::{Month, Period};
use super::records::Role;
use crate::line::{InputInfo, Note, Problem, Warning};
use crate::values::money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema tag of the document.
pub const EVALUATION_SCHEMA: &str = "vbp-savings/evaluation@1";

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub schema: String,
    /// The periods compared, `null` when no purchase could be read to place them.
    pub periods: Periods,
    /// The last complete month counted for completion.
    pub as_of: Option<Month>,
    /// One entry per VBP drug (a catalog entry or a drug named in the agreed volumes or a group cell).
    pub groups: Vec<GroupEvaluation>,
    /// The same over all groups.
    pub total: TotalEvaluation,
    /// One entry per agreed-volume row whose cycle has started by the as-of month.
    pub completion: Vec<Completion>,
    /// Purchase rows that could not be used (line, column, code, message in both languages).
    pub rejected: Vec<Problem>,
    /// Agreed-volume rows that could not be used.
    pub rejected_agreed: Vec<Problem>,
    pub warnings: Vec<Warning>,
    pub formulas: Vec<Note>,
    pub assumptions: Vec<Note>,
    pub input: EvaluationInput,
    pub rounding: Rounding,
}

/// The periods before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periods {
    pub pre: Option<PeriodInfo>,
    pub post: Option<PeriodInfo>,
}

/// A period and how many months it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodInfo {
    pub start: Month,
    pub end: Month,
    pub months: i64,
}

impl From<Period> for PeriodInfo {
    fn from(p: Period) -> PeriodInfo {
        PeriodInfo {
            start: p.start,
            end: p.end,
            months: p.months(),
        }
    }
}

/// How shares and the volume index are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareBasis {
    /// Defined daily doses: every counted row of the group in both periods has DDDs.
    Ddds,
    /// Quantities (in the smallest unit where a per-pack row's specification states its pack).
    Quantity,
}

/// A VBP drug's evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupEvaluation {
    /// The VBP drug's generic name (the catalog's Chinese name, or as the data write it).
    pub group: String,
    /// The catalog's English name, when the drug is in the catalog.
    pub group_en: Option<String>,
    /// The catalog id (`lenvatinib`), or `name:` and the normalised name.
    pub key: String,
    pub share_basis: ShareBasis,
    pub pre: Option<PeriodMetrics>,
    pub post: Option<PeriodMetrics>,
    pub decomposition: Option<Decomposition>,
}

/// The evaluation over all groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalEvaluation {
    pub share_basis: ShareBasis,
    pub pre: Option<PeriodMetrics>,
    pub post: Option<PeriodMetrics>,
    pub decomposition: Option<Decomposition>,
}

/// What a group (or all groups) bought in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodMetrics {
    /// Purchase rows counted.
    pub rows: u64,
    /// Σ amount.
    #[serde(with = "money::serde_str")]
    pub spend: Decimal,
    /// Σ quantity in the smallest unit (per-pack rows × their pack); null when a per-pack row's pack is unknown.
    #[serde(with = "money::serde_str::option")]
    pub quantity: Option<Decimal>,
    /// Σ DDDs; null when a row has none.
    #[serde(with = "money::serde_str::option")]
    pub ddds: Option<Decimal>,
    /// spend ÷ DDDs (cost per defined daily dose).
    #[serde(with = "money::serde_str::option")]
    pub dddc: Option<Decimal>,
    #[serde(with = "money::serde_str::option")]
    pub winning_share: Option<Decimal>,
    #[serde(with = "money::serde_str::option")]
    pub non_winning_share: Option<Decimal>,
    #[serde(with = "money::serde_str::option")]
    pub alternative_share: Option<Decimal>,
}

impl PeriodMetrics {
    /// The share of a role.
    pub fn share(&self, role: Role) -> Option<Decimal> {
        match role {
            Role::Winning => self.winning_share,
            Role::NonWinning => self.non_winning_share,
            Role::Alternative => self.alternative_share,
        }
    }
}

/// The multiplicative decomposition of the change in spending (A.M. index system).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decomposition {
    #[serde(with = "money::serde_str::option")]
    pub expenditure_index: Option<Decimal>,
    #[serde(with = "money::serde_str::option")]
    pub volume_index: Option<Decimal>,
    #[serde(with = "money::serde_str::option")]
    pub price_index: Option<Decimal>,
    #[serde(with = "money::serde_str::option")]
    pub structure_index: Option<Decimal>,
    /// Products (drug + manufacturer) bought in both periods: the price index's products.
    pub matched_products: u64,
}

/// Where a completion stands (the rule is `progress`'s, shared with the cycle view).
pub use crate::progress::Status as CompletionStatus;

/// One agreed volume against the purchases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// The agreed-volume row's line.
    pub line: u64,
    pub drug: String,
    /// The catalog id, or `name:` and the normalised name.
    pub key: String,
    pub manufacturer: Option<String>,
    /// The unit of `agreed_volume` and `purchased`, when the agreed row states one.
    pub unit: Option<String>,
    #[serde(with = "money::serde_str")]
    pub agreed_volume: Decimal,
    pub cycle_start: Month,
    pub cycle_end: Month,
    pub cycle_months: i64,
    pub months_elapsed: i64,
    /// Σ quantity of the drug's winning rows (that manufacturer's, when given), cycle start through as-of.
    #[serde(with = "money::serde_str")]
    pub purchased: Decimal,
    /// purchased ÷ agreed volume.
    #[serde(with = "money::serde_str::option")]
    pub completion: Option<Decimal>,
    /// months elapsed ÷ months in the cycle (序时进度).
    #[serde(with = "money::serde_str::option")]
    pub time_elapsed: Option<Decimal>,
    /// completion − time elapsed.
    #[serde(with = "money::serde_str::option")]
    pub lag: Option<Decimal>,
    pub status: CompletionStatus,
    /// max(agreed − purchased, 0) ÷ months left; null when no month is left.
    #[serde(with = "money::serde_str::option")]
    pub required_monthly: Option<Decimal>,
    /// Completion at the cycle's end at the average monthly rate so far.
    #[serde(with = "money::serde_str::option")]
    pub projected_completion: Option<Decimal>,
    /// Each month of the cycle through the as-of month: quantity and running total.
    pub months: Vec<CompletionMonth>,
}

/// One month of a completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionMonth {
    pub month: Month,
    #[serde(with = "money::serde_str")]
    pub quantity: Decimal,
    #[serde(with = "money::serde_str")]
    pub cumulative: Decimal,
}

/// What was read from each input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationInput {
    pub purchases: InputInfo,
    pub agreed: Option<InputInfo>,
}

/// The rounding rule, stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounding {
    pub rule: String,
    pub rule_zh: String,
    pub rate_dp: u32,
}

impl Default for Rounding {
    fn default() -> Rounding {
        Rounding {
            rule: money::ROUNDING_RULE_EN.into(),
            rule_zh: money::ROUNDING_RULE_ZH.into(),
            rate_dp: money::RATE_DP,
        }
    }
}

/// A note (formula or assumption).
pub fn note(code: &str, en: impl Into<String>, zh: impl Into<String>) -> Note {
    Note {
        code: code.into(),
        en: en.into(),
        zh: zh.into(),
    }
}

/// Lines listed in one aggregated warning.
const LINES_LISTED: usize = 20;

#[derive(Debug)]
struct Pending {
    en: String,
    zh: String,
    lines: Vec<u64>,
    count: u64,
}

/// Warnings about rows, gathered by (code, subject) so a file with ten thousand rows of one
/// drug gives one warning that counts them and lists the first lines, not ten thousand.
#[derive(Debug, Default)]
pub struct Warnings {
    order: Vec<(String, Option<String>, String)>,
    rows: BTreeMap<(String, Option<String>, String), Pending>,
    general: Vec<Warning>,
}

impl Warnings {
    /// A warning about a row (`line`) of a subject (a drug, or none): the first message of
    /// a (code, subject) pair is kept, later rows are counted.
    pub fn row(
        &mut self,
        line: u64,
        code: &str,
        subject: Option<&str>,
        en: impl FnOnce() -> String,
        zh: impl FnOnce() -> String,
    ) {
        self.row_in("", line, code, subject, en, zh)
    }

    /// [`Warnings::row`] within a context (an agreed-volume row …): rows are gathered per context.
    pub fn row_in(
        &mut self,
        context: &str,
        line: u64,
        code: &str,
        subject: Option<&str>,
        en: impl FnOnce() -> String,
        zh: impl FnOnce() -> String,
    ) {
        let key = (
            code.to_string(),
            subject.map(str::to_string),
            context.to_string(),
        );
        match self.rows.get_mut(&key) {
            Some(p) => {
                p.count += 1;
                if p.lines.len() < LINES_LISTED {
                    p.lines.push(line);
                }
            }
            None => {
                self.order.push(key.clone());
                self.rows.insert(
                    key,
                    Pending {
                        en: en(),
                        zh: zh(),
                        lines: vec![line],
                        count: 1,
                    },
                );
            }
        }
    }

    /// A warning about the input as a whole (or an agreed-volume row, given its line).
    pub fn general(
        &mut self,
        line: Option<u64>,
        code: &str,
        subject: Option<&str>,
        en: String,
        zh: String,
    ) {
        self.general.push(Warning {
            line,
            drug: subject.map(str::to_string),
            code: code.into(),
            message: en,
            message_zh: zh,
        });
    }

    /// The warnings: row warnings first (each with its count and lines), then the general ones.
    pub fn finish(mut self) -> Vec<Warning> {
        let mut out = Vec::with_capacity(self.order.len() + self.general.len());
        for key in self.order {
            let Some(p) = self.rows.remove(&key) else {
                continue;
            };
            let (code, subject, _) = key;
            let listed: Vec<String> = p.lines.iter().map(u64::to_string).collect();
            let more = if p.count > p.lines.len() as u64 {
                " …"
            } else {
                ""
            };
            let (message, message_zh, line) = if p.count == 1 {
                (p.en, p.zh, p.lines.first().copied())
            } else {
                (
                    format!(
                        "{} ({} rows: lines {}{more})",
                        p.en,
                        p.count,
                        listed.join(", ")
                    ),
                    format!(
                        "{}（共{}行：第{}{more}行）",
                        p.zh,
                        p.count,
                        listed.join("、")
                    ),
                    None,
                )
            };
            out.push(Warning {
                line,
                drug: subject,
                code,
                message,
                message_zh,
            });
        }
        out.append(&mut self.general);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_warnings_are_gathered_by_code_and_subject() {
        let mut w = Warnings::default();
        for line in 2..30 {
            w.row(
                line,
                "unclassified",
                Some("仑伐替尼"),
                || "no manufacturer".into(),
                || "未写生产企业".into(),
            );
        }
        w.row(
            40,
            "unclassified",
            Some("奥司他韦"),
            || "no manufacturer".into(),
            || "未写生产企业".into(),
        );
        w.general(None, "no_periods", None, "x".into(), "y".into());
        let out = w.finish();
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].line, None);
        assert!(
            out[0]
                .message
                .starts_with("no manufacturer (28 rows: lines 2, 3,"),
            "{}",
            out[0].message
        );
        assert!(out[0].message.ends_with("21 …)"), "{}", out[0].message);
        assert_eq!(
            (out[1].line, out[1].message.as_str()),
            (Some(40), "no manufacturer")
        );
        assert_eq!(out[2].code, "no_periods");
    }
}
