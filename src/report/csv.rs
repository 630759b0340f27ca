//! The results as a CSV file for spreadsheets: UTF-8 with a byte-order mark (so
//! Excel and WPS read the Chinese text), CRLF line ends, one rectangular table.
//!
//! The first column says what a row is (`total`, `category`, `drug`, `line`,
//! `rejected`; in Chinese 合计/类别/药品/明细/拒绝), so a spreadsheet can filter on
//! it. Amounts are the exact decimal strings of the report (never rounded); rates
//! are fractions (0.48 = 48%) as the report holds them. Text cells that a
//! spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) are prefixed
//! with `'`, so a hostile drug name stays text.

use crate::estimate::{Estimate, Sums};
use crate::report::text::Lang;
use crate::values::money::to_plain_string;
use rust_decimal::Decimal;

/// The UTF-8 byte-order mark that starts the file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

const HEAD_ZH: [&str; 17] = [
    "层级",
    "行号",
    "名称",
    "英文名称",
    "治疗类别",
    "生产企业",
    "单位",
    "数量",
    "集采前单价",
    "中选单价",
    "集采前金额",
    "集采后金额",
    "节约额",
    "节约率",
    "价格来源",
    "含估算",
    "说明",
];
const HEAD_EN: [&str; 17] = [
    "level",
    "line",
    "name",
    "name_en",
    "category",
    "manufacturer",
    "unit",
    "quantity",
    "baseline_unit_price",
    "vbp_unit_price",
    "baseline_spend",
    "vbp_spend",
    "savings",
    "savings_rate",
    "price_source",
    "estimated",
    "note",
];

/// One CSV cell: a number (written as is) or text (quoted when needed, guarded
/// against formula injection).
pub(crate) enum Cell {
    Num(String),
    Text(String),
}

pub(crate) fn num(d: Decimal) -> Cell {
    Cell::Num(to_plain_string(d))
}

pub(crate) fn opt_num(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Text(String::new()), num)
}

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Writes one cell in RFC 4180 form.
fn write_cell(out: &mut String, cell: &Cell) {
    match cell {
        Cell::Num(s) => out.push_str(s),
        Cell::Text(s) => {
            let guarded;
            let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                guarded = format!("'{s}");
                guarded.as_str()
            } else {
                s.as_str()
            };
            if s.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&s.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(s);
            }
        }
    }
}

pub(crate) fn write_row(out: &mut String, cells: &[Cell]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(out, c);
    }
    out.push_str("\r\n");
}

fn level(lang: Lang, zh: &'static str, en: &'static str) -> Cell {
    text(match lang {
        Lang::Zh => zh,
        Lang::En => en,
    })
}

fn yes_no(lang: Lang, b: bool) -> Cell {
    text(match (lang, b) {
        (Lang::Zh, true) => "是",
        (Lang::Zh, false) => "否",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    })
}

fn sums_cells(s: &Sums) -> [Cell; 4] {
    [
        num(s.baseline_spend),
        num(s.vbp_spend),
        num(s.savings),
        opt_num(s.savings_rate),
    ]
}

