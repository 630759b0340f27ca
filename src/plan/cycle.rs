//! Procurement-cycle tracking: from monthly consumption, how much of the agreed
//! volume is done, when it will be done at the current rate, and a warning when the
//! hospital is on course to miss it by the cycle's end.
//!
//! ```text
//! months elapsed  = as-of month − cycle start + 1          (months without rows count as zero use)
//! completion      = consumed ÷ agreed volume
//! average rate    = consumed ÷ months elapsed
//! months needed   = ⌈(agreed − consumed) ÷ average rate⌉    (computed exactly as ⌈(agreed − consumed) × elapsed ÷ consumed⌉)
//! projected month = as-of month + months needed;  on track when it is not after the cycle's last month
//! ```
//!
//! The arithmetic (months, running totals, completion, the rates, the status and the projected
//! month) is `progress`'s, the one home shared with the evaluation's completion table: this
//! view adds the drug filter, the defaults of cycle start and as-of from the data, and the rows
//! counted per month. Month arithmetic is `values::month`'s; the month file is read by
//! `import::months`. The cycle end is an input:
//! the exact end date of the batch-7 cycle is not public (rules file, `cycle_end`).
//! Rates and completion are quotients rounded to 12 decimal places.

use crate::error::{Error, ErrorCode, Result};
pub use crate::import::months::MAX_ROWS;
use crate::import::months::{self, parse_row};
pub use crate::import::months::{MonthRow, MonthRowInput};
use crate::line::{Note, Problem, Warning};
use crate::progress::{self, Status};
use crate::values::cells::{self, Cell};
use crate::values::item::normalize_name;
use crate::values::money::{self, add, to_plain_string};
pub use crate::values::month::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema tag of the report.
pub const CYCLE_SCHEMA: &str = "vbp-savings/cycle@1";

/// The cycle and what to track (everything but the rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleOptions {
    /// The agreed volume for the cycle (or year) tracked, in the rows' unit.
    #[serde(default)]
    pub agreed_volume: Cell,
    /// First month of the cycle (default: the first month in the rows).
    #[serde(default)]
    pub cycle_start: Option<String>,
    /// Last month of the cycle (required: the batch-7 end date is not public).
    #[serde(default)]
    pub cycle_end: Option<String>,
    /// Last complete month to count (default: the last month in the rows).
    #[serde(default)]
    pub as_of: Option<String>,
    /// Only rows of this drug (when the rows name drugs).
    #[serde(default)]
    pub drug: Option<String>,
}

/// Rows and options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleInput {
    #[serde(default)]
    pub rows: Vec<MonthRowInput>,
    #[serde(default)]
    pub agreed_volume: Cell,
    #[serde(default)]
    pub cycle_start: Option<String>,
    #[serde(default)]
    pub cycle_end: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub drug: Option<String>,
}

impl CycleInput {
    /// Everything but the rows.
    pub fn options(&self) -> CycleOptions {
        CycleOptions {
            agreed_volume: self.agreed_volume.clone(),
            cycle_start: self.cycle_start.clone(),
            cycle_end: self.cycle_end.clone(),
            as_of: self.as_of.clone(),
            drug: self.drug.clone(),
        }
    }
}

/// One month's use and the running total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTotal {
    pub month: Month,
    pub rows: u64,
    #[serde(with = "money::serde_str")]
    pub quantity: Decimal,
    #[serde(with = "money::serde_str")]
    pub cumulative: Decimal,
}

/// Where the cycle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleStatus {
    /// The agreed volume is reached.
    Completed,
    /// At the current rate it is reached by the cycle's end.
    OnTrack,
    /// At the current rate it is reached only after the cycle's end.
    AtRisk,
    /// Nothing used yet: no rate to project from.
    NoConsumption,
}

impl From<Status> for CycleStatus {
    fn from(s: Status) -> CycleStatus {
        match s {
            Status::Completed => CycleStatus::Completed,
            Status::OnTrack => CycleStatus::OnTrack,
            Status::Behind => CycleStatus::AtRisk,
            Status::ZeroPurchase => CycleStatus::NoConsumption,
        }
    }
}

