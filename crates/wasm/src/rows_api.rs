//! Tables as rows of cells: estimates from a sheet's rows (read by the spreadsheet
//! module, or by `readCsv`), the match review, and CSV bytes as rows.

use crate::{read_catalog_option, read_rows, to_js, to_js_error};
use serde::Serialize;
use vbp_savings::catalog;
use vbp_savings::import::{table, CsvSheet};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ROWS: &'static str = r#"
export interface EstimateRowsOptions extends EstimateOptions {
  /** The sheet the rows come from, named in the report (`input.sheet`). */
  sheet?: string | null;
  /** Where the rows come from, named in the report (`input.kind`): "xlsx", "ods", "csv" … (default "rows"). */
  source_kind?: string | null;
}

/**
 * Estimates savings from rows of cells, under the same rules as a CSV file: `rows[i]`
 * is spreadsheet row (line) `i + 1`, `rows[i][j]` column `j + 1`. The header is found
 * among the first rows (a title above it, a two-row header with a merged group cell);
 * bad rows are listed in `rejected` with their line and column; every other row counts.
 * The rows of a workbook come from the spreadsheet module's `readWorkbook`.
 */
export function estimateRows(rows: CellValue[][], options?: EstimateRowsOptions): EstimateReport;

/** CSV bytes as rows (UTF-8, UTF-16 or GB18030/GBK; comma, tab or semicolon). */
export interface CsvRows {
  /** `rows[i]` is file line `i + 1` (a quoted cell spanning lines leaves empty rows after it). */
  rows: string[][];
  encoding: string;
  /** "," | "tab" | ";" */
  delimiter: string;
  /** Lines that could not be read (an unclosed quote; a cell too large). */
  unreadable: Problem[];
}

/** Reads CSV bytes into rows, for `resultTableCatalog`, `matchReview` and `programme`. */
export function readCsv(bytes: Uint8Array): CsvRows;

/** A usage table's data rows as line objects (see `readLines`). */
export interface TableLines {
  /**
   * One object per data row, in file order: its `line` (the file's line; a sheet's row
   * number) and the cells of the fields the table has, as written (not validated: a row
   * with a bad number is here, and `estimate` rejects it until it is corrected). Blank
   * rows are left out. `estimate({ lines })` of these gives the same figures as
   * `estimateCsv` / `estimateRows` of the table.
   */
  lines: (LineInput & { line: number })[];
  /** Rows that are not lines: unreadable rows (an unclosed quote, a cell too large) and totals rows (合计). */
  rejected: Problem[];
  /** Warnings about rows that are lines (malformed quotes, cells beyond the header). */
  warnings: Warning[];
  /** What the reading found: kind, encoding, delimiter, header line and rows, columns, rows, blank lines (the counts of accepted and rejected rows are 0: nothing is estimated here). */
  input: InputInfo;
}

export interface ReadLinesOptions {
  /** For rows: the sheet they come from (`input.sheet`). */
  sheet?: string | null;
  /** For rows: where they come from (`input.kind`, default "rows"). */
  source_kind?: string | null;
}

/**
 * Reads a usage table — CSV bytes, or rows of cells (`rows[i]` is line `i + 1`) — with the
 * same header search and column map as `estimateCsv` / `estimateRows`, into line objects
 * that keep every field the engine reads. Throws as those do when nothing can be read.
 */
export function readLines(input: Uint8Array | CellValue[][], options?: ReadLinesOptions): TableLines;

/** Every usage line with its catalog match: the review table, with counts. */
export interface MatchReport {
  lines: ReviewItem[];
  matched: number;
  overridden: number;
  uncertain: number;
  unmatched: number;
  /** Rows that could not be read as usage lines. */
  rejected: Problem[];
}

/**
 * Matches each usage line to the catalog (`options.catalog`, else the embedded batch-7
 * catalog) by generic name, specification and manufacturer, applying `options.overrides`.
 * Uncertain lines carry their candidates; an override (line → candidate's `product`)
 * settles them.
 */
export function matchReview(rows: CellValue[][], options?: EstimateOptions): MatchReport;
"#;

