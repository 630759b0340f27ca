//! The official result table (中选结果表) as a catalog: each row a winning product
//! (通用名, 剂型, 规格, 包装, 生产企业, 中选价格, 单位, 主供/备供省份) becomes a catalog
//! product with a per-smallest-unit price = pack price ÷ pack quantity, the pack quantity
//! read from the packaging or the specification (`10mg×14片/盒`, `75mg*10粒`,
//! `100ml:37g(I)×10瓶`). Where it can't be read, the row is listed in
//! `needs_pack_quantity` with code `unknown_pack_quantity` and stays out of the catalog
//! until the user gives it (`pack_quantities`: line → units per pack): never a guess.
//!
//! The catalog built this way has the same JSON form as the embedded batch-7 catalog, so
//! it can be saved and given back to any estimate; its batch facts are those of the batch
//! the user names (from `data/batches.json`).

use crate::catalog::batches;
use crate::catalog::{BatchFacts, Catalog, Category, Confidence, Entry, Product, Status};
use crate::error::{Error, ErrorCode, Result};
use crate::import::columns::normalize_header;
use crate::import::table::{self, find_header, NoHeader, Row, RowError};
use crate::line::is_summary_word;
use crate::line::{ColumnUse, InputInfo, Note, Problem, Warning};
use crate::values::item::{canonical_unit, normalize_name, same_unit, ItemKind};
use crate::values::money;
use crate::values::number::{parse_decimal, trim_cell};
use crate::values::pack::{self, Pack};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Schema tag of the import result.
pub const RESULT_TABLE_SCHEMA: &str = "vbp-savings/result-table@1";

/// A result-table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    GenericName,
    DosageForm,
    Specification,
    Packaging,
    Manufacturer,
    Price,
    PriceUnit,
    Primary,
    Backup,
    Category,
    Kind,
}

impl Col {
    const ALL: [Col; 11] = [
        Col::GenericName,
        Col::DosageForm,
        Col::Specification,
        Col::Packaging,
        Col::Manufacturer,
        Col::Price,
        Col::PriceUnit,
        Col::Primary,
        Col::Backup,
        Col::Category,
        Col::Kind,
    ];

    /// The field name in JSON (`generic_name`, `price` …).
    pub fn name(self) -> &'static str {
        match self {
            Col::GenericName => "generic_name",
            Col::DosageForm => "dosage_form",
            Col::Specification => "specification",
            Col::Packaging => "packaging",
            Col::Manufacturer => "manufacturer",
            Col::Price => "price",
            Col::PriceUnit => "price_unit",
            Col::Primary => "primary_provinces",
            Col::Backup => "backup_provinces",
            Col::Category => "category",
            Col::Kind => "kind",
        }
    }
}

const REQUIRED: [Col; 2] = [Col::GenericName, Col::Price];

/// Header words (normalised, see [`normalize_header`]) of each column.
const ALIASES: &[(Col, &[&str])] = &[
    (
        Col::GenericName,
        &[
            "通用名",
            "通用名称",
            "药品通用名",
            "药品通用名称",
            "药品名称",
            "品种名称",
            "品种",
            "产品名称",
            "品名",
            "genericname",
            "drug",
            "name",
            "product",
        ],
    ),
    (Col::DosageForm, &["剂型", "dosageform", "form"]),
    (
        Col::Specification,
        &[
            "规格",
            "制剂规格",
            "规格型号",
            "型号规格",
            "specification",
            "spec",
        ],
    ),
    (
        Col::Packaging,
        &[
            "包装",
            "包装规格",
            "包装数量",
            "转换比",
            "包装转换比",
            "最小包装数量",
            "packaging",
            "pack",
            "packsize",
            "unitsperpack",
        ],
    ),
    (
        Col::Manufacturer,
        &[
            "生产企业",
            "生产企业名称",
            "中选企业",
            "中选企业名称",
            "企业名称",
            "申报企业",
            "企业",
            "manufacturer",
            "company",
        ],
    ),
    (
        Col::Price,
        &[
            "中选价格",
            "中选价",
            "中选价格(元)",
            "中选单价",
            "中标价",
            "中标价格",
            "价格",
            "winningprice",
            "packprice",
            "price",
        ],
    ),
    (
        Col::PriceUnit,
        &[
            "单位",
            "计价单位",
            "包装单位",
            "价格单位",
            "unit",
            "priceunit",
        ],
    ),
    (
        Col::Primary,
        &[
            "主供省份",
            "主供地区",
            "主供区域",
            "供应省份",
            "供应地区",
            "primaryprovinces",
            "primary",
        ],
    ),
    (
        Col::Backup,
        &[
            "备供省份",
            "备供地区",
            "备供区域",
            "backupprovinces",
            "backup",
        ],
    ),
    (
        Col::Category,
        &[
            "治疗类别",
            "类别",
            "分类",
            "器械类别",
            "产品类别",
            "category",
        ],
    ),
    (Col::Kind, &["药耗类型", "药品/耗材", "药品或耗材", "kind"]),
];

