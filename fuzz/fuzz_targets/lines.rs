//! Arbitrary line objects (cells of any text) and options: never a panic, and the
//! figures that come out add up exactly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vbp_savings::{estimate, LineInput, Options};

fuzz_target!(|input: (Vec<[Option<String>; 6]>, Option<String>)| {
    let (rows, cut) = input;
    let lines: Vec<LineInput> = rows
        .into_iter()
        .map(|[drug, quantity, baseline_unit_price, vbp_unit_price, manufacturer, unit]| LineInput {
            drug,
            quantity,
            baseline_unit_price,
            vbp_unit_price,
            manufacturer,
            unit,
            ..Default::default()
        })
        .collect();
    let estimate_cut = cut.and_then(|c| vbp_savings::values::number::parse_decimal(&c).ok().flatten());
    let options = Options { estimate_cut, ..Default::default() };
    if let Ok(r) = estimate(&lines, &options) {
        let sum = r.lines.iter().fold(rust_decimal::Decimal::ZERO, |a, l| a + l.savings);
        assert_eq!(sum, r.totals.savings);
        assert_eq!(r.totals.lines as usize + r.input.rejected as usize, lines.len());
    }
});
