//! Reading purchase records and agreed volumes from CSV bytes or rows of cells, through
//! the crate's one table pipeline: [`crate::import::CsvText`] decodes and splits a file,
//! [`table::find_header`] finds the header among title rows (one or two header rows),
//! and the usage tables' aliases name the columns the tables share (drug, manufacturer,
//! quantity, amount, specification, unit). A row that can't be used is reported with its
//! line, column, stable code and a message in English and Chinese; every other row counts.

use super::periods::Month;
use super::records::{AgreedVolume, PurchaseRecord, Role};
use super::report::Warnings;
use crate::error::{Error, ErrorCode, Result};
use crate::estimate::MAX_LISTED_PROBLEMS;
use crate::import::columns::{field_for_header, normalize_header};
use crate::import::table::{self, NoHeader, Row, RowError};
use crate::import::CsvText;
use crate::line::Field;
use crate::line::{has_nul_or_replacement, is_summary_word};
use crate::line::{ColumnUse, InputInfo, Problem};
use crate::values::item::canonical_unit;
use crate::values::number::{parse_decimal, trim_cell};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Most data rows read from one table.
pub const MAX_ROWS: u64 = 1_000_000;

/// A column of a purchase or agreed-volume table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    Month,
    Drug,
    Manufacturer,
    Quantity,
    Amount,
    Ddds,
    DddPerUnit,
    Role,
    Group,
    Specification,
    Unit,
    AgreedVolume,
    CycleStart,
    CycleEnd,
}

impl Col {
    /// The field's name in JSON and in the English header.
    pub fn name(self) -> &'static str {
        match self {
            Col::Month => "month",
            Col::Drug => "drug",
            Col::Manufacturer => "manufacturer",
            Col::Quantity => "quantity",
            Col::Amount => "amount",
            Col::Ddds => "ddds",
            Col::DddPerUnit => "ddd_per_unit",
            Col::Role => "role",
            Col::Group => "group",
            Col::Specification => "specification",
            Col::Unit => "unit",
            Col::AgreedVolume => "agreed_volume",
            Col::CycleStart => "cycle_start",
            Col::CycleEnd => "cycle_end",
        }
    }

    /// The field's usual Chinese header.
    pub fn name_zh(self) -> &'static str {
        match self {
            Col::Month => "月份",
            Col::Drug => "药品名称",
            Col::Manufacturer => "生产企业",
            Col::Quantity => "数量",
            Col::Amount => "金额",
            Col::Ddds => "DDD数",
            Col::DddPerUnit => "每单位DDD数",
            Col::Role => "类别",
            Col::Group => "对应集采品种",
            Col::Specification => "规格",
            Col::Unit => "单位",
            Col::AgreedVolume => "约定采购量",
            Col::CycleStart => "周期开始",
            Col::CycleEnd => "周期结束",
        }
    }
}

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Purchases,
    Agreed,
}

impl TableKind {
    fn fields(self) -> &'static [Col] {
        match self {
            TableKind::Purchases => &[
                Col::Month,
                Col::Drug,
                Col::Manufacturer,
                Col::Quantity,
                Col::Amount,
                Col::Ddds,
                Col::DddPerUnit,
                Col::Role,
                Col::Group,
                Col::Specification,
                Col::Unit,
            ],
            TableKind::Agreed => &[
                Col::Drug,
                Col::Manufacturer,
                Col::AgreedVolume,
                Col::CycleStart,
                Col::CycleEnd,
                Col::Specification,
                Col::Unit,
            ],
        }
    }

    fn required(self) -> &'static [Col] {
        match self {
            TableKind::Purchases => &[Col::Month, Col::Drug, Col::Quantity, Col::Amount],
            TableKind::Agreed => &[Col::Drug, Col::AgreedVolume, Col::CycleStart, Col::CycleEnd],
        }
    }

    fn what(self) -> (&'static str, &'static str) {
        match self {
            TableKind::Purchases => ("purchase records", "采购记录"),
            TableKind::Agreed => ("agreed volumes", "约定采购量"),
        }
    }
}

