//! The programme view: a hospital's (or a city's) usage across several batches and
//! high-value consumables → savings per batch and cumulative, exact.
//!
//! Each input (a file, a sheet) goes through the same table pipeline as a single
//! estimate. A line's batch is its 批次 cell (`7`, `第七批` …) or, failing that, the batch
//! the input was given for; a consumable line (药品/耗材 = 耗材, or an entry of a
//! consumables catalog) goes to the consumables part. Each batch is estimated against its
//! own catalog — the catalog the user brings for it, batch 7's embedded catalog, or the
//! batch's headline facts only (`data/batches.json`) — and the parts add up exactly.

use crate::catalog::batches::{self, BatchRecord};
use crate::catalog::{Catalog, Confidence};
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::{ByKind, BySource, Estimate, Estimator, Options, Rounding, Sums};
use crate::import::table::{self, Row, RowError, TableInfo};
use crate::import::CsvText;
use crate::line::Collect;
use crate::line::{InputInfo, Note, Problem, UsageLine, Warning};
use crate::values::item::ItemKind;
use crate::values::money::{self, ROUNDING_RULE_EN, ROUNDING_RULE_ZH};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema tag of the programme report.
pub const PROGRAMME_SCHEMA: &str = "vbp-savings/programme@1";

/// One input of the programme: rows of one table.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeInput {
    /// What the input is (a file name), named in its problems and estimates.
    pub source: String,
    /// The batch of every line whose own 批次 cell is empty (a file per batch).
    pub batch: Option<u32>,
    /// `Consumable` when every line of the input is a consumable (a consumables file).
    pub kind: Option<ItemKind>,
    /// Match overrides for this input's lines (line → `entry_id#n` / `entry_id` / `none`).
    pub overrides: BTreeMap<u64, String>,
    /// The rows, each with its line (see [`table::numbered_rows`]).
    pub rows: Vec<std::result::Result<Row<String>, RowError>>,
    /// How the rows were read (`csv`, `xlsx`, `rows`), the sheet, the encoding.
    pub kind_of_input: String,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
}

impl ProgrammeInput {
    /// An input from rows of cells (`rows[i]` is line `i + 1`).
    pub fn from_rows(source: impl Into<String>, rows: Vec<Vec<String>>) -> ProgrammeInput {
        ProgrammeInput {
            source: source.into(),
            rows: table::numbered_rows(rows).collect(),
            kind_of_input: "rows".into(),
            ..Default::default()
        }
    }

    /// An input from CSV bytes (any encoding the CSV importer reads).
    pub fn from_csv(source: impl Into<String>, bytes: &[u8]) -> Result<ProgrammeInput> {
        let csv = CsvText::decode(bytes)?;
        let rows = csv
            .rows()
            .map(|r| {
                r.map(|row| Row {
                    line: row.line,
                    cells: row.cells.into_iter().map(|c| c.into_owned()).collect(),
                    quirk: row.quirk,
                })
            })
            .collect();
        Ok(ProgrammeInput {
            source: source.into(),
            rows,
            kind_of_input: "csv".into(),
            encoding: Some(csv.encoding.into()),
            ..Default::default()
        })
    }
}

/// Which part of the programme a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartKey {
    Batch(u32),
    Consumables,
}

impl PartKey {
    pub fn key(self) -> String {
        match self {
            PartKey::Batch(b) => format!("batch:{b}"),
            PartKey::Consumables => "consumables".into(),
        }
    }
}

/// One input's estimate within a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedEstimate {
    pub source: String,
    pub estimate: Estimate,
}

/// A batch (or the consumables) within the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammePart {
    /// `batch:7`, `consumables`.
    pub key: String,
    pub batch: Option<u32>,
    pub kind: ItemKind,
    pub label_zh: String,
    pub label_en: String,
    /// The batch's headline facts with sources (every stage of batch 1), when it is a batch.
    pub facts: Vec<BatchRecord>,
    /// Which catalog priced it: `yours` (a catalog you gave), `embedded` (batch 7's), `facts_only`.
    pub catalog: String,
    pub totals: Sums,
    pub by_price_source: BySource,
    pub estimates: Vec<SourcedEstimate>,
}

/// Savings after each part, in batch order (consumables last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CumulativeStep {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    #[serde(with = "money::serde_str")]
    pub savings: Decimal,
    #[serde(with = "money::serde_str")]
    pub cumulative_savings: Decimal,
    #[serde(with = "money::serde_str")]
    pub cumulative_baseline_spend: Decimal,
    #[serde(with = "money::serde_str")]
    pub cumulative_vbp_spend: Decimal,
    #[serde(with = "money::serde_str::option")]
    pub cumulative_savings_rate: Option<Decimal>,
}