fn lookup(cell: &str) -> Option<Col> {
    let n = normalize_header(cell);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&n.as_str()))
        .map(|(c, _)| *c)
}

fn score(cells: &[String]) -> usize {
    let mut found: Vec<Col> = cells.iter().filter_map(|c| lookup(c)).collect();
    found.sort_by_key(|c| *c as usize);
    found.dedup();
    REQUIRED.iter().filter(|c| found.contains(c)).count() * 10 + found.len()
}

/// Options of a result-table import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultTableOptions {
    /// The batch the table is of: its headline facts go into the catalog (`data/batches.json`).
    #[serde(default)]
    pub batch: Option<u32>,
    /// Units per pack the user gives for rows whose pack quantity can't be read: line → number.
    #[serde(default)]
    pub pack_quantities: BTreeMap<u64, String>,
    /// What the table is (a file name), named in every product's source.
    #[serde(default)]
    pub label: Option<String>,
    /// The kind of every row without a kind column: drugs (default) or consumables.
    #[serde(default)]
    pub kind: Option<ItemKind>,
}

/// One product read from the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedProduct {
    pub line: u64,
    /// `entry_id#n`, the name overrides use.
    pub product: String,
    pub kind: ItemKind,
    pub generic_name: String,
    pub dosage_form: Option<String>,
    pub specification: Option<String>,
    pub packaging: Option<String>,
    pub manufacturer: Option<String>,
    /// The price as the table gives it, per `price_unit`.
    #[serde(with = "money::serde_str")]
    pub price: Decimal,
    pub price_unit: Option<String>,
    /// Smallest units the priced unit holds (1 when the price is already per smallest unit).
    #[serde(with = "money::serde_str")]
    pub units_per_pack: Decimal,
    /// The smallest unit (capsule, tablet, vial …, or the word as written); empty when not stated.
    pub unit: String,
    /// price ÷ units per pack: exact where it terminates, else to 10 decimal places.
    #[serde(with = "money::serde_str::option")]
    pub unit_price: Option<Decimal>,
    /// Where the pack quantity came from: `packaging`, `specification`, `given` (by you) or `per_unit` (the price is already per smallest unit).
    pub pack_quantity_from: String,
    pub primary_provinces: Vec<String>,
    pub backup_provinces: Vec<String>,
}

/// The import: the catalog, the products, and what needs the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultTableImport {
    pub schema: String,
    pub catalog: Catalog,
    pub products: Vec<ImportedProduct>,
    /// Rows whose pack quantity can't be read: give `pack_quantities` (line → units per pack).
    pub needs_pack_quantity: Vec<Problem>,
    pub rejected: Vec<Problem>,
    pub warnings: Vec<Warning>,
    pub assumptions: Vec<Note>,
    pub input: InputInfo,
}

struct ColMap {
    slots: HashMap<Col, usize>,
    headers: Vec<String>,
}

impl ColMap {
    fn from_header(cells: &[String]) -> Result<ColMap> {
        let mut slots = HashMap::new();
        for (i, c) in cells.iter().enumerate() {
            if let Some(col) = lookup(c) {
                slots.entry(col).or_insert(i);
            }
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .filter(|c| !slots.contains_key(*c))
            .map(|c| {
                if *c == Col::Price {
                    "中选价格 (price)"
                } else {
                    "通用名 (generic name)"
                }
            })
            .collect();
        if !missing.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingColumn,
                format!("the result table has no column for {}", missing.join(", ")),
                format!("中选结果表缺少以下列：{}", missing.join("、")),
            ));
        }
        Ok(ColMap {
            slots,
            headers: cells.to_vec(),
        })
    }

    fn uses(&self) -> Vec<ColumnUse> {
        let mut v: Vec<ColumnUse> = Col::ALL
            .iter()
            .filter_map(|c| {
                self.slots.get(c).map(|&i| ColumnUse {
                    column: i as u32 + 1,
                    header: self.headers[i].clone(),
                    field: c.name().into(),
                    note: None,
                    note_zh: None,
                })
            })
            .collect();
        v.sort_by_key(|u| u.column);
        v
    }

    fn locate(&self, p: &mut Problem, col: Col) {
        if let Some(&i) = self.slots.get(&col) {
            p.column = Some(i as u32 + 1);
            p.header = self.headers.get(i).cloned();
        }
    }
}