/// Header names (normalised, see [`normalize_header`]) of the columns only these tables
/// have, checked before the usage tables' aliases (so `类别` is the role here, not a category).
const ALIASES: &[(Col, &str)] = &[
    (Col::Month, "month"),
    (Col::Month, "yearmonth"),
    (Col::Month, "period"),
    (Col::Month, "date"),
    (Col::Month, "月份"),
    (Col::Month, "年月"),
    (Col::Month, "月"),
    (Col::Month, "统计月份"),
    (Col::Month, "采购月份"),
    (Col::Month, "使用月份"),
    (Col::Month, "采购日期"),
    (Col::Month, "订单日期"),
    (Col::Month, "入库日期"),
    (Col::Month, "日期"),
    (Col::Ddds, "ddds"),
    (Col::Ddds, "ddd数"),
    (Col::Ddds, "ddds数"),
    (Col::Ddds, "用药频度"),
    (Col::Ddds, "用药频度(ddds)"),
    (Col::DddPerUnit, "dddperunit"),
    (Col::DddPerUnit, "每单位ddd数"),
    (Col::DddPerUnit, "单位ddd数"),
    (Col::DddPerUnit, "每单位ddds"),
    (Col::Role, "role"),
    (Col::Role, "类别"),
    (Col::Role, "中选类别"),
    (Col::Role, "集采类别"),
    (Col::Role, "产品类别"),
    (Col::Group, "group"),
    (Col::Group, "vbpgroup"),
    (Col::Group, "vbpdrug"),
    (Col::Group, "对应集采品种"),
    (Col::Group, "集采品种"),
    (Col::Group, "所属集采品种"),
    (Col::Group, "对应品种"),
    (Col::AgreedVolume, "agreedvolume"),
    (Col::AgreedVolume, "agreedquantity"),
    (Col::AgreedVolume, "约定采购量"),
    (Col::AgreedVolume, "约定量"),
    (Col::AgreedVolume, "协议采购量"),
    (Col::AgreedVolume, "约定用量"),
    (Col::AgreedVolume, "任务量"),
    (Col::CycleStart, "cyclestart"),
    (Col::CycleStart, "start"),
    (Col::CycleStart, "周期开始"),
    (Col::CycleStart, "开始月份"),
    (Col::CycleStart, "周期起始"),
    (Col::CycleStart, "执行开始"),
    (Col::CycleStart, "开始日期"),
    (Col::CycleEnd, "cycleend"),
    (Col::CycleEnd, "end"),
    (Col::CycleEnd, "周期结束"),
    (Col::CycleEnd, "结束月份"),
    (Col::CycleEnd, "周期截止"),
    (Col::CycleEnd, "执行结束"),
    (Col::CycleEnd, "结束日期"),
];

fn lookup(kind: TableKind, header: &str) -> Option<Col> {
    let n = normalize_header(header);
    let own = ALIASES
        .iter()
        .find(|(c, a)| *a == n && kind.fields().contains(c))
        .map(|(c, _)| *c);
    own.or_else(|| {
        let shared = match field_for_header(header)? {
            Field::Drug => Col::Drug,
            Field::Manufacturer => Col::Manufacturer,
            Field::Quantity => Col::Quantity,
            Field::Amount => Col::Amount,
            Field::Specification => Col::Specification,
            Field::Unit => Col::Unit,
            _ => return None,
        };
        kind.fields().contains(&shared).then_some(shared)
    })
}

/// A unit named in brackets after a quantity header (`数量(盒)`, `约定采购量（粒）`).
fn header_unit(header: &str) -> Option<String> {
    let n = crate::values::item::normalize_name(header);
    let inner = n.strip_suffix(')')?.rsplit_once('(')?.1;
    canonical_unit(inner).map(|_| inner.to_string())
}

/// Where each column sits in a header row.
#[derive(Debug, Clone)]
pub struct Columns {
    kind: TableKind,
    slots: Vec<(Col, usize)>,
    headers: Vec<String>,
    /// A unit stated by the quantity (or agreed-volume) header, for rows with no unit cell.
    pub header_unit: Option<String>,
    pub uses: Vec<ColumnUse>,
    pub ignored: Vec<String>,
}

