//! Any bytes given as a spreadsheet (.xlsx/.xls/.ods): the workbook reader and the
//! importer return a report or an error value, never panic, and every data row is
//! either counted or rejected. Seeded with the test workbooks (fuzz/corpus/xlsx).
#![no_main]
use libfuzzer_sys::fuzz_target;
use vbp_savings::catalog;
use vbp_savings::estimate::inputs::estimate_xlsx;
use vbp_savings::import::xlsx::read_workbook;
use vbp_savings::Options;

fuzz_target!(|data: &[u8]| {
    if let Ok(book) = read_workbook(data) {
        for sheet in &book.sheets {
            assert!(book.sheet(Some(&sheet.name)).is_ok());
        }
    }
    let Ok(cat) = catalog::batch7() else { return };
    if let Ok(r) = estimate_xlsx(data, None, cat, &Options::default()) {
        assert_eq!(r.input.accepted, r.totals.lines);
        assert!(r.input.accepted + r.input.rejected <= r.input.rows);
        assert_eq!(r.totals.baseline_spend - r.totals.vbp_spend, r.totals.savings);
    }
});
