//! Property tests for tables, spreadsheets, result tables and the programme: numbers
//! typed in a spreadsheet read back as typed, rows and CSV agree, the programme's parts
//! add up exactly, and no input makes any of them panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;
use vbp_savings::estimate::programme::{estimate_programme, ProgrammeInput};
use vbp_savings::import::result_table::{import_rows, ResultTableOptions};
use vbp_savings::import::table::numbered_rows;
use vbp_savings::values::pack;
use vbp_savings::{batch7, estimate_csv, Options};

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any decimal of up to 15 significant digits stored as a spreadsheet double reads back as typed.
    #[cfg(feature = "xlsx")]
    #[test]
    fn spreadsheet_numbers_read_back_as_typed(m in -999_999_999_999_999i64..=999_999_999_999_999, scale in 0u32..=10) {
        let typed = Decimal::new(m, scale).normalize();
        let stored: f64 = typed.to_string().parse().unwrap();
        let read = vbp_savings::import::xlsx::number_text(stored);
        prop_assert_eq!(Decimal::from_str(&read).unwrap(), typed, "{} stored as {:?} read as {}", typed, stored, read);
    }

    /// No bytes make the workbook reader panic (zip-like or not).
    #[cfg(feature = "xlsx")]
    #[test]
    fn no_bytes_make_the_workbook_reader_panic(body in prop::collection::vec(any::<u8>(), 0..400), zip in any::<bool>()) {
        let mut bytes = if zip { b"PK\x03\x04".to_vec() } else { vec![] };
        bytes.extend(body);
        let _ = vbp_savings::import::xlsx::read_workbook(&bytes);
    }

    /// Rows and the same rows as CSV give the same estimate.
    #[test]
    fn rows_and_csv_agree(lines in prop::collection::vec((0usize..4, -5000i64..5000, 1i64..100_000, prop::option::of(0i64..100_000)), 1..20)) {
        const DRUGS: [&str; 4] = ["甲磺酸仑伐替尼胶囊", "磷酸奥司他韦胶囊", "某药", "依折麦布片"];
        let mut rows = vec![vec!["药品名称".to_string(), "数量".into(), "集采前单价".into(), "中选单价".into()]];
        for (d, q, b, v) in &lines {
            rows.push(vec![DRUGS[*d].to_string(), q.to_string(), Decimal::new(*b, 2).to_string(), v.map(|v| Decimal::new(v, 3).to_string()).unwrap_or_default()]);
        }
        let csv: String = rows.iter().map(|r| r.join(",") + "\n").collect();
        let from_rows = vbp_savings::estimate::inputs::estimate_rows(rows, "rows", None, batch7().unwrap(), &Options::default()).unwrap();
        let from_csv = estimate_csv(csv.as_bytes(), &Options::default()).unwrap();
        prop_assert_eq!(from_rows.totals, from_csv.totals);
        prop_assert_eq!(from_rows.lines, from_csv.lines);
    }

    /// The programme's total is the exact sum of its parts, and the last cumulative step is the total.
    #[test]
    fn programme_parts_add_up(lines in prop::collection::vec((prop::sample::select(vec!["7", "8", "9", "2", "耗材"]), 1i64..1000, 1i64..10_000, 0i64..10_000), 1..25)) {
        let mut rows = vec![vec!["批次".to_string(), "药品名称".into(), "药品/耗材".into(), "数量".into(), "集采前单价".into(), "中选单价".into()]];
        for (b, q, base, v) in &lines {
            let consumable = *b == "耗材";
            rows.push(vec![
                if consumable { String::new() } else { b.to_string() },
                "某品种".into(),
                if consumable { "耗材".into() } else { "药品".into() },
                q.to_string(),
                Decimal::new(*base, 2).to_string(),
                Decimal::new(*v, 2).to_string(),
            ]);
        }
        let p = estimate_programme(vec![ProgrammeInput::from_rows("p.csv", rows)], &[], &Options::default()).unwrap();
        let mut sum = Decimal::ZERO;
        for part in &p.parts {
            sum += part.totals.savings;
        }
        prop_assert_eq!(sum, p.totals.savings);
        prop_assert_eq!(p.cumulative.last().map(|c| c.cumulative_savings), Some(p.totals.savings));
        let expected: Decimal = lines.iter().map(|(_, q, b, v)| Decimal::from(*q) * (Decimal::new(*b, 2) - Decimal::new(*v, 2))).sum();
        prop_assert_eq!(p.totals.savings, expected);
        prop_assert_eq!(p.totals.lines as usize, lines.len());
    }

    /// No text makes the pack reader panic, and a count it reads is a positive whole number.
    #[test]
    fn pack_reading_never_panics(text in "\\PC{0,40}", spec in "[0-9.]{1,4}(mg|g|ml)?[×*x]?[0-9]{0,3}(片|粒|支|瓶|板|盒)?(/盒)?") {
        for t in [text.as_str(), spec.as_str()] {
            if let Some(p) = pack::parse_pack(t) {
                prop_assert!(p.count > Decimal::ZERO && p.count.fract().is_zero());
            }
            let _ = pack::strength(t);
        }
    }

    /// No cells make the result-table import panic.
    #[test]
    fn no_cells_make_the_result_table_import_panic(cells in prop::collection::vec(prop::collection::vec("\\PC{0,12}", 0..8), 0..12)) {
        let mut rows = vec![vec!["通用名".to_string(), "规格".into(), "包装".into(), "生产企业".into(), "中选价格".into(), "单位".into()]];
        rows.extend(cells);
        let _ = import_rows(numbered_rows(rows), &ResultTableOptions::default());
    }
}