/// The CSV text (without the BOM).
pub fn report_csv_text(e: &Estimate, lang: Lang) -> String {
    let mut out = String::new();
    let head = match lang {
        Lang::Zh => HEAD_ZH,
        Lang::En => HEAD_EN,
    };
    write_row(&mut out, &head.map(text));
    let category_label = |key: &str| -> String {
        e.by_category
            .iter()
            .find(|c| c.label.key == key)
            .map(|c| match lang {
                Lang::Zh => c.label.zh.clone(),
                Lang::En => c.label.en.clone(),
            })
            .unwrap_or_else(|| key.to_string())
    };
    let empty = || text("");

    // totals
    let [b, v, s, r] = sums_cells(&e.totals);
    write_row(
        &mut out,
        &[
            level(lang, "合计", "total"),
            empty(),
            level(lang, "全部", "all"),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            b,
            v,
            s,
            r,
            empty(),
            yes_no(lang, e.by_price_source.estimated.lines > 0),
            text(match lang {
                Lang::Zh => format!(
                    "{}行计入，{}行被拒绝；{}",
                    e.input.accepted, e.input.rejected, e.rounding.rule_zh
                ),
                Lang::En => format!(
                    "{} lines counted, {} rejected; {}",
                    e.input.accepted, e.input.rejected, e.rounding.rule
                ),
            }),
        ],
    );
    // categories
    for c in &e.by_category {
        let [b, v, s, r] = sums_cells(&c.sums);
        let name = match lang {
            Lang::Zh => c.label.zh.clone(),
            Lang::En => c.label.en.clone(),
        };
        write_row(
            &mut out,
            &[
                level(lang, "类别", "category"),
                empty(),
                text(name.clone()),
                text(c.label.en.clone()),
                text(name),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                b,
                v,
                s,
                r,
                empty(),
                yes_no(lang, !c.estimated_savings.is_zero()),
                text(match lang {
                    Lang::Zh => format!("{}个药品", c.drugs),
                    Lang::En => format!("{} drug(s)", c.drugs),
                }),
            ],
        );
    }
    // drugs
    for d in &e.by_drug {
        let [b, v, s, r] = sums_cells(&d.sums);
        let sources: Vec<&str> = d.price_sources.iter().map(|p| p.as_str()).collect();
        write_row(
            &mut out,
            &[
                level(lang, "药品", "drug"),
                empty(),
                text(d.drug.clone()),
                text(d.drug_en.clone().unwrap_or_default()),
                text(category_label(&d.category)),
                empty(),
                empty(),
                num(d.quantity),
                empty(),
                empty(),
                b,
                v,
                s,
                r,
                text(sources.join("+")),
                yes_no(lang, d.estimated),
                empty(),
            ],
        );
    }
    // lines
    for l in &e.lines {
        write_row(
            &mut out,
            &[
                level(lang, "明细", "line"),
                Cell::Num(l.line.to_string()),
                text(l.drug.clone()),
                empty(),
                text(category_label(&l.category)),
                text(l.manufacturer.clone().unwrap_or_default()),
                text(l.unit.clone().unwrap_or_default()),
                num(l.quantity),
                num(l.baseline_unit_price),
                num(l.vbp_unit_price),
                num(l.baseline_spend),
                num(l.vbp_spend),
                num(l.savings),
                opt_num(l.savings_rate),
                text(l.price_source.as_str()),
                yes_no(
                    lang,
                    l.price_source == crate::estimate::pricing::PriceSource::Estimated,
                ),
                text(match lang {
                    Lang::Zh => l.price_basis_zh.to_string(),
                    Lang::En => l.price_basis.to_string(),
                }),
            ],
        );
    }
    // rejected rows
    for p in &e.rejected {
        let col = p.column.map(|c| match (lang, &p.header) {
            (Lang::Zh, Some(h)) => format!("第{c}列（{h}）"),
            (Lang::Zh, None) => format!("第{c}列"),
            (Lang::En, Some(h)) => format!("column {c} ({h})"),
            (Lang::En, None) => format!("column {c}"),
        });
        let msg = match lang {
            Lang::Zh => &p.message_zh,
            Lang::En => &p.message,
        };
        let mut note = match col {
            Some(c) => format!("{c} {}: {msg}", p.code.as_str()),
            None => format!("{}: {msg}", p.code.as_str()),
        };
        // the cell's value belongs to the note, not under 名称 (it is a quantity or a price as often as a name)
        if let Some(v) = p
            .value
            .as_deref()
            .filter(|v| !v.is_empty() && !msg.contains(*v))
        {
            note.push_str(&match lang {
                Lang::Zh => format!("（值：{v}）"),
                Lang::En => format!(" (value: {v})"),
            });
        }
        write_row(
            &mut out,
            &[
                level(lang, "拒绝", "rejected"),
                Cell::Num(p.line.to_string()),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                text(note),
            ],
        );
    }
    out
}

