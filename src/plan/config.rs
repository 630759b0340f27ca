//! A hospital's plan around an estimate: supply-disruption scenarios over the
//! estimate's lines, agreed volumes of its drugs, and the retained fund savings —
//! the `scenarios`, `agreed_volume` and `retained` sections the CLI adds to
//! `estimate --json` when given a configuration.
//!
//! What the estimate supplies, and says so in the output:
//! * scenarios: each priced line is a supply line (volume = quantity, primary = the
//!   line's manufacturer at the line's VBP price, baseline = the line's baseline price);
//! * retained: per drug, the pre-VBP price = the drug's baseline spend ÷ quantity (its
//!   weighted average baseline price), the actual spend = its VBP spend; the agreed
//!   volume from the `agreed_volume` section, else the quantity used (an assumption).
//!   Anything given in the configuration's `retention.drugs` wins.
//!
//! [`sensitivity_for_estimate`] builds the one-way sensitivity models (tornado data) of an
//! estimate from the same configuration: which resolved prices go into the model, the base
//! disruption and each drug's retention inputs are decided here, not by the page.

use crate::catalog::rules::Rules;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::estimate::Estimate;
use crate::line::Note;
use crate::plan::retention::{self, RetentionDrugInput, RetentionInput, RetentionReport};
use crate::plan::sensitivity::{Metric, RangesInput, SensitivityInput, SensitivityLineInput};
use crate::plan::supply::{
    self, drug_key, PriceBasis, ScenarioInput, SupplierConfig, SupplyReport,
};
use crate::plan::volume::{self, AgreedVolume, AgreedVolumeInput};
use crate::values::cells::Cell;
use crate::values::money::{self, to_plain_string, DerivedPrice};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The retention part of a configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionConfig {
    #[serde(default)]
    pub fund_payment_ratio: Cell,
    #[serde(default)]
    pub insured_share: Cell,
    #[serde(default)]
    pub retention_ratio: Cell,
    #[serde(default)]
    pub grade: Option<String>,
    /// Per-drug inputs (matched by drug name) that override what the estimate gives.
    #[serde(default)]
    pub drugs: Vec<RetentionDrugInput>,
}

/// A plan configuration (the CLI's `--config FILE.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    #[serde(default)]
    pub suppliers: Vec<SupplierConfig>,
    #[serde(default)]
    pub scenarios: Vec<ScenarioInput>,
    #[serde(default)]
    pub agreed_volume: Vec<AgreedVolumeInput>,
    #[serde(default)]
    pub retention: Option<RetentionConfig>,
    /// Cycle-tracking options, used by the CLI's `cycle` command (not by [`plan`]).
    #[serde(default)]
    pub cycle: Option<crate::plan::cycle::CycleOptions>,
    /// A free-text note about the configuration (ignored).
    #[serde(default)]
    pub comment: Option<String>,
}

/// The sections added to an estimate; each is null when not configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub scenarios: Option<SupplyReport>,
    pub agreed_volume: Option<Vec<AgreedVolume>>,
    pub retained: Option<RetentionReport>,
}

/// Computes the configured sections for an estimate.
pub fn plan(est: &Estimate, config: &PlanConfig, catalog: &Catalog, rules: &Rules) -> Result<Plan> {
    let scenarios = if config.scenarios.is_empty() && config.suppliers.is_empty() {
        None
    } else {
        let (lines, rejected) = supply::lines_from_estimate(est, &config.suppliers, catalog)?;
        let mut report = supply::evaluate(lines, &config.scenarios, catalog, rejected)?;
        if est.lines.is_empty() && est.totals.lines > 0 {
            report.warnings.push(crate::line::Warning {
                line: None,
                drug: None,
                code: "lines_omitted".into(),
                message: "the estimate was made without its lines (omit_lines), so the scenarios have no lines to work on".into(),
                message_zh: "测算结果未包含明细行（omit_lines），断供情景没有可计算的行".into(),
            });
        }
        Some(report)
    };
    let agreed: Option<Vec<AgreedVolume>> = if config.agreed_volume.is_empty() {
        None
    } else {
        Some(
            config
                .agreed_volume
                .iter()
                .map(|a| volume::agreed_volume(a, catalog, rules))
                .collect::<Result<_>>()?,
        )
    };
    let retained = match &config.retention {
        None => None,
        Some(rc) => Some(retention_for(
            est,
            rc,
            agreed.as_deref().unwrap_or(&[]),
            catalog,
            rules,
        )?),
    };
    Ok(Plan {
        scenarios,
        agreed_volume: agreed,
        retained,
    })
}