impl Columns {
    /// How many required fields a header row names, ×10, plus the fields found.
    pub fn score(kind: TableKind, cells: &[impl AsRef<str>]) -> usize {
        let mut found: Vec<Col> = cells
            .iter()
            .filter_map(|c| lookup(kind, c.as_ref()))
            .collect();
        found.sort();
        found.dedup();
        kind.required().iter().filter(|c| found.contains(c)).count() * 10 + found.len()
    }

    /// The columns of a header row; an error for a missing required column or a field named twice.
    pub fn from_header(kind: TableKind, cells: &[impl AsRef<str>]) -> Result<Columns> {
        let headers: Vec<String> = cells
            .iter()
            .map(|c| c.as_ref().trim().to_string())
            .collect();
        let (what, what_zh) = kind.what();
        let mut slots: Vec<(Col, usize)> = Vec::new();
        let mut ignored = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            match lookup(kind, h) {
                Some(c) => {
                    if let Some((_, prev)) = slots.iter().find(|(x, _)| *x == c) {
                        return Err(Error::new(
                            ErrorCode::DuplicateColumn,
                            format!(
                                "{what}: columns {} ('{}') and {} ('{h}') both name the field {}; keep one",
                                prev + 1,
                                headers[*prev],
                                i + 1,
                                c.name()
                            ),
                            format!(
                                "{what_zh}：第{}列（“{}”）和第{}列（“{h}”）都表示{}，请只保留一列",
                                prev + 1,
                                headers[*prev],
                                i + 1,
                                c.name_zh()
                            ),
                        ));
                    }
                    slots.push((c, i));
                }
                None if !h.is_empty() => ignored.push(h.clone()),
                None => {}
            }
        }
        let missing: Vec<Col> = kind
            .required()
            .iter()
            .copied()
            .filter(|c| !slots.iter().any(|(x, _)| x == c))
            .collect();
        if !missing.is_empty() {
            let en: Vec<String> = missing
                .iter()
                .map(|c| format!("{} ({})", c.name(), c.name_zh()))
                .collect();
            let zh: Vec<&str> = missing.iter().map(|c| c.name_zh()).collect();
            return Err(Error::new(
                ErrorCode::MissingColumn,
                format!("{what}: the header has no column for {}", en.join(", ")),
                format!("{what_zh}：表头缺少以下列：{}", zh.join("、")),
            ));
        }
        let unit_of = match kind {
            TableKind::Purchases => Col::Quantity,
            TableKind::Agreed => Col::AgreedVolume,
        };
        let header_unit = slots
            .iter()
            .find(|(c, _)| *c == unit_of)
            .and_then(|(_, i)| header_unit(&headers[*i]));
        let mut uses: Vec<ColumnUse> = slots
            .iter()
            .map(|(c, i)| ColumnUse {
                column: *i as u32 + 1,
                header: headers[*i].clone(),
                field: c.name().into(),
                note: None,
                note_zh: None,
            })
            .collect();
        uses.sort_by_key(|u| u.column);
        Ok(Columns {
            kind,
            slots,
            headers,
            header_unit,
            uses,
            ignored,
        })
    }

    /// The 0-based column of a field.
    pub fn get(&self, c: Col) -> Option<usize> {
        self.slots.iter().find(|(x, _)| *x == c).map(|(_, i)| *i)
    }

    /// True when the table has this column.
    pub fn has(&self, c: Col) -> bool {
        self.get(c).is_some()
    }

    fn header(&self, col: usize) -> Option<String> {
        self.headers.get(col).cloned()
    }

    /// Adds the column and header of the problem's field.
    fn locate(&self, p: &mut Problem) {
        let col = p
            .field
            .as_deref()
            .and_then(|f| self.kind.fields().iter().find(|c| c.name() == f))
            .and_then(|c| self.get(*c));
        if let Some(i) = col {
            p.column = Some(i as u32 + 1);
            p.header = self.header(i);
        }
    }
}

/// A row's cells by field.
struct View<'r, S> {
    row: &'r Row<S>,
    cols: &'r Columns,
}