/// The tracking report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleReport {
    pub schema: String,
    pub drug: Option<String>,
    #[serde(with = "money::serde_str")]
    pub agreed_volume: Decimal,
    pub cycle_start: Month,
    pub cycle_end: Month,
    pub as_of: Month,
    pub cycle_months: i64,
    pub months_elapsed: i64,
    pub months_remaining: i64,
    #[serde(with = "money::serde_str")]
    pub consumed: Decimal,
    /// max(agreed − consumed, 0).
    #[serde(with = "money::serde_str")]
    pub remaining: Decimal,
    /// consumed ÷ agreed volume (fraction, 12 dp); null when the agreed volume is zero.
    #[serde(with = "money::serde_str::option")]
    pub completion: Option<Decimal>,
    /// consumed ÷ months elapsed (12 dp).
    #[serde(with = "money::serde_str::option")]
    pub average_monthly: Option<Decimal>,
    /// remaining ÷ months remaining (12 dp): the rate needed from now on; null when no month remains.
    #[serde(with = "money::serde_str::option")]
    pub required_monthly: Option<Decimal>,
    /// consumed × cycle months ÷ months elapsed (12 dp): the cycle total at the current rate.
    #[serde(with = "money::serde_str::option")]
    pub projected_at_cycle_end: Option<Decimal>,
    /// The month the agreed volume is (or was) reached; null without consumption.
    pub projected_completion_month: Option<Month>,
    pub status: CycleStatus,
    pub on_track: bool,
    pub months: Vec<MonthTotal>,
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

fn warning(code: &str, en: String, zh: String) -> Warning {
    Warning {
        line: None,
        drug: None,
        code: code.into(),
        message: en,
        message_zh: zh,
    }
}

/// A month option (`cycle_start`, `cycle_end`, `as_of`): empty is none; an error names the field.
pub fn month_option(text: Option<&str>, field: &str) -> Result<Option<Month>> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| Month::parse(t).map_err(|e| cells::in_field(field, e)))
        .transpose()
}

/// A cycle ends no earlier than it starts.
pub fn check_cycle(cycle_start: Month, cycle_end: Month) -> Result<()> {
    if cycle_end < cycle_start {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            format!("cycle_end {cycle_end} is before cycle_start {cycle_start}"),
            format!("cycle_end {cycle_end} 早于 cycle_start {cycle_start}"),
        ));
    }
    Ok(())
}

/// The last month counted lies within the cycle.
pub fn check_as_of(as_of: Month, cycle_start: Month, cycle_end: Month) -> Result<()> {
    if as_of < cycle_start || as_of > cycle_end {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            format!("as_of {as_of} must lie within the cycle ({cycle_start} to {cycle_end})"),
            format!("as_of {as_of} 须在采购周期内（{cycle_start} 至 {cycle_end}）"),
        ));
    }
    Ok(())
}