fn retention_for(
    est: &Estimate,
    rc: &RetentionConfig,
    agreed: &[AgreedVolume],
    catalog: &Catalog,
    rules: &Rules,
) -> Result<RetentionReport> {
    let overrides: HashMap<String, &RetentionDrugInput> = rc
        .drugs
        .iter()
        .filter_map(|d| d.drug.as_deref().map(|n| (drug_key(catalog, n).0, d)))
        .collect();
    let agreed_by_key: HashMap<String, &AgreedVolume> = agreed
        .iter()
        .filter_map(|a| a.drug.as_deref().map(|n| (drug_key(catalog, n).0, a)))
        .collect();
    let mut drugs = Vec::new();
    let mut derived: Vec<Vec<(&'static str, String, String)>> = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut skipped = Vec::new();
    for ds in &est.by_drug {
        if ds.quantity <= Decimal::ZERO {
            skipped.push(ds.drug.clone());
            continue;
        }
        let o = overrides.get(&ds.key).copied();
        used.insert(ds.key.clone());
        let mut input = o.cloned().unwrap_or_default();
        input.drug = Some(ds.drug.clone());
        let mut notes = Vec::new();
        if input.agreed_volume.is_empty() {
            if let Some(a) = agreed_by_key.get(&ds.key) {
                input.agreed_volume = Cell::text(to_plain_string(a.agreed_volume));
                notes.push((
                    "agreed_volume",
                    "from the agreed_volume section".to_string(),
                    "取自约定采购量部分".to_string(),
                ));
            } else {
                input.agreed_volume = Cell::text(to_plain_string(ds.quantity));
                notes.push((
                    "agreed_volume",
                    "assumed: the quantity in the estimate (no agreed volume given for this drug)"
                        .to_string(),
                    "假设：取测算中的用量（未给出该药品的约定采购量）".to_string(),
                ));
            }
        }
        if input.pre_vbp_unit_price.is_empty() {
            if let Some(p) = DerivedPrice::quotient(ds.sums.baseline_spend, ds.quantity) {
                input.pre_vbp_unit_price = Cell::text(to_plain_string(p.value));
                let (round_en, round_zh) = (p.note_en(), p.note_zh());
                notes.push((
                    "pre_vbp_unit_price",
                    format!("the estimate's weighted average baseline price: baseline spend {} ÷ quantity {}{round_en}", to_plain_string(ds.sums.baseline_spend), to_plain_string(ds.quantity)),
                    format!("测算中的加权平均基准价：基准支出{} ÷ 用量{}{round_zh}", to_plain_string(ds.sums.baseline_spend), to_plain_string(ds.quantity)),
                ));
            }
        }
        let spend_given = !(input.actual_fund_spend.is_empty()
            && input.actual_spend.is_empty()
            && input.actual_volume.is_empty());
        if !spend_given {
            input.actual_volume = Cell::text(to_plain_string(ds.quantity));
            notes.push((
                "actual_volume",
                "the quantity in the estimate".to_string(),
                "测算中的用量".to_string(),
            ));
            if let Some(p) = DerivedPrice::quotient(ds.sums.vbp_spend, ds.quantity) {
                input.vbp_unit_price = Cell::text(to_plain_string(p.value));
                notes.push((
                    "vbp_unit_price",
                    format!(
                        "the estimate's weighted average VBP price: VBP spend {} ÷ quantity {}{}",
                        to_plain_string(ds.sums.vbp_spend),
                        to_plain_string(ds.quantity),
                        p.note_en()
                    ),
                    format!(
                        "测算中的加权平均中选价：中选支出{} ÷ 用量{}{}",
                        to_plain_string(ds.sums.vbp_spend),
                        to_plain_string(ds.quantity),
                        p.note_zh()
                    ),
                ));
            }
        }
        drugs.push(input);
        derived.push(notes);
    }
    for d in &rc.drugs {
        let key = d.drug.as_deref().map(|n| drug_key(catalog, n).0);
        if key.as_ref().is_none_or(|k| !used.contains(k)) {
            drugs.push(d.clone());
            derived.push(Vec::new());
        }
    }
    let input = RetentionInput {
        drugs,
        fund_payment_ratio: rc.fund_payment_ratio.clone(),
        insured_share: rc.insured_share.clone(),
        retention_ratio: rc.retention_ratio.clone(),
        grade: rc.grade.clone(),
    };
    let mut report = retention::retained(&input, rules)?;
    // say where each input derived from the estimate came from
    for row in &mut report.drugs {
        let Some(notes) = derived.get((row.line as usize).saturating_sub(1)) else {
            continue;
        };
        for shown in &mut row.inputs {
            if let Some((_, en, zh)) = notes.iter().find(|(f, _, _)| *f == shown.field) {
                shown.basis_en = en.clone();
                shown.basis_zh = zh.clone();
            }
        }
    }
    if !skipped.is_empty() {
        report.warnings.push(crate::line::Warning {
            line: None,
            drug: None,
            code: "no_net_quantity".into(),
            message: format!(
                "left out of the retention (no positive net quantity in the estimate): {}",
                skipped.join(", ")
            ),
            message_zh: format!(
                "未计入结余留用（测算中净用量不为正）：{}",
                skipped.join("、")
            ),
        });
    }
    report.assumptions.push(Note {
        code: "from_estimate".into(),
        en: "Inputs not given in the configuration are taken from the estimate, as each drug's inputs say.".into(),
        zh: "配置中未给出的输入取自测算结果，各药品的输入项注明了来源。".into(),
    });
    Ok(report)
}

/// [`plan`] with the embedded batch-7 catalog and rules.
pub fn batch7_plan(est: &Estimate, config: &PlanConfig) -> Result<Plan> {
    plan(
        est,
        config,
        crate::catalog::batch7()?,
        crate::catalog::rules::batch7_rules()?,
    )
}

// ------------------------------------------------------------ sensitivity of an estimate

/// What [`sensitivity_for_estimate`] takes: the plan configuration and the tornado's choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityPlanConfig {
    #[serde(default)]
    pub suppliers: Vec<SupplierConfig>,
    #[serde(default)]
    pub scenarios: Vec<ScenarioInput>,
    #[serde(default)]
    pub agreed_volume: Vec<AgreedVolumeInput>,
    #[serde(default)]
    pub retention: Option<RetentionConfig>,
    /// The scenario whose shares are the base disruption: a scenario's id; absent or
    /// `"auto"`: the first scenario over every drug; `""`: no base disruption. A scenario of
    /// some drugs only can't be the base (the model applies one share to every line).
    #[serde(default)]
    pub base_scenario: Option<String>,
    #[serde(default)]
    pub ranges: Option<RangesInput>,
    /// Cycle-tracking options (the CLI's `cycle` command; not used here, so one configuration
    /// file serves every command).
    #[serde(default)]
    pub cycle: Option<crate::plan::cycle::CycleOptions>,
    /// A free-text note about the configuration (ignored).
    #[serde(default)]
    pub comment: Option<String>,
}

