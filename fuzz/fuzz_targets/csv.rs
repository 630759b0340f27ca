//! Any bytes given as a CSV file: the importer returns a report or an error value,
//! never panics, and every data row is either counted or rejected.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vbp_savings::{estimate_csv, Options};

fuzz_target!(|data: &[u8]| {
    let options = Options { omit_lines: data.first().is_some_and(|b| b & 1 == 1), ..Default::default() };
    if let Ok(r) = estimate_csv(data, &options) {
        assert_eq!(r.input.accepted, r.totals.lines);
        assert!(r.input.accepted + r.input.rejected <= r.input.rows);
        assert_eq!(r.totals.baseline_spend - r.totals.vbp_spend, r.totals.savings);
    }
});
