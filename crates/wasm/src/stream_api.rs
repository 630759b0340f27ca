//! Streaming CSV import for a Web Worker: `new CsvImport(options)`, `push(piece)` for
//! each piece of the file (with progress back), `finish()` for the report — the same
//! report `estimateCsv` gives for the whole file, without holding the file.

use crate::read_options;
use crate::{read_catalog_option, to_js, to_js_error, use_host_decoders};
use std::cell::RefCell;
use std::collections::HashMap;
use vbp_savings::catalog::{self, Catalog};
use vbp_savings::estimate::stream::EstimateStream;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_STREAM: &'static str = r#"
/** How far a streaming import has got. */
export interface ImportProgress {
  /** Bytes received. */
  bytes: number;
  /** Data rows read so far (counted or rejected). */
  rows: number;
  /** Rows counted so far. */
  accepted: number;
}

/**
 * A CSV file read piece by piece (for large files in a Web Worker, with progress):
 * the report equals `estimateCsv` on the whole file, which is never held.
 */
export class CsvImport {
  /** Starts an import with the options of `estimateCsv` (`omit_lines: true` keeps memory bounded). */
  constructor(options?: EstimateOptions);
  /** Takes the next piece of the file. Throws a `VbpError` when the file can't be read at all. */
  push(piece: Uint8Array): ImportProgress;
  /** Reads what is left and returns the report; the import can't be used after. */
  finish(): EstimateReport;
  /** Frees the import's memory now (otherwise when it is garbage-collected). */
  free(): void;
}
"#;

thread_local! {
    /// Catalogs given to streaming imports, kept for the module's life (one per distinct
    /// catalog: a streaming import borrows its catalog while the worker feeds it).
    static CATALOGS: RefCell<HashMap<String, &'static Catalog>> = RefCell::new(HashMap::new());
}

/// The catalog kept for the module's life (one copy per distinct catalog), for an import
/// or a session that borrows it.
pub(crate) fn keep(c: Catalog) -> &'static Catalog {
    let key = serde_json::to_string(&c).unwrap_or_default();
    CATALOGS.with(|m| {
        *m.borrow_mut()
            .entry(key)
            .or_insert_with(|| Box::leak(Box::new(c)))
    })
}

/// A CSV file read piece by piece (for large files in a Web Worker, with progress).
// Typed by hand in TS_STREAM: the generated declaration would also name
// `[Symbol.dispose]`, which fails to type-check for consumers whose `lib` predates it.
#[wasm_bindgen(js_name = CsvImport, skip_typescript)]
pub struct CsvImport {
    inner: Option<EstimateStream<'static>>,
}

#[wasm_bindgen(js_class = CsvImport)]
impl CsvImport {
    /// Starts an import with the options of `estimateCsv` (`omit_lines: true` keeps
    /// memory bounded on large files: aggregates only).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "EstimateOptions | undefined")] options: JsValue,
    ) -> Result<CsvImport, JsValue> {
        use_host_decoders();
        let opts = read_options(&options)?;
        let given = read_catalog_option(&options)?.map(keep);
        let catalog = catalog::given_or_batch7(given).map_err(to_js_error)?;
        Ok(CsvImport {
            inner: Some(EstimateStream::new(catalog, opts).map_err(to_js_error)?),
        })
    }

    /// Takes the next piece of the file; returns the progress. Throws a `VbpError`
    /// when the file can't be read at all (binary, no header, a missing column).
    #[wasm_bindgen(unchecked_return_type = "ImportProgress")]
    pub fn push(&mut self, piece: JsValue) -> Result<JsValue, JsValue> {
        let piece = vbp_savings_interop::bytes_arg(&piece, "piece")?;
        let piece = piece.as_slice();
        let s = self.inner.as_mut().ok_or_else(finished)?;
        to_js(&s.push(piece).map_err(to_js_error)?)
    }

    /// Reads what is left and returns the report (the import can't be used after).
    #[wasm_bindgen(unchecked_return_type = "EstimateReport")]
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let s = self.inner.take().ok_or_else(finished)?;
        to_js(&s.finish().map_err(to_js_error)?)
    }
}

fn finished() -> JsValue {
    crate::invalid("this import has finished".into(), "此次导入已结束".into())
}