/// The scenario whose shares are the model's base disruption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseScenario {
    pub id: String,
    pub name: String,
    #[serde(with = "money::serde_str")]
    pub primary_failure_share: Decimal,
    #[serde(with = "money::serde_str")]
    pub backup_failure_share: Decimal,
}

/// The sensitivity models of an estimate: what [`crate::plan::sensitivity::sensitivity`] is given
/// for the savings tornado and, when the retention can be computed, for the retained one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitivityModel {
    /// The model for the savings (metric `savings`).
    pub savings: SensitivityInput,
    /// The model for the retained amount (metric `retained`), or null: `retained_missing` says why.
    pub retained: Option<SensitivityInput>,
    /// Why there is no retained model (no retention configured, an input missing or wrong).
    pub retained_missing: Option<Note>,
    /// The base disruption, or null (none chosen, or no scenario over every drug).
    pub base_scenario: Option<BaseScenario>,
    /// Drugs on more than one supply line: each of their lines keeps the model's defaults for
    /// the agreed volume (its volume) and the pre-VBP price (its baseline price), since the
    /// retention's figures are per drug.
    pub multi_line_drugs: Vec<String>,
    /// How the model was built.
    pub assumptions: Vec<Note>,
}

fn plan_note(code: &str, en: impl Into<String>, zh: impl Into<String>) -> Note {
    Note {
        code: code.into(),
        en: en.into(),
        zh: zh.into(),
    }
}