impl<S: AsRef<str>> View<'_, S> {
    /// The raw cell.
    fn raw(&self, c: Col) -> Option<&str> {
        self.cols
            .get(c)
            .and_then(|i| self.row.cells.get(i))
            .map(AsRef::as_ref)
    }

    /// The trimmed cell, `None` when empty.
    fn text(&self, c: Col) -> Option<&str> {
        self.raw(c).map(trim_cell).filter(|s| !s.is_empty())
    }
}

/// A table read: the valid items, the rejected rows and what the reading found.
#[derive(Debug)]
pub struct TableRead<T> {
    pub items: Vec<T>,
    pub rejected: Vec<Problem>,
    pub info: InputInfo,
    pub columns: Columns,
}

fn problem(
    line: u64,
    c: Col,
    value: Option<&str>,
    code: ErrorCode,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> Problem {
    Problem::new(line, Some(c.name()), value, Error::new(code, en, zh))
}

/// Reads a number cell; a problem names the field.
fn number<S: AsRef<str>>(
    line: u64,
    v: &View<'_, S>,
    c: Col,
    problems: &mut Vec<Problem>,
) -> Option<Decimal> {
    let cell = v.raw(c);
    match parse_decimal(cell.unwrap_or("")) {
        Ok(x) => x,
        Err(e) => {
            let e = Error {
                message: format!("{}: {}", c.name(), e.message),
                message_zh: format!("{}：{}", c.name_zh(), e.message_zh),
                ..e
            };
            problems.push(Problem::new(line, Some(c.name()), cell, e));
            None
        }
    }
}

/// Reads a month cell that must be present.
fn month<S: AsRef<str>>(
    line: u64,
    v: &View<'_, S>,
    c: Col,
    problems: &mut Vec<Problem>,
) -> Option<Month> {
    let Some(text) = v.text(c) else {
        problems.push(problem(
            line,
            c,
            None,
            ErrorCode::BadMonth,
            format!("the {} is empty", c.name()),
            format!("{}为空", c.name_zh()),
        ));
        return None;
    };
    match Month::parse(text) {
        Ok(m) => Some(m),
        Err(e) => {
            let e = Error {
                message: format!("{}: {}", c.name(), e.message),
                message_zh: format!("{}：{}", c.name_zh(), e.message_zh),
                ..e
            };
            problems.push(Problem::new(line, Some(c.name()), Some(text), e));
            None
        }
    }
}

/// The problem for a row holding bytes that are not text, if any.
fn damaged<S: AsRef<str>>(line: u64, v: &View<'_, S>) -> Option<Problem> {
    let c = v
        .cols
        .kind
        .fields()
        .iter()
        .copied()
        .find(|c| v.raw(*c).is_some_and(has_nul_or_replacement))?;
    Some(problem(
        line,
        c,
        v.raw(c),
        ErrorCode::Encoding,
        "this row holds bytes that are not text in the file's encoding (or a NUL byte)",
        "该行含有无法按文件编码识别的字节（或NUL字节）",
    ))
}

fn parse_purchase<S: AsRef<str>>(
    line: u64,
    v: &View<'_, S>,
) -> std::result::Result<PurchaseRecord, Vec<Problem>> {
    if let Some(p) = damaged(line, v) {
        return Err(vec![p]);
    }
    let mut problems = Vec::new();
    let drug = v.text(Col::Drug);
    if drug.is_some_and(is_summary_word) {
        return Err(vec![problem(
            line,
            Col::Drug,
            drug,
            ErrorCode::SummaryRow,
            "a totals row; not counted, so nothing is counted twice",
            "合计行，不计入，以免重复计算",
        )]);
    }
    let month = month(line, v, Col::Month, &mut problems);
    if drug.is_none() {
        problems.push(problem(
            line,
            Col::Drug,
            None,
            ErrorCode::MissingDrug,
            "the drug name is empty",
            "药品名称为空",
        ));
    }
    let quantity = number(line, v, Col::Quantity, &mut problems);
    if quantity.is_none() && v.text(Col::Quantity).is_none() {
        problems.push(problem(
            line,
            Col::Quantity,
            None,
            ErrorCode::MissingQuantity,
            "the quantity is empty",
            "数量为空",
        ));
    }
    let amount = number(line, v, Col::Amount, &mut problems);
    if amount.is_none() && v.text(Col::Amount).is_none() {
        problems.push(problem(
            line,
            Col::Amount,
            None,
            ErrorCode::MissingAmount,
            "the amount (spend) is empty",
            "金额为空",
        ));
    }
    let ddds = number(line, v, Col::Ddds, &mut problems);
    let ddd_per_unit = number(line, v, Col::DddPerUnit, &mut problems);
    if let Some(d) = ddd_per_unit.filter(|d| d.is_sign_negative() && !d.is_zero()) {
        problems.push(problem(
            line,
            Col::DddPerUnit,
            v.raw(Col::DddPerUnit),
            ErrorCode::OutOfRange,
            format!("DDDs per unit must not be negative, not {d}"),
            format!("每单位DDD数不能为负数（{d}）"),
        ));
    }
    let role = match v.text(Col::Role) {
        None => None,
        Some(t) => match Role::parse(t) {
            Some(r) => Some(r),
            None => {
                problems.push(problem(
                    line,
                    Col::Role,
                    Some(t),
                    ErrorCode::BadValue,
                    format!("the role '{t}' is none of winning (中选), non_winning (非中选), alternative (替代)"),
                    format!("类别“{t}”不是中选、非中选或替代"),
                ));
                None
            }
        },
    };
    let group = v.text(Col::Group).map(str::to_string);
    if role == Some(Role::Alternative) && group.is_none() {
        problems.push(problem(
            line,
            Col::Group,
            None,
            ErrorCode::BadValue,
            "an alternative needs the VBP drug it is used instead of: fill in group (对应集采品种)",
            "替代药品须写明对应的集采品种（对应集采品种列）",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some(month), Some(drug), Some(quantity), Some(amount)) = (month, drug, quantity, amount)
    else {
        return Err(vec![]); // unreachable: each missing value pushed a problem above
    };
    let owned = |c: Col| v.text(c).map(str::to_string);
    Ok(PurchaseRecord {
        line,
        month,
        drug: drug.to_string(),
        manufacturer: owned(Col::Manufacturer),
        quantity,
        amount,
        ddds,
        ddd_per_unit,
        role,
        group,
        specification: owned(Col::Specification),
        unit: owned(Col::Unit).or_else(|| v.cols.header_unit.clone()),
    })
}

fn parse_agreed<S: AsRef<str>>(
    line: u64,
    v: &View<'_, S>,
) -> std::result::Result<AgreedVolume, Vec<Problem>> {
    if let Some(p) = damaged(line, v) {
        return Err(vec![p]);
    }
    let mut problems = Vec::new();
    let drug = v.text(Col::Drug);
    if drug.is_some_and(is_summary_word) {
        return Err(vec![problem(
            line,
            Col::Drug,
            drug,
            ErrorCode::SummaryRow,
            "a totals row; not counted, so nothing is counted twice",
            "合计行，不计入，以免重复计算",
        )]);
    }
    if drug.is_none() {
        problems.push(problem(
            line,
            Col::Drug,
            None,
            ErrorCode::MissingDrug,
            "the drug name is empty",
            "药品名称为空",
        ));
    }
    let volume = number(line, v, Col::AgreedVolume, &mut problems);
    match volume {
        None if v.text(Col::AgreedVolume).is_none() => problems.push(problem(
            line,
            Col::AgreedVolume,
            None,
            ErrorCode::MissingQuantity,
            "the agreed volume is empty",
            "约定采购量为空",
        )),
        Some(x) if x.is_sign_negative() && !x.is_zero() => problems.push(problem(
            line,
            Col::AgreedVolume,
            v.raw(Col::AgreedVolume),
            ErrorCode::OutOfRange,
            format!("the agreed volume must not be negative, not {x}"),
            format!("约定采购量不能为负数（{x}）"),
        )),
        _ => {}
    }
    let start = month(line, v, Col::CycleStart, &mut problems);
    let end = month(line, v, Col::CycleEnd, &mut problems);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            problems.push(problem(
                line,
                Col::CycleEnd,
                v.raw(Col::CycleEnd),
                ErrorCode::OutOfRange,
                format!("the cycle ends ({e}) before it starts ({s})"),
                format!("周期结束月份（{e}）早于开始月份（{s}）"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some(drug), Some(agreed_volume), Some(cycle_start), Some(cycle_end)) =
        (drug, volume, start, end)
    else {
        return Err(vec![]); // unreachable: each missing value pushed a problem above
    };
    let owned = |c: Col| v.text(c).map(str::to_string);
    Ok(AgreedVolume {
        line,
        drug: drug.to_string(),
        manufacturer: owned(Col::Manufacturer),
        agreed_volume,
        cycle_start,
        cycle_end,
        specification: owned(Col::Specification),
        unit: owned(Col::Unit).or_else(|| v.cols.header_unit.clone()),
    })
}

fn no_header(kind: TableKind, e: NoHeader) -> Error {
    let (what, what_zh) = kind.what();
    let fields: Vec<String> = kind
        .required()
        .iter()
        .map(|c| format!("{} ({})", c.name(), c.name_zh()))
        .collect();
    let fields_zh: Vec<&str> = kind.required().iter().map(|c| c.name_zh()).collect();
    let generic = || {
        Error::new(
            ErrorCode::NoHeader,
            format!(
                "{what}: no header row found: the first rows must name the columns {}",
                fields.join(", ")
            ),
            format!(
                "{what_zh}：未找到表头：前几行须包含{}等列",
                fields_zh.join("、")
            ),
        )
    };
    match e {
        NoHeader::Closest(Some(cells)) => Columns::from_header(kind, &cells)
            .err()
            .unwrap_or_else(generic),
        NoHeader::Closest(None) => generic(),
        NoHeader::Unreadable(e) => {
            let p = table::record_problem(&e, &[]);
            Error::new(
                p.code,
                format!("{what}: line {}: {}", p.line, p.message),
                format!("{what_zh}：第{}行：{}", p.line, p.message_zh),
            )
        }
    }
}

/// Reads a table's rows into records (see the module docs).
fn read_table<S: AsRef<str>, T>(
    kind: TableKind,
    records: impl Iterator<Item = std::result::Result<Row<S>, RowError>>,
    info: InputInfo,
    warnings: &mut Warnings,
    parse: impl Fn(u64, &View<'_, S>) -> std::result::Result<T, Vec<Problem>>,
) -> Result<TableRead<T>> {
    let mut records = records;
    let mut undecodable = false;
    let mut watched = records.by_ref().inspect(|r| {
        if let Ok(r) = r {
            undecodable |= r.cells.iter().any(|c| c.as_ref().contains('\u{fffd}'));
        }
    });
    let found = table::find_header(
        &mut watched,
        &|cells| Columns::score(kind, cells),
        &|cell| Columns::score(kind, &[cell]) > 0,
        40,
    );
    drop(watched);
    let (header, buffered) = found.map_err(|e| {
        if undecodable {
            let (what, what_zh) = kind.what();
            Error::new(
                ErrorCode::Encoding,
                format!("{what}: no header row can be read: the first rows hold characters that are not text in the encoding the file appears to use; save it as UTF-8 or GBK and import it again"),
                format!("{what_zh}：无法读取表头：前几行含有按文件编码无法识别的字符；请将文件另存为UTF-8或GBK后重新导入"),
            )
        } else {
            no_header(kind, e)
        }
    })?;
    let columns = Columns::from_header(kind, &header.cells)?;
    let mut out = TableRead {
        items: Vec::new(),
        rejected: Vec::new(),
        info: InputInfo {
            header_line: Some(header.line),
            header_rows: header.rows,
            lines_before_header: header.line.saturating_sub(1),
            columns: columns.uses.clone(),
            ignored_columns: columns.ignored.clone(),
            ..info
        },
        columns,
    };
    let width = out.columns.headers.len();
    let reject = |out: &mut TableRead<T>, p: Problem| {
        if out.rejected.len() < MAX_LISTED_PROBLEMS {
            out.rejected.push(p);
        } else {
            *out.info
                .rejected_not_listed
                .entry(p.code.as_str().to_string())
                .or_default() += 1;
        }
    };
    for rec in buffered.into_iter().chain(records) {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.info.rows += 1;
                out.info.rejected += 1;
                let mut p = table::record_problem(&e, &[]);
                p.header = p.column.and_then(|c| out.columns.header(c as usize - 1));
                reject(&mut out, p);
                continue;
            }
        };
        if rec.cells.iter().all(|c| trim_cell(c.as_ref()).is_empty()) {
            out.info.blank_lines += 1;
            continue;
        }
        out.info.rows += 1;
        if out.info.rows > MAX_ROWS {
            let (what, what_zh) = kind.what();
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!("{what}: more than {MAX_ROWS} rows"),
                format!("{what_zh}：超过{MAX_ROWS}行"),
            ));
        }
        let view = View {
            row: &rec,
            cols: &out.columns,
        };
        if let Some(p) =
            table::summary_row_elsewhere(&rec, view.raw(Col::Drug), &|c| out.columns.header(c))
        {
            out.info.rejected += 1;
            reject(&mut out, p);
            continue;
        }
        for (code, en, zh) in table::shape_warnings(&rec, width) {
            warnings.row(rec.line, code, None, || en, || zh);
        }
        match parse(rec.line, &view) {
            Ok(item) => {
                out.info.accepted += 1;
                out.items.push(item);
            }
            Err(problems) => {
                out.info.rejected += 1;
                for mut p in problems {
                    out.columns.locate(&mut p);
                    reject(&mut out, p);
                }
            }
        }
    }
    Ok(out)
}

fn csv_info(csv: &CsvText) -> InputInfo {
    InputInfo {
        kind: "csv".into(),
        encoding: Some(csv.encoding.into()),
        delimiter: Some(csv.delimiter_name()),
        ..Default::default()
    }
}

fn rows_info() -> InputInfo {
    InputInfo {
        kind: "rows".into(),
        ..Default::default()
    }
}

fn empty_rows<S: AsRef<str>>(kind: TableKind, rows: &[Vec<S>]) -> Result<()> {
    if rows
        .iter()
        .all(|r| r.iter().all(|c| trim_cell(c.as_ref()).is_empty()))
    {
        let (what, what_zh) = kind.what();
        return Err(Error::new(
            ErrorCode::EmptyInput,
            format!("{what}: the table holds no data"),
            format!("{what_zh}：表中没有数据"),
        ));
    }
    Ok(())
}

fn decode(kind: TableKind, bytes: &[u8]) -> Result<CsvText<'_>> {
    CsvText::decode(bytes).map_err(|e| {
        let (what, what_zh) = kind.what();
        Error::new(
            e.code,
            format!("{what}: {}", e.message),
            format!("{what_zh}：{}", e.message_zh),
        )
    })
}

/// Rows of cells as the rows a CSV file gives (`Cow` cells), so that both take one
/// instantiation of the reader (and of the header search the estimate's CSV reading shares).
fn borrowed_rows<S: AsRef<str>>(
    rows: &[Vec<S>],
) -> impl Iterator<Item = std::result::Result<Row<Cow<'_, str>>, RowError>> {
    table::numbered_rows(rows.iter().map(|r| {
        r.iter()
            .map(|c| Cow::Borrowed(c.as_ref()))
            .collect::<Vec<Cow<'_, str>>>()
    }))
}