use rust_decimal::Decimal;

/// A problem and the input it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedProblem {
    pub source: String,
    #[serde(flatten)]
    pub problem: Problem,
}

/// A warning and the input it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedWarning {
    pub source: String,
    #[serde(flatten)]
    pub warning: Warning,
}

/// How one input was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcedInput {
    pub source: String,
    pub input: InputInfo,
    /// The batch its lines were counted in when the input has no 批次 column and was given
    /// no batch: the one batch whose catalog names its drugs (see [`estimate_programme`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumed_batch: Option<u32>,
}

/// A fact for comparison (a city's cumulative figure, the national totals), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextFact {
    pub scope: String,
    pub fact: String,
    /// `fact` in Chinese, where the data gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact_zh: Option<String>,
    pub value: Option<String>,
    pub source: String,
    pub confidence: Confidence,
}

/// The programme report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub schema: String,
    pub rounding: Rounding,
    pub totals: Sums,
    pub by_kind: ByKind,
    pub by_price_source: BySource,
    pub parts: Vec<ProgrammePart>,
    pub cumulative: Vec<CumulativeStep>,
    /// Lines that belong to no part (no batch, an unknown batch) and every part's rejected rows.
    pub rejected: Vec<SourcedProblem>,
    /// Every part's warnings (units to check, uncertain matches, …), and match decisions
    /// for lines that are in no part, each with the input it is about.
    pub warnings: Vec<SourcedWarning>,
    pub inputs: Vec<SourcedInput>,
    pub context: Vec<ContextFact>,
    pub formulas: Vec<Note>,
    pub assumptions: Vec<Note>,
}

fn labels(key: PartKey) -> Result<(String, String, Vec<BatchRecord>)> {
    Ok(match key {
        PartKey::Batch(b) => {
            let stages: Vec<BatchRecord> = batches::batches()?.stages(b).cloned().collect();
            let first = stages
                .first()
                .ok_or_else(|| batches::unknown_batch(&b.to_string()))?;
            let (zh, en) = if b == 1 {
                (
                    "第一批（“4+7”试点及扩围）".to_string(),
                    "Batch 1 (4+7 pilot and expansion)".to_string(),
                )
            } else {
                (first.name_zh.clone(), first.name_en.clone())
            };
            (zh, en, stages)
        }
        PartKey::Consumables => (
            "高值医用耗材".into(),
            "High-value medical consumables".into(),
            vec![],
        ),
    })
}

fn consumables_catalog() -> Catalog {
    let facts = crate::catalog::BatchFacts {
        name_zh: "高值医用耗材".into(),
        name_en: "High-value medical consumables".into(),
        ..batches::unknown_facts(0)
    };
    Catalog::new("vbp-savings/catalog@1", "High-value consumables: no sourced catalog; prices come from the lines (or a catalog you import).", facts, vec![])
}