fn no_header(e: NoHeader) -> Error {
    match e {
        NoHeader::Closest(Some(cells)) => {
            ColMap::from_header(&cells).err().unwrap_or_else(|| no_header(NoHeader::Closest(None)))
        }
        NoHeader::Closest(None) => Error::new(
            ErrorCode::NoHeader,
            "no header row found: a result table needs columns for the generic name (通用名) and the winning price (中选价格)",
            "未找到表头：中选结果表须包含通用名和中选价格两列",
        ),
        NoHeader::Unreadable(e) => {
            let p = table::record_problem(&e, &[]);
            Error::new(p.code, p.message, p.message_zh)
        }
    }
}

fn split_provinces(text: Option<&str>) -> Vec<String> {
    text.map(|t| {
        t.split(['、', ',', '，', ';', '；', '/', '|', ' ', '\u{3000}'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Names a hospital system may give the drug: the generic name with its dosage form
/// (`依巴斯汀` + `片剂` → `依巴斯汀片`; `米卡芬净钠` + `注射剂` → `注射用米卡芬净钠`).
fn form_aliases(name: &str, form: Option<&str>) -> Vec<String> {
    let Some(form) = form.map(str::trim).filter(|f| !f.is_empty()) else {
        return vec![];
    };
    let mut out = vec![format!("{name}{form}")];
    let short = form.strip_suffix('剂').unwrap_or(form);
    if short != form && !short.is_empty() {
        out.push(format!("{name}{short}"));
    }
    if form.contains("注射") {
        out.push(format!("{name}注射液"));
        out.push(format!("注射用{name}"));
    }
    out.retain(|a| normalize_name(a) != normalize_name(name));
    out.dedup();
    out
}

/// The unit word as the catalog stores it: the canonical English word where known.
fn unit_word(word: &str) -> String {
    canonical_unit(word)
        .map(str::to_string)
        .unwrap_or_else(|| word.trim().to_string())
}

/// Per-unit decision for one row.
enum PackDecision {
    Ok {
        units: Decimal,
        unit: String,
        from: &'static str,
    },
    Ask(String, String),
}

fn decide_pack(
    line: u64,
    spec: Option<&str>,
    packaging: Option<&str>,
    price_unit: Option<&str>,
    given: Option<&str>,
) -> Result<PackDecision> {
    if let Some(g) = given {
        let n =
            parse_decimal(g)?
                .filter(|n| *n > Decimal::ZERO)
                .ok_or_else(|| {
                    Error::new(
                ErrorCode::BadValue,
                format!("line {line}: the pack quantity you gave ('{g}') is not a positive number"),
                format!("第{line}行：您给出的包装数量（“{g}”）不是正数"),
            )
                })?;
        let unit = [packaging, spec]
            .into_iter()
            .flatten()
            .find_map(|t| pack::parse_pack(t)?.unit)
            .map(|u| unit_word(&u))
            .unwrap_or_default();
        return Ok(PackDecision::Ok {
            units: n,
            unit,
            from: "given",
        });
    }
    let from_packaging = packaging.and_then(pack::parse_pack);
    let from_spec = spec.and_then(pack::parse_pack);
    let (pack, from): (Option<Pack>, &'static str) = match (&from_packaging, &from_spec) {
        (Some(a), Some(b)) if a.count != b.count => {
            return Ok(PackDecision::Ask(
                format!(
                    "the packaging says {} and the specification says {} units per pack",
                    a.count, b.count
                ),
                format!("包装为每包{}、规格为每包{}，不一致", a.count, b.count),
            ))
        }
        (Some(_), _) => (from_packaging, "packaging"),
        (None, Some(_)) => (from_spec, "specification"),
        (None, None) => (None, ""),
    };
    let pu = price_unit.map(str::trim).filter(|u| !u.is_empty());
    let pack_unit = pack.as_ref().and_then(|p| p.unit.clone());
    // a price per smallest unit: the unit is the counted one (×10瓶, priced per 瓶), or the
    // unit is a smallest unit and the pack is not priced in it (0.5g×100片/瓶 priced per 瓶 is per bottle)
    if let Some(pu) = pu {
        let is_container = pack
            .as_ref()
            .and_then(|p| p.container.as_deref())
            .is_some_and(|c| normalize_name(c) == normalize_name(pu));
        let is_counted = pack_unit.as_deref().is_some_and(|u| {
            same_unit(u, pu) == Some(true) || normalize_name(u) == normalize_name(pu)
        });
        let smallest = canonical_unit(pu).is_some_and(|c| c != "box");
        if is_counted || (smallest && !is_container && pack.is_none()) {
            return Ok(PackDecision::Ok {
                units: Decimal::ONE,
                unit: unit_word(pu),
                from: "per_unit",
            });
        }
    }
    match pack {
        Some(p) => Ok(PackDecision::Ok { units: p.count, unit: p.unit.as_deref().map(unit_word).unwrap_or_default(), from }),
        None => Ok(PackDecision::Ask(
            "the pack quantity (units per pack) can't be read from the specification or the packaging".into(),
            "无法从规格或包装中读出包装数量（每包最小单位数）".into(),
        )),
    }
}

/// Reads a result table from rows (a sheet, or CSV rows). Errors only when nothing can be read.
pub fn import_rows<S: AsRef<str>>(
    records: impl Iterator<Item = std::result::Result<Row<S>, RowError>>,
    options: &ResultTableOptions,
) -> Result<ResultTableImport> {
    let mut records = records;
    let (header, buffered) =
        find_header(&mut records, &score, &|c| lookup(c).is_some(), 20).map_err(no_header)?;
    let map = ColMap::from_header(&header.cells)?;
    let label = options
        .label
        .clone()
        .unwrap_or_else(|| "imported result table".into());
    let facts: BatchFacts = match options.batch {
        Some(b) => batches::batches()?
            .get(b)
            .ok_or_else(|| batches::unknown_batch(&b.to_string()))?
            .facts(),
        None => BatchFacts {
            name_zh: "未指定批次".into(),
            name_en: "batch not given".into(),
            ..batches::unknown_facts(0)
        },
    };

    let mut entries: Vec<Entry> = Vec::new();
    let mut entry_index: HashMap<(String, String), usize> = HashMap::new();
    let mut products = Vec::new();
    let mut needs = Vec::new();
    let mut rejected = Vec::new();
    let mut warnings = Vec::new();
    let mut info = InputInfo {
        kind: "result_table".into(),
        header_line: Some(header.line),
        header_rows: header.rows,
        lines_before_header: header.line.saturating_sub(1),
        columns: map.uses(),
        ignored_columns: header
            .cells
            .iter()
            .filter(|c| !c.is_empty() && lookup(c).is_none())
            .cloned()
            .collect(),
        ..Default::default()
    };

    for rec in buffered.into_iter().chain(records) {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                info.rows += 1;
                rejected.push(table::record_problem(&e, &[]));
                continue;
            }
        };
        if rec.cells.iter().all(|c| trim_cell(c.as_ref()).is_empty()) {
            info.blank_lines += 1;
            continue;
        }
        info.rows += 1;
        let line = rec.line;
        let cell = |c: Col| {
            map.slots
                .get(&c)
                .and_then(|&i| rec.cells.get(i))
                .map(|s| trim_cell(s.as_ref()))
                .filter(|s| !s.is_empty())
        };
        let problem = |col: Col, value: Option<&str>, err: Error| {
            let mut p = Problem::new(line, Some(col.name()), value, err);
            map.locate(&mut p, col);
            p
        };
        let summary = || {
            Error::new(
                ErrorCode::SummaryRow,
                "a totals row; not a product",
                "合计行，不是产品",
            )
        };
        let Some(name) = cell(Col::GenericName) else {
            if let Some(word) = rec.cells.iter().find(|c| is_summary_word(c.as_ref())) {
                rejected.push(Problem::new(line, None, Some(word.as_ref()), summary()));
                continue;
            }
            rejected.push(problem(
                Col::GenericName,
                None,
                Error::new(
                    ErrorCode::MissingDrug,
                    "the generic name is empty",
                    "通用名为空",
                ),
            ));
            continue;
        };
        if is_summary_word(name) {
            rejected.push(problem(Col::GenericName, Some(name), summary()));
            continue;
        }
        let price = match parse_decimal(cell(Col::Price).unwrap_or("")) {
            Ok(Some(p)) if p > Decimal::ZERO => p,
            Ok(Some(p)) => {
                let code = if p.is_zero() {
                    ErrorCode::BadValue
                } else {
                    ErrorCode::NegativePrice
                };
                rejected.push(problem(
                    Col::Price,
                    cell(Col::Price),
                    Error::new(
                        code,
                        "the winning price must be above zero",
                        "中选价格须大于零",
                    ),
                ));
                continue;
            }
            Ok(None) => {
                rejected.push(problem(
                    Col::Price,
                    None,
                    Error::new(
                        ErrorCode::NoVbpPrice,
                        "the winning price is empty",
                        "中选价格为空",
                    ),
                ));
                continue;
            }
            Err(e) => {
                rejected.push(problem(Col::Price, cell(Col::Price), e));
                continue;
            }
        };
        let kind = match cell(Col::Kind) {
            Some(k) => {
                match ItemKind::parse(k) {
                    Some(k) => k,
                    None => {
                        rejected.push(problem(
                        Col::Kind,
                        Some(k),
                        Error::new(ErrorCode::BadValue, format!("the kind '{k}' is neither a drug (药品) nor a consumable (耗材)"), format!("类型“{k}”既不是药品也不是耗材")),
                    ));
                        continue;
                    }
                }
            }
            None => options.kind.unwrap_or_default(),
        };
        let (spec, packaging, pu) = (
            cell(Col::Specification),
            cell(Col::Packaging),
            cell(Col::PriceUnit),
        );
        // the entry first, so its id does not depend on which rows' pack quantities are known yet
        let form = cell(Col::DosageForm);
        let key = (normalize_name(name), normalize_name(form.unwrap_or("")));
        let idx = *entry_index.entry(key).or_insert_with(|| {
            let category = cell(Col::Category);
            entries.push(Entry {
                id: format!("t{}", entries.len() + 1),
                kind,
                batch: facts.batch,
                generic_name_zh: name.to_string(),
                generic_name_en: name.to_string(),
                aliases: form_aliases(name, form),
                // no pinyin dictionary here: an imported entry is found by its Chinese or English name
                pinyin: String::new(),
                dosage_form: form.map(str::to_string),
                dosage_form_zh: None,
                specification: spec.map(str::to_string),
                unit: None,
                category: Category {
                    key: category.map(|c| {
                        format!(
                            "{}:{}",
                            if kind == ItemKind::Consumable {
                                "device"
                            } else {
                                "text"
                            },
                            normalize_name(c)
                        )
                    }),
                    zh: category.map(str::to_string),
                    en: category.map(str::to_string),
                    indication: String::new(),
                    indication_zh: None,
                    note: None,
                    note_zh: None,
                },
                status: Status::Winning,
                special_anti_infective: false,
                ceiling_price: None,
                reference_price: None,
                average_price_cut: None,
                products: vec![],
                winners: vec![],
                demand_base: None,
                sources: vec![],
                confidence: Confidence::Medium,
                notes: Some(format!(
                    "imported from {label}; the table's authority is yours to judge"
                )),
                notes_zh: Some(format!("导入自{label}；该表是否权威由您判断")),
            });
            entries.len() - 1
        });
        let given = options.pack_quantities.get(&line).map(String::as_str);
        let decision = match decide_pack(line, spec, packaging, pu, given) {
            Ok(d) => d,
            Err(e) => {
                rejected.push(problem(Col::Packaging, given, e));
                continue;
            }
        };
        let (units, mut unit, from) = match decision {
            PackDecision::Ok { units, unit, from } => (units, unit, from),
            PackDecision::Ask(en, zh) => {
                let shown = [spec, packaging]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let col = if packaging.is_some() {
                    Col::Packaging
                } else {
                    Col::Specification
                };
                needs.push(problem(
                    col,
                    Some(shown.as_str()),
                    Error::new(
                        ErrorCode::UnknownPackQuantity,
                        format!("{name}: {en}; give it (line {line} → units per pack) to add this product"),
                        format!("{name}：{zh}；请给出（第{line}行 → 每包数量）以加入该产品"),
                    ),
                ));
                continue;
            }
        };
        if unit.is_empty() && kind == ItemKind::Consumable {
            unit = "piece".into();
        }
        let entry = &mut entries[idx];
        if entry.unit.is_none() && !unit.is_empty() {
            entry.unit = Some(unit.clone());
        }
        let source = format!("{label}, line {line}");
        entry.sources.push(source.clone());
        let pack_text = [spec, packaging]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let (primary, backup) = (
            split_provinces(cell(Col::Primary)),
            split_provinces(cell(Col::Backup)),
        );
        let manufacturer = cell(Col::Manufacturer).map(str::to_string);
        if manufacturer.is_none() {
            warnings.push(Warning {
                line: Some(line),
                drug: Some(name.to_string()),
                code: "no_manufacturer".into(),
                message:
                    "the row names no manufacturer: usage lines can match it only by your override"
                        .into(),
                message_zh: "该行未注明生产企业：用量行只能通过人工指定与之对应".into(),
            });
        }
        let product = Product {
            company: manufacturer.clone().unwrap_or_default(),
            company_aliases: vec![],
            pack: pack_text,
            pack_zh: None,
            pack_price: price,
            units_per_pack: units,
            unit: unit.clone(),
            source,
            confidence: Confidence::Medium,
            note: pu.map(|u| format!("price per {u} as the table states")),
            note_zh: pu.map(|u| format!("按该表所列每{u}价格")),
            primary_provinces: primary.clone(),
            backup_provinces: backup.clone(),
        };
        let unit_price = product.display_unit_price();
        entry.products.push(product);
        products.push(ImportedProduct {
            line,
            product: entry.product_ref(entry.products.len() - 1),
            kind,
            generic_name: name.to_string(),
            dosage_form: form.map(str::to_string),
            specification: spec.map(str::to_string),
            packaging: packaging.map(str::to_string),
            manufacturer,
            price,
            price_unit: pu.map(str::to_string),
            units_per_pack: units,
            unit,
            unit_price,
            pack_quantity_from: from.into(),
            primary_provinces: primary,
            backup_provinces: backup,
        });
    }
    info.accepted = products.len() as u64;
    info.rejected = (rejected.len() + needs.len()) as u64;
    let mut assumptions = vec![
        Note {
            code: "unit_price".into(),
            en: "per-unit price = winning price ÷ units per pack (the pack quantity read from the packaging, else the specification, or given by you); where the quotient does not terminate it is kept to 10 decimal places".into(),
            zh: "最小单位价 = 中选价格 ÷ 包装数量（包装数量取自包装列，其次规格列，或由您给出）；除不尽时保留10位小数".into(),
        },
        Note {
            code: "price_per_pack".into(),
            en: "a winning price is read as per pack unless the unit column names the smallest unit the pack counts (e.g. ×10瓶 priced per 瓶)".into(),
            zh: "中选价格按每包装计，除非单位列为包装所计的最小单位（如“×10瓶”按“瓶”计价）".into(),
        },
    ];
    if options.batch.is_none() {
        assumptions.push(Note {
            code: "batch_not_given".into(),
            en: "no batch was named: the catalog carries no batch facts (no average cut to estimate missing prices with)".into(),
            zh: "未指定批次：目录不含批次数据（无法用平均降幅估算缺失价格）".into(),
        });
    }
    let about = format!(
        "Built from {label} (中选结果表 layout): {} product(s) of {} entr(ies). Per-unit prices are pack price ÷ units per pack. The table's authority is the file's; confidence M.",
        products.len(),
        entries.len()
    );
    Ok(ResultTableImport {
        schema: RESULT_TABLE_SCHEMA.into(),
        catalog: Catalog::new("vbp-savings/catalog@1", about, facts, entries),
        products,
        needs_pack_quantity: needs,
        rejected,
        warnings,
        assumptions,
        input: info,
    })
}

/// Reads a catalog from JSON (the form `data/batch7.json` and a saved import share) and checks it.
pub fn catalog_from_json(json: &str) -> Result<Catalog> {
    let c = Catalog::from_json(json)?;
    c.check()?;
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::numbered_rows;
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
    fn pack_prices_become_unit_prices() {
        let t = rows(&[
            &[
                "第七批国家组织药品集采中选结果（测试样例）",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "序号",
                "通用名",
                "剂型",
                "规格",
                "包装",
                "生产企业",
                "中选价格(元)",
                "单位",
                "主供省份",
                "备供省份",
            ],
            &[
                "1",
                "依巴斯汀",
                "片剂",
                "10mg",
                "14片/盒",
                "江苏联环药业股份有限公司",
                "7.92",
                "盒",
                "江苏、浙江",
                "安徽",
            ],
            &[
                "2",
                "碘帕醇",
                "注射剂",
                "100ml:37g(I)×10瓶",
                "",
                "上海博莱科信谊药业有限责任公司",
                "1192.79",
                "盒",
                "",
                "",
            ],
            &[
                "3",
                "米卡芬净",
                "注射剂",
                "50mg",
                "",
                "Astellas",
                "86.81",
                "支",
                "",
                "",
            ],
            &[
                "4",
                "替加环素",
                "注射剂",
                "50mg",
                "",
                "Pfizer",
                "415.90",
                "盒",
                "",
                "",
            ],
        ]);
        let r = import_rows(
            numbered_rows(rows_ref(&t)),
            &ResultTableOptions {
                batch: Some(7),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.input.header_line, Some(2));
        assert_eq!(r.products.len(), 3);
        let eb = &r.products[0];
        assert_eq!(
            (
                eb.units_per_pack,
                eb.unit.as_str(),
                eb.pack_quantity_from.as_str()
            ),
            (d("14"), "tablet", "packaging")
        );
        assert_eq!(eb.unit_price, Some(d("0.5657142857")));
        assert_eq!(eb.primary_provinces, vec!["江苏", "浙江"]);
        assert_eq!(r.products[1].unit_price, Some(d("119.279")));
        assert_eq!(r.products[2].pack_quantity_from, "per_unit");
        assert_eq!(r.products[2].unit_price, Some(d("86.81")));
        // tigecycline: "50mg" priced per box: the pack quantity is asked for, not guessed
        assert_eq!(r.needs_pack_quantity.len(), 1);
        assert_eq!(r.needs_pack_quantity[0].line, 6);
        assert_eq!(
            r.needs_pack_quantity[0].code,
            ErrorCode::UnknownPackQuantity
        );
        assert_eq!(r.catalog.batch.batch, 7);
        assert!(r.catalog.entries[0]
            .aliases
            .contains(&"依巴斯汀片".to_string()));
        // given the pack quantity, the product joins the catalog
        let mut o = ResultTableOptions {
            batch: Some(7),
            ..Default::default()
        };
        o.pack_quantities.insert(6, "10".into());
        let r = import_rows(numbered_rows(rows_ref(&t)), &o).unwrap();
        assert!(r.needs_pack_quantity.is_empty());
        assert_eq!(r.products[3].unit_price, Some(d("41.59")));
        assert_eq!(r.products[3].pack_quantity_from, "given");
        r.catalog.check().unwrap();
        let json = serde_json::to_string(&r.catalog).unwrap();
        assert_eq!(catalog_from_json(&json).unwrap(), r.catalog);
    }

    fn rows_ref(t: &[Vec<String>]) -> Vec<Vec<&str>> {
        t.iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn bad_rows_are_reported_and_good_rows_count() {
        let t = rows(&[
            &["通用名", "规格", "生产企业", "中选价格"],
            &["依折麦布", "10mg×30片/盒", "Sandoz", "38.89"],
            &["", "10mg×30片/盒", "X", "1"],
            &["某药", "10mg×30片/盒", "X", "abc"],
            &["某药", "10mg×30片/盒", "X", "-1"],
            &["合计", "", "", "100"],
        ]);
        let r = import_rows(numbered_rows(rows_ref(&t)), &ResultTableOptions::default()).unwrap();
        assert_eq!(r.products.len(), 1);
        assert_eq!(r.products[0].unit_price, Some(d("1.2963333333")));
        let got: Vec<(u64, Option<u32>, ErrorCode)> = r
            .rejected
            .iter()
            .map(|p| (p.line, p.column, p.code))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, Some(1), ErrorCode::MissingDrug),
                (4, Some(4), ErrorCode::BadNumber),
                (5, Some(4), ErrorCode::NegativePrice),
                (6, Some(1), ErrorCode::SummaryRow)
            ]
        );
        assert_eq!(r.catalog.batch.batch, 0);
    }

    #[test]
    fn no_price_column_is_a_missing_column() {
        let t = rows(&[&["通用名", "规格"], &["x", "y"]]);
        let e =
            import_rows(numbered_rows(rows_ref(&t)), &ResultTableOptions::default()).unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingColumn);
    }
}