/// Reads purchase records from CSV bytes (UTF-8, UTF-16 or GB18030/GBK).
pub fn purchases_csv(bytes: &[u8], warnings: &mut Warnings) -> Result<TableRead<PurchaseRecord>> {
    let csv = decode(TableKind::Purchases, bytes)?;
    read_table(
        TableKind::Purchases,
        csv.rows(),
        csv_info(&csv),
        warnings,
        parse_purchase,
    )
}

/// Reads purchase records from rows of cells (`rows[i]` is line `i + 1`).
pub fn purchases_rows<S: AsRef<str>>(
    rows: &[Vec<S>],
    warnings: &mut Warnings,
) -> Result<TableRead<PurchaseRecord>> {
    empty_rows(TableKind::Purchases, rows)?;
    read_table(
        TableKind::Purchases,
        borrowed_rows(rows),
        rows_info(),
        warnings,
        parse_purchase,
    )
}

/// Reads agreed volumes from CSV bytes.
pub fn agreed_csv(bytes: &[u8], warnings: &mut Warnings) -> Result<TableRead<AgreedVolume>> {
    let csv = decode(TableKind::Agreed, bytes)?;
    read_table(
        TableKind::Agreed,
        csv.rows(),
        csv_info(&csv),
        warnings,
        parse_agreed,
    )
}