/// Estimates a programme: `inputs` are the tables, `catalogs` the catalogs the user brings
/// (each for the batch it names; a catalog of consumables for the consumables).
pub fn estimate_programme(
    inputs: Vec<ProgrammeInput>,
    catalogs: &[Catalog],
    options: &Options,
) -> Result<Programme> {
    options.validate()?;
    for c in catalogs {
        c.check()?;
    }
    let is_consumables = |c: &Catalog| {
        !c.entries.is_empty() && c.entries.iter().all(|e| e.kind == ItemKind::Consumable)
    };
    let consumables_given = catalogs.iter().find(|c| is_consumables(c));

    // 1. read every input; route each line to its part
    let mut rejected: Vec<SourcedProblem> = Vec::new();
    let mut read: Vec<SourcedInput> = Vec::new();
    // part → (input index → lines)
    let mut routed: BTreeMap<PartKey, BTreeMap<usize, Vec<UsageLine>>> = BTreeMap::new();
    let mut infos: Vec<TableInfo> = Vec::new();
    let mut overrides: Vec<BTreeMap<u64, String>> = Vec::new();
    // per input, the lines routed to a part (a decision for any other line does nothing)
    let mut routed_lines: Vec<std::collections::BTreeSet<u64>> = Vec::new();
    let known = batches::batches()?;
    // the catalog each batch is priced by, for a file that names no batch (the one you give, else batch 7's)
    let mut batch_catalogs: Vec<(u32, &Catalog)> = Vec::new();
    for c in catalogs.iter().filter(|c| !is_consumables(c)) {
        if batch_catalogs.iter().all(|(b, _)| *b != c.batch.batch) {
            batch_catalogs.push((c.batch.batch, c));
        }
    }
    if batch_catalogs.iter().all(|(b, _)| *b != 7) {
        batch_catalogs.push((7, crate::catalog::batch7()?));
    }
    let mut assumed_warnings: Vec<SourcedWarning> = Vec::new();
    for (idx, input) in inputs.into_iter().enumerate() {
        let mut sink = Collect::default();
        let mut here = std::collections::BTreeSet::new();
        let info = table::read_usage(input.rows.into_iter(), &mut sink).map_err(|e| Error {
            message: format!("{}: {}", input.source, e.message),
            message_zh: format!("{}：{}", input.source, e.message_zh),
            ..e
        })?;
        let mut est_info = InputInfo {
            kind: input.kind_of_input.clone(),
            sheet: input.sheet.clone(),
            encoding: input.encoding.clone(),
            ..Default::default()
        };
        info.record_into(&mut est_info);
        for p in sink.problems {
            rejected.push(SourcedProblem {
                source: input.source.clone(),
                problem: p,
            });
        }
        let has_batch_column = info.columns.iter().any(|c| c.field == "batch");
        let assumed = if input.batch.is_none()
            && input.kind != Some(ItemKind::Consumable)
            && !has_batch_column
        {
            assumed_batch(&sink.lines, &batch_catalogs, consumables_given)
        } else {
            None
        };
        if let Some(a) = &assumed {
            let (source, b, m, n) = (&input.source, a.batch, a.matched, a.lines);
            assumed_warnings.push(SourcedWarning {
                source: source.clone(),
                warning: Warning {
                    line: None,
                    drug: None,
                    code: "batch_assumed".into(),
                    message: format!("{source} has no batch column (批次) and was given no batch: its lines are counted as batch {b}, the batch whose catalog names {m} of its {n} lines (the others are counted with them); give the file's batch to change this"),
                    message_zh: format!("{source}没有“批次”列，也未指定批次：其{n}行中有{m}行在第{b}批的目录中，全部行按第{b}批计算；如需改变，请指定该文件的批次"),
                },
            });
        }
        for mut line in sink.lines {
            if input.kind == Some(ItemKind::Consumable) {
                line.kind = ItemKind::Consumable;
            }
            let in_consumables = consumables_given.is_some_and(|c| c.find(&line.drug).is_some());
            let key = if line.kind == ItemKind::Consumable
                || (line.batch.is_none() && input.batch.is_none() && in_consumables)
            {
                Ok(PartKey::Consumables)
            } else {
                match (line.batch.as_deref().map(str::trim).filter(|b| !b.is_empty()), input.batch) {
                    (Some(text), _) => batches::parse_batch(text).filter(|b| known.get(*b).is_some()).map(PartKey::Batch).ok_or_else(|| batches::unknown_batch(text)),
                    (None, Some(b)) if known.get(b).is_some() => Ok(PartKey::Batch(b)),
                    (None, Some(b)) => Err(batches::unknown_batch(&b.to_string())),
                    (None, None) if assumed.is_some() => Ok(PartKey::Batch(assumed.as_ref().map_or(0, |a| a.batch))),
                    (None, None) => Err(Error::new(
                        ErrorCode::UnknownBatch,
                        "the line names no batch: add a batch column (批次) or give the file's batch",
                        "该行未注明批次：请增加“批次”列或指定该文件的批次",
                    )),
                }
            };
            match key {
                Ok(k) => {
                    here.insert(line.line);
                    routed
                        .entry(k)
                        .or_default()
                        .entry(idx)
                        .or_default()
                        .push(line)
                }
                Err(e) => {
                    let mut p = Problem::new(line.line, Some("batch"), line.batch.as_deref(), e);
                    table::locate(&mut p, &info.columns);
                    rejected.push(SourcedProblem {
                        source: input.source.clone(),
                        problem: p,
                    });
                }
            }
        }
        read.push(SourcedInput {
            source: input.source,
            input: est_info,
            assumed_batch: assumed.map(|a| a.batch),
        });
        infos.push(info);
        overrides.push(input.overrides);
        routed_lines.push(here);
    }

    // a decision for a line that is in no part (no such line, or one rejected before pricing)
    let mut warnings: Vec<SourcedWarning> = assumed_warnings;
    for (idx, decisions) in overrides.iter().enumerate() {
        for &l in decisions.keys().filter(|l| !routed_lines[idx].contains(l)) {
            let source = &read[idx].source;
            warnings.push(SourcedWarning {
                source: source.clone(),
                warning: Warning {
                    line: Some(l),
                    drug: None,
                    code: "override_not_applied".into(),
                    message: format!("{source}: the match decision for line {l} was not applied: no line {l} was priced (there is no such line, or it was rejected)"),
                    message_zh: format!("{source}：第{l}行的匹配决定未生效：没有可计价的第{l}行（该行不存在或已被拒绝）"),
                },
            });
        }
    }

    // 2. estimate each part against its catalog, one estimate per input
    let mut parts = Vec::new();
    for (key, by_input) in routed {
        let (given, catalog_kind) = match key {
            PartKey::Batch(b) => match catalogs
                .iter()
                .find(|c| c.batch.batch == b && !is_consumables(c))
            {
                Some(c) => (c.clone(), "yours"),
                None => (
                    batches::catalog_for(b)?,
                    if b == 7 { "embedded" } else { "facts_only" },
                ),
            },
            PartKey::Consumables => match consumables_given {
                Some(c) => (c.clone(), "yours"),
                None => (consumables_catalog(), "facts_only"),
            },
        };
        let (label_zh, label_en, facts) = labels(key)?;
        let mut totals = Sums::default();
        let mut by_source = BySource::default();
        let mut estimates = Vec::new();
        for (idx, lines) in by_input {
            // the decisions for this part's lines only (the others' lines are in other parts)
            let here: std::collections::BTreeSet<u64> = lines.iter().map(|l| l.line).collect();
            let part_overrides = overrides[idx]
                .iter()
                .filter(|(l, _)| here.contains(l))
                .map(|(l, p)| (*l, p.clone()))
                .collect();
            let opts = Options {
                overrides: part_overrides,
                ..options.clone()
            };
            let mut est = Estimator::new(&given, opts)?;
            for line in lines {
                if let Err(mut p) = est.add(line) {
                    if p.column.is_none() {
                        table::locate(&mut p, &infos[idx].columns);
                    }
                    est.reject(p);
                }
            }
            infos[idx].record_into(est.input_mut());
            est.input_mut().kind = read[idx].input.kind.clone();
            est.input_mut().sheet = read[idx].input.sheet.clone();
            let estimate = est.finish();
            for p in &estimate.rejected {
                rejected.push(SourcedProblem {
                    source: read[idx].source.clone(),
                    problem: p.clone(),
                });
            }
            for w in &estimate.warnings {
                warnings.push(SourcedWarning {
                    source: read[idx].source.clone(),
                    warning: w.clone(),
                });
            }
            totals = totals.sum(&estimate.totals)?;
            by_source = by_source.sum(&estimate.by_price_source)?;
            estimates.push(SourcedEstimate {
                source: read[idx].source.clone(),
                estimate,
            });
        }
        parts.push(ProgrammePart {
            key: key.key(),
            batch: match key {
                PartKey::Batch(b) => Some(b),
                PartKey::Consumables => None,
            },
            kind: if key == PartKey::Consumables {
                ItemKind::Consumable
            } else {
                ItemKind::Drug
            },
            label_zh,
            label_en,
            facts,
            catalog: catalog_kind.into(),
            totals,
            by_price_source: by_source,
            estimates,
        });
    }

    // 3. totals and the cumulative view
    let mut totals = Sums::default();
    let mut by_kind = ByKind::default();
    let mut by_source = BySource::default();
    let mut cumulative = Vec::new();
    for part in &parts {
        totals = totals.sum(&part.totals)?;
        by_source = by_source.sum(&part.by_price_source)?;
        for s in &part.estimates {
            by_kind = by_kind.sum(&s.estimate.by_kind)?;
        }
        cumulative.push(CumulativeStep {
            key: part.key.clone(),
            label_zh: part.label_zh.clone(),
            label_en: part.label_en.clone(),
            savings: part.totals.savings,
            cumulative_savings: totals.savings,
            cumulative_baseline_spend: totals.baseline_spend,
            cumulative_vbp_spend: totals.vbp_spend,
            cumulative_savings_rate: totals.savings_rate,
        });
    }
    rejected.sort_by(|a, b| {
        (a.source.as_str(), a.problem.line).cmp(&(b.source.as_str(), b.problem.line))
    });
    // by input and line; a drug-level warning (no line) after its input's line warnings
    warnings.sort_by(|a, b| {
        (a.source.as_str(), a.warning.line.is_none(), a.warning.line).cmp(&(
            b.source.as_str(),
            b.warning.line.is_none(),
            b.warning.line,
        ))
    });
    let mut assumptions = vec![
        Note { code: "batch_of_line".into(), en: "a line's batch is its 批次 cell, else the batch its file was given for, else — for a file with no 批次 column — the one batch whose catalog names the file's drugs (an assumption, stated for that file; none when they match the catalogs of two batches, or of none); a line with no batch, or with a batch this tool has no facts for, is listed in rejected".into(), zh: "每行的批次取自“批次”列，否则取该文件指定的批次；文件没有“批次”列时，取其药品所在目录的批次（推定，并就该文件说明；药品分属两个批次的目录或不在任何目录中时不推定）；无批次或批次不在本工具收录范围内的行列入未计入".into() },
        Note { code: "batch_catalogs".into(), en: "each batch is priced against its own catalog: one you give, the embedded batch-7 catalog, or only its headline facts (then lines without a VBP price are estimated at that batch's sourced average cut, and cannot be where the cut is unknown, as for batch 10)".into(), zh: "各批次按各自目录定价：您提供的目录、内置第七批目录，或仅批次概况（此时未给中选价的行按该批次有来源的平均降幅估算；降幅未知的批次如第十批则无法估算）".into() },
    ];
    if parts
        .iter()
        .any(|p| p.batch == Some(1) && p.catalog == "facts_only")
    {
        // data/batches.json: the pilot cut 52% against 2017 prices, the 2019 expansion 59% against 2018 prices
        assumptions.push(Note {
            code: "batch1_pilot_cut".into(),
            en: "batch 1 lines without a VBP price are estimated at the 4+7 pilot's average cut (52%, against the 2017 lowest purchase prices); the 2019 expansion's was 59% (against 2018 prices): give the VBP price of expansion lines".into(),
            zh: "第一批中未给中选价的行按“4+7”试点平均降幅（52%，相对2017年最低采购价）估算；2019年扩围的平均降幅为59%（相对2018年价格）：扩围品种请填写中选单价".into(),
        });
    }
    Ok(Programme {
        schema: PROGRAMME_SCHEMA.into(),
        rounding: Rounding { rule: ROUNDING_RULE_EN.into(), rule_zh: ROUNDING_RULE_ZH.into(), display_dp: money::DISPLAY_DP, rate_dp: money::RATE_DP },
        totals,
        by_kind,
        by_price_source: by_source,
        parts,
        cumulative,
        rejected,
        warnings,
        inputs: read,
        context: context()?,
        formulas: vec![
            Note { code: "part_totals".into(), en: "each batch's totals = the sum of its lines' figures (baseline spend, VBP spend, savings), each line priced as in a single estimate".into(), zh: "各批次合计 = 该批次各行数额之和（集采前金额、集采后金额、节约额），每行的定价规则与单次测算相同".into() },
            Note { code: "cumulative".into(), en: "cumulative savings after a batch = the sum of the savings of that batch and every batch before it (consumables last); rates = cumulative savings ÷ cumulative baseline spend".into(), zh: "累计节约额 = 该批次及之前各批次节约额之和（耗材列最后）；累计节约率 = 累计节约额 ÷ 累计集采前金额".into() },
        ],
        assumptions,
    })
}