/// Tracks parsed rows against the options. `rejected` are rows already refused.
pub fn track(
    rows: Vec<MonthRow>,
    options: &CycleOptions,
    mut rejected: Vec<Problem>,
) -> Result<CycleReport> {
    let agreed = cells::non_negative(
        options
            .agreed_volume
            .required("agreed_volume", ErrorCode::MissingQuantity)?,
        "agreed_volume",
    )?;
    let cycle_end = month_option(options.cycle_end.as_deref(), "cycle_end")?.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidInput,
            "cycle_end is missing: give the cycle's last month (YYYY-MM); the end date of the batch-7 cycle is not public",
            "缺少 cycle_end：请给出采购周期最后一个月（YYYY-MM）；第七批采购周期的截止日期未公开",
        )
    })?;
    let mut assumptions = Vec::new();
    let mut warnings = Vec::new();

    // the drug filter
    let rows: Vec<MonthRow> = match options
        .drug
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(want) => {
            let catalog = crate::catalog::batch7()?;
            let key = crate::plan::supply::drug_key(catalog, want).0;
            rows.into_iter()
                .filter(|r| {
                    r.drug
                        .as_deref()
                        .is_some_and(|d| crate::plan::supply::drug_key(catalog, d).0 == key)
                })
                .collect()
        }
        None => {
            let names: std::collections::BTreeSet<String> = rows
                .iter()
                .filter_map(|r| r.drug.as_deref().map(normalize_name))
                .collect();
            if names.len() > 1 {
                warnings.push(warning(
                    "several_drugs",
                    format!("the rows name {} different drugs and no drug was chosen: all are added together", names.len()),
                    format!("各行涉及{}种药品且未指定药品：全部合计", names.len()),
                ));
            }
            rows
        }
    };

    let cycle_start = match month_option(options.cycle_start.as_deref(), "cycle_start")? {
        Some(m) => m,
        None => {
            let first = rows.iter().map(|r| r.month).min().ok_or_else(|| {
                Error::new(
                    ErrorCode::EmptyInput,
                    "no monthly rows to track and no cycle_start",
                    "没有可跟踪的月度数据，也未给出 cycle_start",
                )
            })?;
            assumptions.push(note(
                "cycle_start_from_data",
                format!("cycle_start not given: the first month in the rows ({first}) is taken as the cycle's first month"),
                format!("未给出 cycle_start：以数据中最早的月份（{first}）为周期首月"),
            ));
            first
        }
    };
    check_cycle(cycle_start, cycle_end)?;
    let as_of = match month_option(options.as_of.as_deref(), "as_of")? {
        Some(m) => m,
        None => {
            let last = rows
                .iter()
                .map(|r| r.month)
                .filter(|m| *m >= cycle_start && *m <= cycle_end)
                .max()
                .unwrap_or(cycle_start);
            assumptions.push(note(
                "as_of_from_data",
                format!("as_of not given: the last month in the rows ({last}) is taken as the last complete month"),
                format!("未给出 as_of：以数据中最近的月份（{last}）为最后一个完整月份"),
            ));
            last
        }
    };
    check_as_of(as_of, cycle_start, cycle_end)?;

    // per month, within [start, as_of]
    let mut by_month: BTreeMap<Month, (u64, Decimal)> = BTreeMap::new();
    let (mut before, mut after) = (0u64, 0u64);
    for r in &rows {
        if r.month < cycle_start {
            before += 1;
        } else if r.month > as_of {
            after += 1;
        } else {
            let e = by_month.entry(r.month).or_insert((0, Decimal::ZERO));
            match add(e.1, r.quantity) {
                Ok(s) => {
                    e.0 += 1;
                    e.1 = s;
                }
                Err(err) => rejected.push(Problem::new(r.line, Some("quantity"), None, err)),
            }
        }
    }
    if before > 0 {
        warnings.push(warning(
            "rows_before_cycle",
            format!(
                "{before} row(s) dated before the cycle's start ({cycle_start}) were not counted"
            ),
            format!("{before}行早于周期开始（{cycle_start}），未计入"),
        ));
    }
    if after > 0 {
        warnings.push(warning(
            "rows_after_as_of",
            format!("{after} row(s) dated after {as_of} were not counted"),
            format!("{after}行晚于{as_of}，未计入"),
        ));
    }
    let quantities: BTreeMap<Month, Decimal> =
        by_month.iter().map(|(m, (_, q))| (*m, *q)).collect();
    let p = progress::progress(cycle_start, cycle_end, as_of, agreed, &quantities)?
        .ok_or_else(Error::overflow)?; // as_of lies within the cycle (checked above): at least one month
    let (months_elapsed, cycle_months, months_remaining) =
        (p.months_elapsed, p.cycle_months, p.months_left);
    let missing: Vec<String> = p
        .months
        .iter()
        .filter(|m| !by_month.contains_key(&m.month))
        .map(|m| m.month.to_string())
        .collect();
    if !missing.is_empty() {
        warnings.push(warning(
            "months_without_rows",
            format!(
                "no rows for {} month(s), counted as zero use: {}",
                missing.len(),
                missing.join(", ")
            ),
            format!(
                "{}个月没有数据，按零用量计：{}",
                missing.len(),
                missing.join("、")
            ),
        ));
    }

    // the months with rows, with their running totals
    let months: Vec<MonthTotal> = p
        .months
        .iter()
        .filter_map(|m| {
            by_month.get(&m.month).map(|(n, _)| MonthTotal {
                month: m.month,
                rows: *n,
                quantity: m.quantity,
                cumulative: m.cumulative,
            })
        })
        .collect();
    let consumed = p.purchased;
    let remaining = p.remaining;
    let average = p.average_monthly;
    let required = p.required_monthly;
    let status = CycleStatus::from(p.status);
    let projected = p.projected_month;
    let on_track = matches!(status, CycleStatus::Completed | CycleStatus::OnTrack);
    match status {
        CycleStatus::AtRisk => warnings.push(warning(
            "agreed_volume_at_risk",
            format!(
                "on course to miss the agreed volume: at the current average of {} per month, {} is reached only in {}, after the cycle ends ({}); {} per month are needed from now on",
                average.map(to_plain_string).unwrap_or_default(),
                to_plain_string(agreed),
                projected.map(|m| m.to_string()).unwrap_or_default(),
                cycle_end,
                required.map(to_plain_string).unwrap_or_else(|| "—".into())
            ),
            format!(
                "预计无法按期完成约定采购量：按当前月均{}，{}要到{}才能完成，晚于周期结束（{}）；此后每月需{}",
                average.map(to_plain_string).unwrap_or_default(),
                to_plain_string(agreed),
                projected.map(|m| m.to_string()).unwrap_or_default(),
                cycle_end,
                required.map(to_plain_string).unwrap_or_else(|| "—".into())
            ),
        )),
        CycleStatus::NoConsumption if agreed > Decimal::ZERO => warnings.push(warning(
            "agreed_volume_at_risk",
            format!("nothing used yet in {months_elapsed} month(s): the agreed volume of {} is at risk", to_plain_string(agreed)),
            format!("{months_elapsed}个月内尚无用量：约定采购量{}存在无法完成的风险", to_plain_string(agreed)),
        )),
        _ => {}
    }
    assumptions.push(note(
        "cycle_end_input",
        "The cycle end is an input: the exact end date of the batch-7 procurement cycle was not found in public sources.",
        "周期结束月份为输入值：第七批采购周期的确切截止日期未在公开来源中找到。",
    ));
    assumptions.push(note(
        "steady_rate",
        "The projection assumes use continues at the average monthly rate so far; the as-of month is taken as complete.",
        "预测假设此后用量保持迄今的月均水平；截至月份视为完整月份。",
    ));
    let formulas = vec![
        note("completion", "completion = consumed ÷ agreed volume", "完成率 = 已用量 ÷ 约定采购量"),
        note("rate", "average monthly = consumed ÷ months elapsed (cycle start to as-of, inclusive)", "月均用量 = 已用量 ÷ 已过月数（含周期首月与截至月）"),
        note(
            "projection",
            "months needed = ⌈(agreed − consumed) ÷ average monthly⌉; projected month = as-of + months needed",
            "所需月数 = ⌈(约定量 − 已用量) ÷ 月均用量⌉；预计完成月份 = 截至月份 + 所需月数",
        ),
        note("required", "required monthly = (agreed − consumed) ÷ months remaining", "所需月均 = (约定量 − 已用量) ÷ 剩余月数"),
    ];
    Ok(CycleReport {
        schema: CYCLE_SCHEMA.into(),
        drug: options.drug.clone(),
        agreed_volume: agreed,
        cycle_start,
        cycle_end,
        as_of,
        cycle_months,
        months_elapsed,
        months_remaining,
        consumed,
        remaining,
        completion: p.completion,
        average_monthly: average,
        required_monthly: required,
        projected_at_cycle_end: p.projected_total,
        projected_completion_month: projected,
        status,
        on_track,
        months,
        rejected,
        warnings,
        formulas,
        assumptions,
    })
}

/// Tracks monthly rows given as objects.
pub fn cycle(input: &CycleInput) -> Result<CycleReport> {
    if input.rows.len() > MAX_ROWS {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!("more than {MAX_ROWS} rows"),
            format!("超过{MAX_ROWS}行"),
        ));
    }
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    for (i, r) in input.rows.iter().enumerate() {
        match parse_row(i as u64 + 1, r) {
            Ok(r) => rows.push(r),
            Err(p) => rejected.push(p),
        }
    }
    track(rows, &input.options(), rejected)
}

/// Tracks the monthly rows of a CSV file (UTF-8, UTF-16 or GB18030/GBK) with a
/// `month`/`月份` column and a `quantity`/`数量` column (and optionally `drug`/`药品名称`).
/// A bad row is reported by line and column; every other row counts.
pub fn cycle_csv(bytes: &[u8], options: &CycleOptions) -> Result<CycleReport> {
    let read = months::read_months_csv(bytes)?;
    track(read.rows, options, read.rejected)
}
