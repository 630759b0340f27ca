//! Which column holds which field: header names in English and Chinese, as
//! hospital systems (HIS, 采购平台) and people write them.

use crate::error::{Error, ErrorCode, Result};
use crate::line::{ColumnUse, Field};
use crate::values::item::normalize_name;

/// Required fields.
pub const REQUIRED: [Field; 3] = [Field::Drug, Field::Quantity, Field::BaselineUnitPrice];

/// Exact header names (normalised) for each field. A `true` flag marks a generic
/// name whose reading is an assumption the report states (单价 read as the baseline price).
const ALIASES: &[(Field, &str, bool)] = &[
    (Field::Drug, "drug", false),
    (Field::Drug, "drugname", false),
    (Field::Drug, "genericname", false),
    (Field::Drug, "name", false),
    (Field::Drug, "药品名称", false),
    (Field::Drug, "药品名", false),
    (Field::Drug, "药品", false),
    (Field::Drug, "通用名", false),
    (Field::Drug, "通用名称", false),
    (Field::Drug, "药品通用名", false),
    (Field::Drug, "药品通用名称", false),
    (Field::Drug, "品名", false),
    // consumables (高值医用耗材) are named by product
    (Field::Drug, "名称", false),
    (Field::Drug, "产品名称", false),
    (Field::Drug, "耗材名称", false),
    (Field::Quantity, "quantity", false),
    (Field::Quantity, "qty", false),
    (Field::Quantity, "数量", false),
    (Field::Quantity, "采购数量", false),
    (Field::Quantity, "使用数量", false),
    (Field::Quantity, "发药数量", false),
    (Field::Quantity, "入库数量", false),
    (Field::Quantity, "用量", false),
    (Field::Quantity, "采购量", false),
    (Field::BaselineUnitPrice, "baselineunitprice", false),
    (Field::BaselineUnitPrice, "baselineprice", false),
    (Field::BaselineUnitPrice, "prevbpunitprice", false),
    (Field::BaselineUnitPrice, "集采前单价", false),
    (Field::BaselineUnitPrice, "集采前价格", false),
    (Field::BaselineUnitPrice, "集采前价", false),
    (Field::BaselineUnitPrice, "原单价", false),
    (Field::BaselineUnitPrice, "原价", false),
    (Field::BaselineUnitPrice, "基准单价", false),
    (Field::BaselineUnitPrice, "基准价", false),
    (Field::BaselineUnitPrice, "unitprice", true),
    (Field::BaselineUnitPrice, "price", true),
    (Field::BaselineUnitPrice, "单价", true),
    (Field::BaselineUnitPrice, "进价", true),
    (Field::BaselineUnitPrice, "采购单价", true),
    (Field::BaselineUnitPrice, "采购价", true),
    (Field::VbpUnitPrice, "vbpunitprice", false),
    (Field::VbpUnitPrice, "vbpprice", false),
    (Field::VbpUnitPrice, "中选单价", false),
    (Field::VbpUnitPrice, "中选价", false),
    (Field::VbpUnitPrice, "中选价格", false),
    (Field::VbpUnitPrice, "集采单价", false),
    (Field::VbpUnitPrice, "集采价", false),
    (Field::VbpUnitPrice, "集采价格", false),
    (Field::VbpUnitPrice, "集采后单价", false),
    (Field::VbpUnitPrice, "中标价", false),
    (Field::VbpUnitPrice, "中标单价", false),
    (Field::Manufacturer, "manufacturer", false),
    (Field::Manufacturer, "company", false),
    (Field::Manufacturer, "生产企业", false),
    (Field::Manufacturer, "生产企业名称", false),
    (Field::Manufacturer, "生产厂家", false),
    (Field::Manufacturer, "厂家", false),
    (Field::Manufacturer, "生产厂商", false),
    (Field::Manufacturer, "厂商", false),
    (Field::Manufacturer, "企业", false),
    (Field::Unit, "unit", false),
    (Field::Unit, "单位", false),
    (Field::Unit, "包装单位", false),
    (Field::Unit, "最小单位", false),
    (Field::Unit, "计价单位", false),
    (Field::Specification, "specification", false),
    (Field::Specification, "spec", false),
    (Field::Specification, "规格", false),
    (Field::Specification, "规格型号", false),
    (Field::Category, "category", false),
    (Field::Category, "therapeuticcategory", false),
    (Field::Category, "治疗类别", false),
    (Field::Category, "类别", false),
    (Field::Category, "药品分类", false),
    (Field::Category, "分类", false),
    // a consumable's category is its device type
    (Field::Category, "器械类别", false),
    (Field::Category, "器械类型", false),
    (Field::Category, "耗材类别", false),
    (Field::Category, "耗材分类", false),
    (Field::Category, "devicetype", false),
    (Field::Amount, "amount", false),
    (Field::Amount, "金额", false),
    (Field::Amount, "采购金额", false),
    (Field::Amount, "总金额", false),
    (Field::Kind, "kind", false),
    (Field::Kind, "itemkind", false),
    // only explicit headers: a generic 类型/type column often means something else (医保类型 …)
    (Field::Kind, "药耗类型", false),
    (Field::Kind, "药品/耗材", false),
    (Field::Kind, "药品或耗材", false),
    (Field::Kind, "药品耗材", false),
    (Field::Batch, "batch", false),
    (Field::Batch, "批次", false),
    (Field::Batch, "集采批次", false),
    (Field::Batch, "采购批次", false),
    (Field::Batch, "带量采购批次", false),
    (Field::Batch, "国采批次", false),
];