/// The batch a file that names none is counted in, and what it rests on.
struct AssumedBatch {
    batch: u32,
    /// Lines whose drug that batch's catalog names.
    matched: usize,
    /// The file's drug lines without a batch.
    lines: usize,
}

/// The one batch whose catalog names the drugs of these lines (those without a batch of
/// their own, not consumables); `None` when no catalog names any of them, or the
/// catalogs of two batches do.
fn assumed_batch(
    lines: &[UsageLine],
    catalogs: &[(u32, &Catalog)],
    consumables: Option<&Catalog>,
) -> Option<AssumedBatch> {
    let mut found: BTreeMap<u32, usize> = BTreeMap::new();
    let mut count = 0;
    for line in lines.iter().filter(|l| {
        l.kind != ItemKind::Consumable
            && l.batch.as_deref().is_none_or(|b| b.trim().is_empty())
            && consumables.is_none_or(|c| c.find(&l.drug).is_none())
    }) {
        count += 1;
        for (b, c) in catalogs {
            if c.find(&line.drug).is_some() {
                *found.entry(*b).or_default() += 1;
            }
        }
    }
    let mut it = found.into_iter();
    match (it.next(), it.next()) {
        (Some((batch, matched)), None) => Some(AssumedBatch {
            batch,
            matched,
            lines: count,
        }),
        _ => None,
    }
}