fn options_and_catalog(
    options: &JsValue,
) -> Result<(vbp_savings::estimate::Options, Option<catalog::Catalog>), JsValue> {
    Ok((
        vbp_savings_interop::read_options_with(options, &["source_kind", "sheet"])?,
        read_catalog_option(options)?,
    ))
}

fn text_option(options: &JsValue, key: &str) -> Option<String> {
    if !options.is_object() {
        return None;
    }
    js_sys::Reflect::get(options, &key.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// Estimates from rows of cells (typed in `TS_ROWS`).
#[wasm_bindgen(js_name = estimateRows, skip_typescript)]
pub fn estimate_rows(rows: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let rows = read_rows(&rows)?;
    let (opts, given) = options_and_catalog(&options)?;
    let catalog = catalog::given_or_batch7(given.as_ref()).map_err(to_js_error)?;
    let kind = text_option(&options, "source_kind").unwrap_or_else(|| "rows".into());
    let sheet = text_option(&options, "sheet");
    let report =
        vbp_savings::estimate::inputs::estimate_rows(rows, &kind, sheet.as_deref(), catalog, &opts)
            .map_err(to_js_error)?;
    to_js(&report)
}

/// Reads CSV bytes into rows (typed in `TS_ROWS`).
#[wasm_bindgen(js_name = readCsv, skip_typescript)]
pub fn read_csv(bytes: JsValue) -> Result<JsValue, JsValue> {
    crate::use_host_decoders();
    let bytes = vbp_savings_interop::bytes_arg(&bytes, "bytes")?;
    to_js(&CsvSheet::read(&bytes).map_err(to_js_error)?)
}

/// The match review of a usage table (typed in `TS_ROWS`).
#[wasm_bindgen(js_name = matchReview, skip_typescript)]
pub fn match_review(rows: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let rows = read_rows(&rows)?;
    let (opts, given) = options_and_catalog(&options)?;
    let catalog = catalog::given_or_batch7(given.as_ref()).map_err(to_js_error)?;
    let report = vbp_savings::estimate::matching::review_rows(
        table::numbered_rows(rows),
        catalog,
        &opts.overrides,
    )
    .map_err(to_js_error)?;
    to_js(&report)
}

/// A line object as `readLines` gives it: its line and the cells it has.
#[derive(Serialize)]
struct LineOut<'a> {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    drug: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quantity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_unit_price: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vbp_unit_price: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    specification: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    batch: Option<&'a str>,
}

/// Reads a usage table into line objects (typed in `TS_ROWS`).
#[wasm_bindgen(js_name = readLines, skip_typescript)]
pub fn read_lines(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    vbp_savings_interop::known_keys(&options, "readLines() options", &["sheet", "source_kind"])?;
    let table = if js_sys::Array::is_array(&input) {
        let rows = read_rows(&input)?;
        let kind = text_option(&options, "source_kind").unwrap_or_else(|| "rows".into());
        vbp_savings::import::lines::read_rows_lines(
            rows,
            &kind,
            text_option(&options, "sheet").as_deref(),
        )
    } else {
        crate::use_host_decoders();
        vbp_savings::import::lines::read_csv_lines(&vbp_savings_interop::bytes_arg(
            &input, "input",
        )?)
    }
    .map_err(to_js_error)?;
    #[derive(Serialize)]
    struct Out<'a> {
        lines: Vec<LineOut<'a>>,
        rejected: &'a [vbp_savings::line::Problem],
        warnings: &'a [vbp_savings::line::Warning],
        input: &'a vbp_savings::line::InputInfo,
    }
    let lines = table
        .lines
        .iter()
        .map(|(line, l)| LineOut {
            line: *line,
            drug: l.drug.as_deref(),
            quantity: l.quantity.as_deref(),
            baseline_unit_price: l.baseline_unit_price.as_deref(),
            vbp_unit_price: l.vbp_unit_price.as_deref(),
            manufacturer: l.manufacturer.as_deref(),
            unit: l.unit.as_deref(),
            specification: l.specification.as_deref(),
            category: l.category.as_deref(),
            amount: l.amount.as_deref(),
            kind: l.kind.as_deref(),
            batch: l.batch.as_deref(),
        })
        .collect();
    to_js(&Out {
        lines,
        rejected: &table.rejected,
        warnings: &table.warnings,
        input: &table.input,
    })
}