/// The CSV file's bytes: the UTF-8 BOM, then [`report_csv_text`].
pub fn report_csv(e: &Estimate, lang: Lang) -> Vec<u8> {
    let text = report_csv_text(e, lang);
    let mut bytes = Vec::with_capacity(BOM.len() + text.len());
    bytes.extend_from_slice(BOM);
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{estimate, Options};

    use crate::line::test_line as line;

    fn sample() -> Estimate {
        estimate(
            &[
                line("甲磺酸仑伐替尼胶囊", "90", "108", Some("18")),
                line("马来酸阿法替尼片", "300", "112.3267", None),
                line("=HYPERLINK(\"x\"),\"a\"", "1", "2", Some("1")),
                line("坏行", "abc", "1", None),
            ],
            &Options::default(),
        )
        .unwrap()
    }

    #[test]
    fn starts_with_bom_and_uses_crlf() {
        let bytes = report_csv(&sample(), Lang::Zh);
        assert_eq!(&bytes[..3], BOM);
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.starts_with("层级,行号,名称,英文名称,治疗类别,"));
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn a_rejected_row_keeps_its_bad_value_in_the_note_not_under_the_name() {
        let text = report_csv_text(&sample(), Lang::Zh);
        let row = text.split("\r\n").find(|r| r.starts_with("拒绝,")).unwrap();
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!((cells[1], cells[2]), ("4", ""), "{row}");
        assert!(cells[16].contains("abc"), "{row}");
    }

    #[test]
    fn amounts_are_exact_strings() {
        let text = report_csv_text(&sample(), Lang::En);
        let rows: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(rows[0], HEAD_EN.join(","));
        // total: 9720 + 33697.01 + 2 baseline; afatinib is estimated at 48%: VBP 112.3267 × 0.52 × 300
        let e = sample();
        let total = rows[1];
        assert!(total.starts_with("total,,all,"), "{total}");
        assert!(
            total.contains(&format!(
                ",{},{},{},",
                e.totals.baseline_spend.normalize(),
                e.totals.vbp_spend.normalize(),
                e.totals.savings.normalize()
            )),
            "{total}"
        );
        assert_eq!(e.totals.baseline_spend.normalize().to_string(), "43420.01");
        // afatinib line: quantity 300, exact VBP price 58.409884, not rounded
        let afatinib = rows.iter().find(|r| r.starts_with("line,2,")).unwrap();
        assert!(
            afatinib.contains(
                ",300,112.3267,58.409884,33698.01,17522.9652,16175.0448,0.48,estimated,yes,"
            ),
            "{afatinib}"
        );
    }

    #[test]
    fn every_row_has_the_header_width_and_levels_in_order() {
        let text = report_csv_text(&sample(), Lang::Zh);
        let levels: Vec<String> = text
            .split("\r\n")
            .filter(|r| !r.is_empty())
            .skip(1)
            .map(|r| r.split(',').next().unwrap().to_string())
            .collect();
        assert_eq!(levels.first().unwrap(), "合计");
        let order = ["合计", "类别", "药品", "明细", "拒绝"];
        let idx: Vec<usize> = levels
            .iter()
            .map(|l| order.iter().position(|o| o == l).unwrap())
            .collect();
        assert!(idx.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
        assert_eq!(levels.iter().filter(|l| *l == "明细").count(), 3);
        assert_eq!(levels.iter().filter(|l| *l == "拒绝").count(), 1);
    }

    #[test]
    fn hostile_text_is_quoted_and_cannot_be_a_formula() {
        let text = report_csv_text(&sample(), Lang::En);
        // the name starts with '=', holds a comma and quotes: prefixed and quoted
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\"),\"\"a\"\"\""),
            "{text}"
        );
        assert!(!text.contains(",=HYPERLINK"));
    }

    #[test]
    fn negative_numbers_are_not_guarded() {
        let e = estimate(
            &[line("甲磺酸仑伐替尼胶囊", "-30", "108", Some("18"))],
            &Options::default(),
        )
        .unwrap();
        let text = report_csv_text(&e, Lang::En);
        assert!(text.contains(",-30,108,18,-3240,-540,-2700,"), "{text}");
    }
}