/// Facts to compare a programme with: the regional figures the batch-7 catalog carries
/// (Harbin: 279 drugs and 10 high-value consumables, over ¥6.8亿 saved) and the national
/// cumulative figures of `data/batches.json`.
pub fn context() -> Result<Vec<ContextFact>> {
    let mut out: Vec<ContextFact> = crate::catalog::batch7()?
        .batch
        .regional
        .iter()
        .map(|r| ContextFact {
            scope: r.region.clone(),
            fact: r.fact.clone(),
            fact_zh: r.fact_zh.clone(),
            value: r.value.clone(),
            source: r.source.clone(),
            confidence: r.confidence,
        })
        .collect();
    for f in &batches::batches()?.cumulative {
        out.push(ContextFact {
            scope: "全国 national".into(),
            fact: f.value.clone().unwrap_or_default(),
            fact_zh: f.value_zh.clone(),
            value: None,
            source: f.source.clone().unwrap_or_default(),
            confidence: f.confidence,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn rows(t: &[&[&str]]) -> Vec<Vec<String>> {
        t.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn batch_1_is_estimated_at_the_pilot_cut_and_says_the_expansion_differed() {
        let usage = rows(&[
            &["批次", "药品名称", "数量", "集采前单价"],
            &["4+7", "某药", "100", "1"],
        ]);
        let p = estimate_programme(
            vec![ProgrammeInput::from_rows("b1.csv", usage)],
            &[],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(p.parts[0].totals.savings, d("52"));
        let note = p
            .assumptions
            .iter()
            .find(|n| n.code == "batch1_pilot_cut")
            .expect("the batch-1 note");
        assert!(note.en.contains("59%") && note.zh.contains("扩围"));
        // no batch 1, no note
        let b7 = rows(&[
            &["批次", "药品名称", "数量", "集采前单价"],
            &["7", "某药", "100", "1"],
        ]);
        let p = estimate_programme(
            vec![ProgrammeInput::from_rows("b7.csv", b7)],
            &[],
            &Options::default(),
        )
        .unwrap();
        assert!(p.assumptions.iter().all(|n| n.code != "batch1_pilot_cut"));
    }

    #[test]
    fn batches_and_consumables_add_up_exactly() {
        let usage = rows(&[
            &[
                "批次",
                "药品名称",
                "药品/耗材",
                "器械类别",
                "数量",
                "集采前单价",
                "中选单价",
            ],
            &["7", "甲磺酸仑伐替尼胶囊", "药品", "", "90", "108", "18"],
            &["第八批", "某药", "药品", "", "100", "2", ""],
            &["第九批", "另一药", "", "", "10", "10", "3.3"],
            &["", "冠脉支架", "耗材", "冠脉支架", "2", "13000", "700"],
            &["第十批", "无价药", "", "", "5", "4", ""],
            &["第13批", "未知批次药", "", "", "1", "1", "1"],
            &["", "无批次药", "", "", "1", "1", "1"],
        ]);
        let p = estimate_programme(
            vec![ProgrammeInput::from_rows("usage.csv", usage)],
            &[],
            &Options::default(),
        )
        .unwrap();
        let keys: Vec<&str> = p.parts.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(
            keys,
            vec!["batch:7", "batch:8", "batch:9", "batch:10", "consumables"]
        );
        // batch 7: 90 × (108 − 18) = 8100; batch 8 estimated at its sourced 56%: 100 × 2 × 0.56 = 112;
        // batch 9: 10 × (10 − 3.3) = 67; consumables: 2 × (13000 − 700) = 24600; batch 10: no cut known
        let savings: Vec<Decimal> = p.parts.iter().map(|x| x.totals.savings).collect();
        assert_eq!(
            savings,
            vec![d("8100"), d("112"), d("67"), d("0"), d("24600")]
        );
        assert_eq!(p.totals.savings, d("32879"));
        assert_eq!(
            p.totals.baseline_spend,
            d("9720") + d("200") + d("100") + d("26000")
        );
        let cum: Vec<Decimal> = p.cumulative.iter().map(|c| c.cumulative_savings).collect();
        assert_eq!(
            cum,
            vec![d("8100"), d("8212"), d("8279"), d("8279"), d("32879")]
        );
        assert_eq!(p.by_kind.consumable.savings, d("24600"));
        assert_eq!(
            p.parts[4].estimates[0].estimate.by_category[0].label.key,
            "device:冠脉支架"
        );
        assert_eq!(p.parts[1].catalog, "facts_only");
        assert_eq!(p.parts[0].catalog, "embedded");
        let codes: Vec<(u64, ErrorCode)> = p
            .rejected
            .iter()
            .map(|r| (r.problem.line, r.problem.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                (6, ErrorCode::NoVbpPrice),
                (7, ErrorCode::UnknownBatch),
                (8, ErrorCode::UnknownBatch)
            ]
        );
        assert_eq!(p.rejected[1].problem.column, Some(1));
        assert!(p
            .context
            .iter()
            .any(|c| c.value.as_deref() == Some("680000000")));
    }

    #[test]
    fn every_part_s_warnings_and_a_decision_for_a_line_in_no_part_reach_the_programme() {
        // line 2: the VBP price above the baseline (check the units), in batch 7's part;
        // line 3: rejected before pricing (an unknown batch); line 9: no such line
        let usage = rows(&[
            &["批次", "药品名称", "数量", "集采前单价", "中选单价"],
            &["7", "甲磺酸仑伐替尼胶囊", "90", "18", "108"],
            &["第13批", "某药", "1", "1", "1"],
        ]);
        let mut input = ProgrammeInput::from_rows("u.csv", usage);
        input.overrides.insert(3, "none".into());
        input.overrides.insert(9, "none".into());
        let p = estimate_programme(vec![input], &[], &Options::default()).unwrap();
        let got: Vec<(&str, Option<u64>, &str)> = p
            .warnings
            .iter()
            .map(|w| (w.source.as_str(), w.warning.line, w.warning.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("u.csv", Some(2), "vbp_above_baseline"),
                ("u.csv", Some(3), "override_not_applied"),
                ("u.csv", Some(9), "override_not_applied")
            ]
        );
        assert!(p.warnings[2].warning.message_zh.starts_with("u.csv：第9行"));
        // the same warnings in the text report, with their input
        let text = crate::report::text::render_programme(&p, crate::report::text::Lang::En);
        assert!(
            text.contains("[u.csv line 9] override_not_applied"),
            "{text}"
        );
        assert!(text.contains("[u.csv line 2] vbp_above_baseline"), "{text}");
        // a decision for a priced line is applied, and not warned about
        let usage = rows(&[
            &["批次", "药品名称", "数量", "集采前单价", "中选单价"],
            &["7", "甲磺酸仑伐替尼胶囊", "90", "108", "18"],
        ]);
        let mut input = ProgrammeInput::from_rows("u.csv", usage);
        input.overrides.insert(2, "none".into());
        let p = estimate_programme(vec![input], &[], &Options::default()).unwrap();
        assert!(
            p.warnings
                .iter()
                .all(|w| w.warning.code != "override_not_applied"),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn a_file_per_batch_and_a_consumable_without_price() {
        let b7 = rows(&[
            &["药品名称", "数量", "集采前单价", "中选单价"],
            &["甲磺酸仑伐替尼胶囊", "90", "108", "18"],
        ]);
        let b9 = rows(&[&["药品名称", "数量", "集采前单价"], &["某药", "10", "1"]]);
        let cons = rows(&[
            &["名称", "数量", "集采前单价", "中选单价"],
            &["髋关节", "1", "30000", ""],
            &["冠脉支架", "1", "13000", "700"],
        ]);
        let mut inputs = vec![
            ProgrammeInput::from_rows("b7.csv", b7),
            ProgrammeInput::from_rows("b9.csv", b9),
            ProgrammeInput::from_rows("c.csv", cons),
        ];
        inputs[0].batch = Some(7);
        inputs[1].batch = Some(9);
        inputs[2].kind = Some(ItemKind::Consumable);
        let p = estimate_programme(inputs, &[], &Options::default()).unwrap();
        assert_eq!(p.totals.savings, d("8100") + d("5.8") + d("12300"));
        // the consumable without a VBP price is not estimated at a drug batch's cut
        assert_eq!(p.rejected.len(), 1);
        assert_eq!(
            (p.rejected[0].source.as_str(), p.rejected[0].problem.code),
            ("c.csv", ErrorCode::NoVbpPrice)
        );
        assert_eq!(p.rejected[0].problem.column, Some(4));
    }

    #[test]
    fn a_file_without_a_batch_column_takes_the_batch_of_the_catalog_its_drugs_match() {
        // no 批次 column and no batch given: the drugs are batch 7's (the embedded catalog)
        let usage = rows(&[
            &["药品名称", "数量", "集采前单价", "中选单价"],
            &["甲磺酸仑伐替尼胶囊", "90", "108", "18"],
            &["某院内药品", "10", "2", "1"],
        ]);
        let p = estimate_programme(
            vec![ProgrammeInput::from_rows("b7.csv", usage.clone())],
            &[],
            &Options::default(),
        )
        .unwrap();
        assert!(p.rejected.is_empty(), "{:?}", p.rejected);
        assert_eq!(p.parts.len(), 1);
        assert_eq!(p.parts[0].key, "batch:7");
        // both lines count: the one the catalog names and the one it does not (the file is batch 7's)
        assert_eq!(p.parts[0].totals.lines, 2);
        assert_eq!(p.totals.savings, d("8100") + d("10"));
        // and it says so: by input, and in a warning naming the file, the batch and the lines matched
        assert_eq!(p.inputs[0].assumed_batch, Some(7));
        let w = p
            .warnings
            .iter()
            .find(|w| w.warning.code == "batch_assumed")
            .expect("the warning");
        assert_eq!(w.source, "b7.csv");
        assert!(
            w.warning.message.contains("batch 7") && w.warning.message.contains("1 of its 2"),
            "{}",
            w.warning.message
        );
        assert!(
            w.warning.message_zh.contains("第7批"),
            "{}",
            w.warning.message_zh
        );
        assert!(p
            .assumptions
            .iter()
            .any(|n| n.code == "batch_of_line" && n.en.contains("catalog")));
        // the same file given its batch: nothing assumed, the same figures
        let mut given = ProgrammeInput::from_rows("b7.csv", usage.clone());
        given.batch = Some(7);
        let q = estimate_programme(vec![given], &[], &Options::default()).unwrap();
        assert_eq!(q.totals, p.totals);
        assert_eq!(q.inputs[0].assumed_batch, None);
        assert!(q.warnings.iter().all(|w| w.warning.code != "batch_assumed"));
        // a file whose drugs no catalog names: nothing assumed, its lines are listed as before
        let none = rows(&[
            &["药品名称", "数量", "集采前单价"],
            &["某院内药品", "10", "2"],
        ]);
        let r = estimate_programme(
            vec![ProgrammeInput::from_rows("x.csv", none)],
            &[],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(r.inputs[0].assumed_batch, None);
        assert_eq!(r.rejected.len(), 1);
        assert_eq!(r.rejected[0].problem.code, ErrorCode::UnknownBatch);
        // a file with a 批次 column: an empty cell is not filled in from the catalog
        let col = rows(&[
            &["批次", "药品名称", "数量", "集采前单价", "中选单价"],
            &["", "甲磺酸仑伐替尼胶囊", "90", "108", "18"],
        ]);
        let r = estimate_programme(
            vec![ProgrammeInput::from_rows("c.csv", col)],
            &[],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(r.inputs[0].assumed_batch, None);
        assert_eq!(r.rejected[0].problem.code, ErrorCode::UnknownBatch);
    }

    #[test]
    fn drugs_that_match_the_catalogs_of_two_batches_assume_nothing() {
        // a catalog you give for batch 8 that names a drug, and batch 7's that names another
        let entries = crate::catalog::batch7()
            .unwrap()
            .entries
            .iter()
            .filter(|e| e.generic_name_zh == "依折麦布片")
            .cloned()
            .map(|mut e| {
                // a drug of batch 8 that batch 7's catalog does not name
                e.batch = 8;
                e.id = "b8drug".into();
                e.generic_name_zh = "某八批药片".into();
                e.generic_name_en = "batch-8 drug tablets".into();
                e.aliases.clear();
                e
            })
            .collect();
        let b8 = Catalog::new(
            "vbp-savings/catalog@1",
            "a test catalog for batch 8",
            batches::catalog_for(8).unwrap().batch,
            entries,
        );
        let usage = rows(&[
            &["药品名称", "数量", "集采前单价", "中选单价"],
            &["甲磺酸仑伐替尼胶囊", "90", "108", "18"],
            &["某八批药片", "10", "2", "1"],
        ]);
        let p = estimate_programme(
            vec![ProgrammeInput::from_rows("u.csv", usage)],
            std::slice::from_ref(&b8),
            &Options::default(),
        )
        .unwrap();
        assert_eq!(p.inputs[0].assumed_batch, None);
        assert_eq!(p.rejected.len(), 2);
        assert!(p
            .rejected
            .iter()
            .all(|r| r.problem.code == ErrorCode::UnknownBatch));
        // only batch 8's drug: the file is batch 8's, priced by the catalog you gave
        let usage = rows(&[
            &["药品名称", "数量", "集采前单价", "中选单价"],
            &["某八批药片", "10", "2", "1"],
        ]);
        let p = estimate_programme(
            vec![ProgrammeInput::from_rows("u8.csv", usage)],
            &[b8],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(p.inputs[0].assumed_batch, Some(8));
        assert_eq!(
            (p.parts[0].key.as_str(), p.parts[0].catalog.as_str()),
            ("batch:8", "yours")
        );
    }
}