/// Normalises a header cell: width, case, spaces, `_`/`-`, and a trailing unit in brackets (`单价(元)`).
pub fn normalize_header(h: &str) -> String {
    let n: String = normalize_name(h)
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | '*'))
        .collect();
    match n.find('(') {
        Some(i) if i > 0 && n.ends_with(')') => n[..i].to_string(),
        _ => n,
    }
}

fn lookup(header: &str) -> Option<(Field, bool)> {
    let n = normalize_header(header);
    ALIASES
        .iter()
        .find(|(_, a, _)| *a == n)
        .map(|(f, _, generic)| (*f, *generic))
}

/// The usage field a header cell names, by the same aliases the usage tables use (for
/// other tables that share these columns: purchase records, agreed volumes). `None` for a
/// generic price header (单价), which only a usage table reads as the baseline.
pub fn field_for_header(header: &str) -> Option<Field> {
    lookup(header)
        .filter(|(_, generic)| !generic)
        .map(|(f, _)| f)
}

/// Where each field sits in a header row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    slots: [Option<usize>; Field::ALL.len()],
    headers: Vec<String>,
    pub uses: Vec<ColumnUse>,
    pub ignored: Vec<String>,
}

impl ColumnMap {
    /// The header cells, as read.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The 0-based column of a field.
    pub fn get(&self, f: Field) -> Option<usize> {
        self.slots[f.index()]
    }

    /// How many columns the header has.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// The header text of a 0-based column.
    pub fn header(&self, col: usize) -> Option<&str> {
        self.headers.get(col).map(String::as_str)
    }

    /// How many required fields a header row names (to find the header among title rows).
    /// Distinct fields count: a group cell repeated over two columns counts once.
    pub fn score(cells: &[impl AsRef<str>]) -> usize {
        let mut found: Vec<Field> = cells
            .iter()
            .filter_map(|c| lookup(c.as_ref()).map(|(f, _)| f))
            .collect();
        found.sort_by_key(|f| f.index());
        found.dedup();
        REQUIRED.iter().filter(|f| found.contains(f)).count() * 10 + found.len()
    }

