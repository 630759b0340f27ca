//! The estimate's inputs: CSV bytes, rows of cells, a workbook, line objects. Each
//! driver hands its input to a reader (`import`), which feeds the lines into an
//! [`Estimator`] through the [`LineSink`] trait; the reader never names the estimator.

use super::{Estimate, Estimator, Options};
use crate::catalog::Catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::import::{table, CsvText};
use crate::line::{parse_line_ref, LineCells, LineInput, Problem};
use crate::values::number::trim_cell;

/// Estimates from CSV bytes.
pub fn estimate_csv(bytes: &[u8], catalog: &Catalog, options: &Options) -> Result<Estimate> {
    let csv = CsvText::decode(bytes)?;
    let mut est = csv_estimator(&csv, catalog, options)?;
    let info = table::read_usage_csv(csv.reader(), &mut est)?;
    info.record_into(est.input_mut());
    Ok(est.finish())
}

/// An estimator for decoded CSV text, the report's input saying what was read (kind,
/// encoding, delimiter).
fn csv_estimator<'c>(
    csv: &CsvText,
    catalog: &'c Catalog,
    options: &Options,
) -> Result<Estimator<'c>> {
    let mut est = Estimator::new(catalog, options.clone())?;
    let info = est.input_mut();
    info.kind = "csv".into();
    info.encoding = Some(csv.encoding.into());
    info.delimiter = Some(csv.delimiter_name());
    Ok(est)
}

/// Estimates from rows of text cells (a spreadsheet sheet, or rows handed over from
/// JavaScript): `rows[i]` is line `i + 1`, its first cell column 1 (A). `kind` names
/// the source in the report (`xlsx`, `rows`), `sheet` the sheet read.
pub fn estimate_rows<S: AsRef<str>>(
    rows: impl IntoIterator<Item = Vec<S>>,
    kind: &str,
    sheet: Option<&str>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    let mut est = Estimator::new(catalog, options.clone())?;
    est.input_mut().kind = kind.into();
    est.input_mut().sheet = sheet.map(str::to_string);
    let mut any = false;
    let rows = rows
        .into_iter()
        .inspect(|r: &Vec<S>| any |= r.iter().any(|c| !trim_cell(c.as_ref()).is_empty()));
    let result = table::read_usage(table::numbered_rows(rows), &mut est);
    if !any {
        return Err(Error::new(
            ErrorCode::EmptyInput,
            "the sheet holds no data",
            "工作表中没有数据",
        ));
    }
    result?.record_into(est.input_mut());
    Ok(est.finish())
}

/// Estimates from line objects (1-based index as the line number).
pub fn estimate_lines(
    lines: &[LineInput],
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    estimate_line_results(lines.iter().map(Ok), catalog, options)
}

/// Estimates from line objects some of which were already found malformed by the
/// caller (the JS bindings check value types); those are reported as rejected.
pub fn estimate_line_results<L: std::borrow::Borrow<LineInput>>(
    lines: impl IntoIterator<Item = std::result::Result<L, Vec<Problem>>>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    estimate_numbered_lines(
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l)),
        catalog,
        options,
    )
}

/// Estimates from line objects, each under its own line number (a file's line, kept
/// through edits: `import::lines`); lines already found malformed by the caller are
/// reported as rejected.
pub fn estimate_numbered_lines<L: std::borrow::Borrow<LineInput>>(
    lines: impl IntoIterator<Item = (u64, std::result::Result<L, Vec<Problem>>)>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    let mut est = LinesEstimate::new(catalog, options)?;
    for (n, input) in lines {
        match input {
            Ok(input) => est.line(n, Ok(input.borrow())),
            Err(problems) => est.line::<LineInput>(n, Err(problems)),
        }
    }
    Ok(est.finish())
}

/// [`estimate_numbered_lines`] fed one line at a time, each line's cells borrowed from
/// wherever its reader holds them (a [`LineInput`], or text read in place): a line that
/// counts is validated and added without copying its text.
pub struct LinesEstimate<'c> {
    est: Estimator<'c>,
    rows: u64,
}

impl<'c> LinesEstimate<'c> {
    pub fn new(catalog: &'c Catalog, options: &Options) -> Result<Self> {
        Ok(LinesEstimate {
            est: Estimator::new(catalog, options.clone())?,
            rows: 0,
        })
    }

    /// Line `n`: its cells, or the problems its reader already found.
    pub fn line<C: LineCells + ?Sized>(
        &mut self,
        n: u64,
        input: std::result::Result<&C, Vec<Problem>>,
    ) {
        self.rows += 1;
        match input.and_then(|input| parse_line_ref(n, input)) {
            Ok(line) => {
                if let Err(p) = self.est.add_ref(&line) {
                    self.est.reject(p);
                }
            }
            Err(problems) => problems.into_iter().for_each(|p| self.est.reject(p)),
        }
    }

    pub fn finish(mut self) -> Estimate {
        self.est.input_mut().kind = "lines".into();
        self.est.input_mut().rows = self.rows;
        self.est.finish()
    }
}

#[cfg(feature = "xlsx")]
/// Estimates from a workbook's bytes: the sheet named, or the first with a usage header.
pub fn estimate_xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    catalog: &Catalog,
    options: &Options,
) -> Result<Estimate> {
    let book = crate::import::xlsx::read_workbook(bytes)?;
    let s = book.sheet(sheet)?;
    estimate_rows(
        s.rows.iter().cloned(),
        &book.format,
        Some(&s.name),
        catalog,
        options,
    )
}

/// The CSV path's one scan of the whole text for a NUL or a U+FFFD (instead of one per
/// cell) against the record-by-record reading, which scans every cell: the same report.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod clean_text_tests {
    use super::*;
    use proptest::prelude::*;

    /// [`estimate_csv`] through [`table::read_usage`] (each cell scanned).
    fn cell_by_cell(bytes: &[u8], catalog: &Catalog, options: &Options) -> Result<Estimate> {
        let csv = CsvText::decode(bytes)?;
        let mut est = csv_estimator(&csv, catalog, options)?;
        let info = table::read_usage(csv.rows(), &mut est)?;
        info.record_into(est.input_mut());
        Ok(est.finish())
    }

    fn cell() -> impl Strategy<Value = String> {
        prop::sample::select(
            &[
                "依折麦布片",
                "某院内药品",
                "阿莫西林（胶囊）",
                "12",
                "3.5",
                "2.1000",
                "",
                "\u{0}",
                "1\u{0}2",
                "\u{fffd}",
                "依折麦布片\u{fffd}",
                "\"4\"",
                "\"a,\"\"b\"\"\"",
                "\u{feff}7",
                "合计",
            ][..],
        )
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn one_scan_of_the_text_reports_as_a_scan_of_each_cell(
            rows in prop::collection::vec(prop::collection::vec(cell(), 1..6), 0..12),
        ) {
            let mut text = String::from("drug,quantity,baseline_unit_price,vbp_unit_price\n");
            for r in &rows {
                text.push_str(&r.join(","));
                text.push('\n');
            }
            let catalog = crate::catalog::batch7().unwrap();
            let options = Options::default();
            let fast = estimate_csv(text.as_bytes(), catalog, &options).map_err(|e| e.code);
            let slow = cell_by_cell(text.as_bytes(), catalog, &options).map_err(|e| e.code);
            prop_assert_eq!(fast, slow);
        }
    }
}
