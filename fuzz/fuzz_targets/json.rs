//! Any text given as the JSON object input `{ "lines": [...], "options": {...} }` (what the
//! npm API receives, read with serde): an error value or a report, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use vbp_savings::{estimate, LineInput, Options};

#[derive(Deserialize)]
struct Input {
    lines: Vec<LineInput>,
    #[serde(default)]
    options: Options,
}

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = serde_json::from_slice::<Input>(data) {
        let _ = estimate(&input.lines, &input.options);
    }
});