    /// Builds the map from a header row. An explicit header beats a generic one
    /// (`集采前单价` beats `单价`); two explicit headers for one field are an error.
    pub fn from_header(cells: &[impl AsRef<str>]) -> Result<ColumnMap> {
        let mut map = ColumnMap {
            headers: cells
                .iter()
                .map(|c| c.as_ref().trim().to_string())
                .collect(),
            ..Default::default()
        };
        let mut generic = [false; Field::ALL.len()];
        for (i, cell) in cells.iter().enumerate() {
            let text = cell.as_ref().trim();
            match lookup(text) {
                Some((f, is_generic)) => match map.slots[f.index()] {
                    None => {
                        map.slots[f.index()] = Some(i);
                        generic[f.index()] = is_generic;
                    }
                    Some(prev) if generic[f.index()] && !is_generic => {
                        map.ignored.push(map.headers[prev].clone());
                        map.slots[f.index()] = Some(i);
                        generic[f.index()] = false;
                    }
                    Some(_) if is_generic => map.ignored.push(text.to_string()),
                    Some(prev) => {
                        return Err(Error::new(
                            ErrorCode::DuplicateColumn,
                            format!(
                                "columns {} ('{}') and {} ('{}') both name the field {}; keep one",
                                prev + 1,
                                map.headers[prev],
                                i + 1,
                                text,
                                f.name()
                            ),
                            format!(
                                "第{}列（“{}”）和第{}列（“{}”）都表示{}，请只保留一列",
                                prev + 1,
                                map.headers[prev],
                                i + 1,
                                text,
                                f.name_zh()
                            ),
                        ))
                    }
                },
                None if !text.is_empty() => map.ignored.push(text.to_string()),
                None => {}
            }
        }
        let missing: Vec<Field> = REQUIRED
            .iter()
            .copied()
            .filter(|f| map.slots[f.index()].is_none())
            .collect();
        if !missing.is_empty() {
            let en: Vec<String> = missing
                .iter()
                .map(|f| format!("{} ({})", f.name(), f.name_zh()))
                .collect();
            let zh: Vec<&str> = missing.iter().map(|f| f.name_zh()).collect();
            return Err(Error::new(
                ErrorCode::MissingColumn,
                format!("the header has no column for {}", en.join(", ")),
                format!("表头缺少以下列：{}", zh.join("、")),
            ));
        }
        for f in Field::ALL {
            if let Some(col) = map.slots[f.index()] {
                let (note, note_zh) = if generic[f.index()] {
                    (
                        Some(format!(
                            "'{}' read as the baseline (pre-VBP) unit price",
                            map.headers[col]
                        )),
                        Some(format!("“{}”按集采前单价读取", map.headers[col])),
                    )
                } else {
                    (None, None)
                };
                map.uses.push(ColumnUse {
                    column: col as u32 + 1,
                    header: map.headers[col].clone(),
                    field: f.name().into(),
                    note,
                    note_zh,
                });
            }
        }
        map.uses.sort_by_key(|u| u.column);
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_chinese_headers() {
        let m =
            ColumnMap::from_header(&["drug", "quantity", "baseline_unit_price", "vbp_unit_price"])
                .unwrap();
        assert_eq!(m.get(Field::VbpUnitPrice), Some(3));
        let m = ColumnMap::from_header(&[
            "序号",
            "通用名",
            "规格",
            "数量",
            "集采前单价(元)",
            "中选单价（元）",
            "生产企业",
        ])
        .unwrap();
        assert_eq!(m.get(Field::Drug), Some(1));
        assert_eq!(m.get(Field::BaselineUnitPrice), Some(4));
        assert_eq!(m.get(Field::VbpUnitPrice), Some(5));
        assert_eq!(m.get(Field::Manufacturer), Some(6));
        assert_eq!(m.ignored, vec!["序号"]);
    }

    #[test]
    fn generic_price_header_is_an_assumption_and_loses_to_explicit() {
        let m = ColumnMap::from_header(&["药品名称", "数量", "单价"]).unwrap();
        assert!(m
            .uses
            .iter()
            .any(|u| u.field == "baseline_unit_price" && u.note.is_some()));
        let m = ColumnMap::from_header(&["药品名称", "单价", "数量", "集采前单价"]).unwrap();
        assert_eq!(m.get(Field::BaselineUnitPrice), Some(3));
        assert_eq!(m.ignored, vec!["单价"]);
    }

    #[test]
    fn missing_and_duplicate_columns() {
        let e = ColumnMap::from_header(&["drug", "quantity"]).unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingColumn);
        assert!(e.message.contains("baseline_unit_price"));
        let e = ColumnMap::from_header(&["drug", "数量", "quantity", "baseline_unit_price"])
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::DuplicateColumn);
    }
}