/// Reads agreed volumes from rows of cells.
pub fn agreed_rows<S: AsRef<str>>(
    rows: &[Vec<S>],
    warnings: &mut Warnings,
) -> Result<TableRead<AgreedVolume>> {
    empty_rows(TableKind::Agreed, rows)?;
    read_table(
        TableKind::Agreed,
        borrowed_rows(rows),
        rows_info(),
        warnings,
        parse_agreed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_languages_and_the_shared_aliases() {
        let c = Columns::from_header(
            TableKind::Purchases,
            &[
                "月份",
                "通用名",
                "生产厂家",
                "采购数量(盒)",
                "采购金额",
                "类别",
                "对应集采品种",
                "规格",
                "DDDs",
            ],
        )
        .unwrap();
        assert_eq!(c.get(Col::Drug), Some(1));
        assert_eq!(c.get(Col::Manufacturer), Some(2));
        assert_eq!(c.get(Col::Quantity), Some(3));
        assert_eq!(c.get(Col::Role), Some(5));
        assert_eq!(c.get(Col::Ddds), Some(8));
        assert_eq!(c.header_unit.as_deref(), Some("盒"));
        let c = Columns::from_header(
            TableKind::Agreed,
            &[
                "drug",
                "manufacturer",
                "agreed_volume",
                "cycle_start",
                "cycle_end",
                "类别",
            ],
        )
        .unwrap();
        assert_eq!(c.get(Col::AgreedVolume), Some(2));
        assert_eq!(c.ignored, vec!["类别"]);
        let e =
            Columns::from_header(TableKind::Purchases, &["月份", "药品名称", "数量"]).unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingColumn);
        assert!(e.message.contains("amount"), "{}", e.message);
        let e = Columns::from_header(
            TableKind::Purchases,
            &["月份", "药品名称", "数量", "金额", "采购金额"],
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::DuplicateColumn);
    }

    #[test]
    fn rows_are_read_or_reported_by_line_and_column() {
        let rows = vec![
            vec!["某医院采购明细", "", "", "", ""],
            vec!["月份", "药品名称", "生产企业", "数量", "金额"],
            vec!["2023-01", "甲磺酸仑伐替尼胶囊", "先声药业", "90", "1620"],
            vec!["2023-13", "甲磺酸仑伐替尼胶囊", "先声药业", "x", ""],
            vec!["", "合计", "", "90", "1620"],
            vec!["", "", "", "", ""],
        ];
        let mut w = Warnings::default();
        let r = purchases_rows(&rows, &mut w).unwrap();
        assert_eq!(r.items.len(), 1);
        assert_eq!(r.info.header_line, Some(2));
        assert_eq!(
            (
                r.info.rows,
                r.info.accepted,
                r.info.rejected,
                r.info.blank_lines
            ),
            (3, 1, 2, 1)
        );
        let codes: Vec<(u64, Option<u32>, ErrorCode)> = r
            .rejected
            .iter()
            .map(|p| (p.line, p.column, p.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                (4, Some(1), ErrorCode::BadMonth),
                (4, Some(4), ErrorCode::BadNumber),
                (4, Some(5), ErrorCode::MissingAmount),
                (5, Some(2), ErrorCode::SummaryRow)
            ]
        );
        assert_eq!(r.rejected[0].header.as_deref(), Some("月份"));
    }
}