/// Builds the sensitivity models of an estimate: the supply lines of its priced lines (as
/// the scenarios resolve them) are the model's lines; a backup price that only follows the
/// primary, and a fallback at the baseline, are left to the model's same defaults (so they
/// move with the price cut); a drug on one line takes its agreed volume and pre-VBP price
/// from the retention; the base disruption is the chosen scenario over every drug.
pub fn sensitivity_for_estimate(
    est: &Estimate,
    config: &SensitivityPlanConfig,
    catalog: &Catalog,
    rules: &Rules,
) -> Result<SensitivityModel> {
    let (lines, rejected) = supply::lines_from_estimate(est, &config.suppliers, catalog)?;
    let scn = supply::evaluate(lines, &config.scenarios, catalog, rejected)?;
    let agreed: Vec<AgreedVolume> = config
        .agreed_volume
        .iter()
        .map(|a| volume::agreed_volume(a, catalog, rules))
        .collect::<Result<_>>()?;
    let (retained, retention_error) = match &config.retention {
        None => (None, None),
        Some(rc) => match retention_for(est, rc, &agreed, catalog, rules) {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        },
    };

    // the base disruption: a scenario over every drug
    let all: Vec<_> = scn.scenarios.iter().filter(|s| s.drugs.is_none()).collect();
    let chosen = match config.base_scenario.as_deref() {
        None | Some("auto") => all.first().copied(),
        Some(id) => all.iter().find(|s| s.id == id).copied(),
    };
    let base_scenario = chosen.map(|s| BaseScenario {
        id: s.id.clone(),
        name: s.name.clone(),
        primary_failure_share: s.primary_failure_share,
        backup_failure_share: s.backup_failure_share,
    });

    let mut per_key: Vec<(String, usize, String)> = Vec::new(); // key, lines, first line's drug (in line order)
    for l in &scn.lines {
        match per_key.iter_mut().find(|(k, _, _)| *k == l.key) {
            Some(x) => x.1 += 1,
            None => per_key.push((l.key.clone(), 1, l.drug.clone())),
        }
    }
    let single = |key: &str| per_key.iter().any(|(k, n, _)| k == key && *n == 1);
    let ret_by_key: HashMap<String, &retention::RetentionDrug> = retained
        .as_ref()
        .map(|r| {
            r.drugs
                .iter()
                .filter_map(|d| d.drug.as_deref().map(|n| (drug_key(catalog, n).0, d)))
                .collect()
        })
        .unwrap_or_default();
    let text = |d: Decimal| Cell::text(to_plain_string(d));
    let model_lines = scn
        .lines
        .iter()
        .map(|l| {
            let mut x = SensitivityLineInput {
                drug: Some(l.drug.clone()),
                volume: text(l.volume),
                baseline_unit_price: text(l.baseline_unit_price),
                vbp_unit_price: text(l.primary.unit_price),
                ..Default::default()
            };
            if l.backup.basis != PriceBasis::PrimaryPrice {
                x.backup_unit_price = text(l.backup.unit_price);
            }
            if l.fallback.basis != PriceBasis::Baseline {
                x.fallback_unit_price = text(l.fallback.unit_price);
            }
            if single(&l.key) {
                if let Some(d) = ret_by_key.get(&l.key) {
                    x.agreed_volume = text(d.agreed_volume);
                    x.pre_vbp_unit_price = text(d.pre_vbp_unit_price);
                }
            }
            x
        })
        .collect();
    let mut savings = SensitivityInput {
        lines: model_lines,
        ranges: config.ranges.clone(),
        metric: Some(Metric::Savings),
        ..Default::default()
    };
    if let Some(b) = &base_scenario {
        savings.primary_failure_share = text(b.primary_failure_share);
        savings.backup_failure_share = text(b.backup_failure_share);
    }

    let ready = retained
        .as_ref()
        .filter(|r| r.rejected.is_empty() && !r.drugs.is_empty());
    let retained_model = match (ready, &config.retention) {
        (Some(r), Some(rc)) => Some(SensitivityInput {
            fund_payment_ratio: rc.fund_payment_ratio.clone(),
            insured_share: rc.insured_share.clone(),
            retention_ratio: text(r.retention_ratio.value),
            metric: Some(Metric::Retained),
            ..savings.clone()
        }),
        _ => None,
    };
    let retained_missing = if retained_model.is_some() {
        None
    } else if let Some(e) = retention_error {
        Some(plan_note(
            e.code.as_str(),
            format!("the retention can't be computed: {}", e.message),
            format!("无法计算结余留用：{}", e.message_zh),
        ))
    } else if let Some(r) = &retained {
        let why_en = r
            .rejected
            .first()
            .map(|p| p.message.clone())
            .unwrap_or_else(|| "no drug has the inputs it needs".into());
        let why_zh = r
            .rejected
            .first()
            .map(|p| p.message_zh.clone())
            .unwrap_or_else(|| "没有药品具备所需输入".into());
        Some(plan_note(
            "retention_incomplete",
            format!("the retention can't be computed for every drug: {why_en}"),
            format!("结余留用无法对每个药品计算：{why_zh}"),
        ))
    } else {
        Some(plan_note(
            "no_retention",
            "no retention inputs given (fund payment ratio and insured share)",
            "未给出结余留用的输入（医保支付比例和参保人员占比）",
        ))
    };
    let multi_line_drugs = per_key
        .iter()
        .filter(|(_, n, _)| *n > 1)
        .map(|(_, _, d)| d.clone())
        .collect();
    let mut assumptions = vec![plan_note(
        "model_from_estimate",
        "The model's lines are the estimate's priced lines as the supply scenarios resolve them (volume, baseline, primary, backup and fallback prices); a backup price that only follows the primary and a fallback at the baseline are left to the model's defaults, so they move with the price cut.",
        "模型的各行即测算中已定价的各行，价格按断供情景的取法（用量、集采前价、主供价、备供价、兜底价）；仅跟随主供价的备供价和等于集采前价的兜底价交由模型默认，随降幅平移。",
    )];
    assumptions.push(match &base_scenario {
        Some(b) => plan_note(
            "base_scenario",
            format!("Base disruption: the scenario \"{}\" (primary fails {}, backup fails {} of the disrupted volume).", b.name, to_plain_string(b.primary_failure_share), to_plain_string(b.backup_failure_share)),
            format!("基准断供：情景“{}”（主供断供比例 {}，备供无法供应比例 {}）。", b.name, to_plain_string(b.primary_failure_share), to_plain_string(b.backup_failure_share)),
        ),
        None => plan_note("base_scenario", "No base disruption (shares 0).", "无基准断供（比例为0）。"),
    });
    Ok(SensitivityModel {
        savings,
        retained: retained_model,
        retained_missing,
        base_scenario,
        multi_line_drugs,
        assumptions,
    })
}

/// [`sensitivity_for_estimate`] with the embedded batch-7 catalog and rules.
pub fn batch7_sensitivity_for_estimate(
    est: &Estimate,
    config: &SensitivityPlanConfig,
) -> Result<SensitivityModel> {
    sensitivity_for_estimate(
        est,
        config,
        crate::catalog::batch7()?,
        crate::catalog::rules::batch7_rules()?,
    )
}
