//! Profiling aid for the bulk path: estimate_csv with omit_lines on a file, RUNS times (default 5).
//!   cargo build --release --example estimate_file
//!   perf record -g target/release/examples/estimate_file artifacts/bench/usage_1000000.csv
//! (bench/profile.mjs profiles the same call in the WebAssembly build; see docs/performance.md).
use vbp_savings::{estimate_csv, Options};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: estimate_file FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let opts = Options {
        omit_lines: true,
        ..Default::default()
    };
    for _ in 0..runs {
        let t = std::time::Instant::now();
        match estimate_csv(&bytes, &opts) {
            Ok(r) => eprintln!(
                "{} rows: {:?}, savings {}",
                r.input.rows,
                t.elapsed(),
                r.totals.savings
            ),
            Err(e) => {
                eprintln!("{path}: {e:?}");
                std::process::exit(1);
            }
        }
    }
}
