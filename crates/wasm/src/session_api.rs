//! An estimate kept up to date as lines are edited: `new EstimateSession({ lines, options })`,
//! `set(lines)` / `remove(lines)` for each edit, `report()` for the figures — the same report
//! `estimate` gives for the edited lines, without pricing every line again.

use crate::stream_api::keep;
use crate::{invalid, read_catalog_option, read_options, to_js, to_js_error};
use js_sys::{Array, Reflect};
use vbp_savings::catalog;
use vbp_savings::estimate::session::EstimateSession as Session;
use vbp_savings_interop::known_keys;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_SESSION: &'static str = r#"
/** What setting a line gave: the line priced, or why it does not count. */
export interface LineOutcome {
  line: number;
  /** The priced line; null when the line does not count. */
  priced: PricedLine | null;
  /** Why the line does not count (empty when it counts). */
  problems: Problem[];
  /**
   * The warnings the line gives on its own. In a report, a warning given once per drug or
   * batch is listed for the first such line only, and at most 100 of a code are listed.
   */
  warnings: Warning[];
}

/**
 * An estimate kept up to date as lines are edited (a table of thousands of lines: each edit
 * prices only the lines it changes). Lines are kept in the order of their `line` numbers,
 * each number naming one line; `report()` equals `estimate({ lines, options })` of the kept
 * lines in that order, to the fen: the sums are kept exactly (a replaced line's old figures
 * subtracted, its new ones added), and what depends on every line (the averages, the first
 * line of each drug, the listed warnings) is worked out from the kept parts.
 */
export class EstimateSession {
  /** Starts a session with the lines and options `estimate` takes (a line without `line` is numbered by its 1-based index). */
  constructor(input: EstimateInput);
  /** Sets lines by their `line` number: adds each, or replaces the line of that number. Returns each line's outcome. */
  set(lines: LineInput[]): LineOutcome[];
  /** Removes the lines of these numbers; returns how many there were. */
  remove(lines: number[]): number;
  /**
   * The report of the kept lines; `withLines: false` leaves the per-line list out (as
   * `omit_lines`); `withLists: false` leaves `review` and `rejected` empty (their counts and
   * the warnings stay), for a caller that has them at the same `listsVersion`.
   */
  report(withLines?: boolean, withLists?: boolean): EstimateReport;
  /** Changes whenever an edit may have changed the report's `review` or `rejected`. */
  readonly listsVersion: number;
  /** The lines kept. */
  readonly size: number;
  /** Frees the session's memory now (otherwise when it is garbage-collected). */
  free(): void;
}
"#;

/// An estimate kept up to date as lines are edited (typed in `TS_SESSION`).
// Typed by hand: the generated declaration would also name `[Symbol.dispose]` (see CsvImport).
#[wasm_bindgen(js_name = EstimateSession, skip_typescript)]
pub struct EstimateSession {
    inner: Session<'static>,
}

#[wasm_bindgen(js_class = EstimateSession)]
impl EstimateSession {
    /// Starts a session with `estimate`'s input: `{ lines, options }`.
    #[wasm_bindgen(constructor)]
    pub fn new(input: JsValue) -> Result<EstimateSession, JsValue> {
        if !input.is_object() {
            return Err(invalid(
                "new EstimateSession() takes an object { lines: [...] }".into(),
                "new EstimateSession() 的参数应为 { lines: [...] }".into(),
            ));
        }
        known_keys(&input, "EstimateSession input", &["lines", "options"])?;
        let js_options = Reflect::get(&input, &"options".into()).unwrap_or(JsValue::UNDEFINED);
        let options = read_options(&js_options)?;
        let given = read_catalog_option(&js_options)?.map(keep);
        let catalog = catalog::given_or_batch7(given).map_err(to_js_error)?;
        let mut inner = Session::new(catalog, options).map_err(to_js_error)?;
        let lines = Reflect::get(&input, &"lines".into()).unwrap_or(JsValue::UNDEFINED);
        if !lines.is_undefined() {
            for (n, line) in read_lines(&lines)? {
                inner.set(n, line);
            }
        }
        Ok(EstimateSession { inner })
    }

    /// Sets lines by their `line` number (adds, or replaces the line of that number);
    /// returns each line's outcome.
    #[wasm_bindgen(unchecked_return_type = "LineOutcome[]")]
    pub fn set(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "LineInput[]")] lines: JsValue,
    ) -> Result<JsValue, JsValue> {
        let outcomes: Vec<_> = read_lines(&lines)?
            .into_iter()
            .map(|(n, line)| self.inner.set(n, line))
            .collect();
        to_js(&outcomes)
    }

    /// Removes the lines of these numbers; returns how many there were.
    pub fn remove(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number[]")] lines: JsValue,
    ) -> Result<u32, JsValue> {
        if !Array::is_array(&lines) {
            return Err(invalid(
                "remove() takes an array of line numbers".into(),
                "remove() 的参数应为行号数组".into(),
            ));
        }
        let mut n = 0;
        for v in Array::from(&lines).iter() {
            let line = v
                .as_f64()
                .filter(|x| x.fract() == 0.0 && *x >= 1.0 && *x <= 9_007_199_254_740_991.0)
                .ok_or_else(|| {
                    invalid(
                        "a line number is a positive whole number".into(),
                        "行号须为正整数".into(),
                    )
                })?;
            n += u32::from(self.inner.remove(line as u64));
        }
        Ok(n)
    }

    /// The report of the kept lines (`withLines: false` leaves the per-line list out,
    /// `withLists: false` the review and the rejected rows).
    #[wasm_bindgen(unchecked_return_type = "EstimateReport")]
    pub fn report(
        &mut self,
        with_lines: Option<bool>,
        with_lists: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        to_js(
            &self
                .inner
                .report_with(with_lines.unwrap_or(true), with_lists.unwrap_or(true))
                .map_err(to_js_error)?,
        )
    }

    /// Changes whenever an edit may have changed the report's review or rejected rows.
    #[wasm_bindgen(getter, js_name = listsVersion)]
    pub fn lists_version(&self) -> f64 {
        self.inner.lists_version() as f64
    }

    /// The lines kept.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.inner.len() as u32
    }
}

fn read_lines(lines: &JsValue) -> Result<Vec<vbp_savings_interop::lines::ReadLine>, JsValue> {
    if !Array::is_array(lines) {
        return Err(invalid(
            "lines must be an array of line objects".into(),
            "lines 必须是数组".into(),
        ));
    }
    Ok(vbp_savings_interop::lines::read_line_objects(&Array::from(
        lines,
    )))
}
